"""What screening needs of notices: plain rows of the persons concerned by notices in force.

Every publication, suspension, resumption, withdrawal, cancellation and expiry (and every
diffusion sent, withdrawn or cancelled) writes a `NoticeChange` row in the same
transaction. A server process reads everything once, then follows the feed::

    feed = published_person_subjects()          # all, and the feed position
    ...
    feed = published_person_subjects(since_seq=feed.last_seq)
    for notice_id in feed.removed: index.remove(notice_id)
    for row in feed.rows: index.update(row)      # new, or back in force

Rows carry the notice's access facts; whether a searcher may see a hit is decided by
`polnet.notices.policy.can_see(actor, row.facts)`, the same rule as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Max, QuerySet

from polnet.notices import policy
from polnet.notices.kinds import SubjectType
from polnet.notices.models import Notice, NoticeChange
from polnet.notices.policy import NoticeFacts
from polnet.notices.states import IN_FORCE


class SubjectName(NamedTuple):
    given: str
    family: str
    full: str
    script: str
    is_alias: bool


@dataclass(frozen=True, slots=True)
class SubjectRow:
    notice_id: int
    channel: str  # "notice" or "diffusion"
    kind: str  # red, yellow, …
    reference: str  # "2026/00042"
    names: tuple[SubjectName, ...]
    dob_year: int | None
    dob_month: int | None
    dob_day: int | None
    sex: str | None  # "M", "F", or None when unknown
    nationalities: tuple[str, ...]
    identifiers: tuple[str, ...]  # numbers of linked travel documents
    facts: NoticeFacts


@dataclass(frozen=True, slots=True)
class SubjectFeed:
    rows: list[SubjectRow]  # to add or replace in the index
    removed: list[int]  # notice ids to drop from the index
    last_seq: int  # pass this as since_seq next time


def _in_force_persons() -> QuerySet[Notice]:
    return (
        Notice.objects.filter(
            state__in=sorted(IN_FORCE), subject_type=SubjectType.PERSON, names__isnull=False
        )
        .distinct()
        .prefetch_related("names", "nationalities", "listed_countries", "documents")
    )


def _row(n: Notice) -> SubjectRow:
    return SubjectRow(
        notice_id=n.pk,
        channel=n.channel,
        kind=n.kind,
        reference=n.reference,
        names=tuple(SubjectName(x.given, x.family, x.full, x.script, x.is_alias) for x in n.names.all()),
        dob_year=n.dob_year,
        dob_month=n.dob_month,
        dob_day=n.dob_day,
        sex=n.sex if n.sex in ("M", "F") else None,
        nationalities=tuple(sorted(c.pk for c in n.nationalities.all())),
        identifiers=tuple(sorted(d.number for d in n.documents.all())),
        facts=policy.facts_of(n, listed=[c.pk for c in n.listed_countries.all()]),
    )


def published_person_subjects(since_seq: int | None = None) -> SubjectFeed:
    """Persons concerned by notices and diffusions in force: all of them, or what changed after
    `since_seq`. A changed notice is re-read, so the answer reflects its state now."""
    last = NoticeChange.objects.aggregate(m=Max("seq"))["m"] or 0
    qs = _in_force_persons()
    if since_seq is None:
        return SubjectFeed([_row(n) for n in qs.order_by("pk")], [], last)
    changed = set(
        NoticeChange.objects.filter(seq__gt=since_seq, seq__lte=last).values_list("notice_id", flat=True)
    )
    rows = [_row(n) for n in qs.filter(pk__in=changed).order_by("pk")]
    present = {r.notice_id for r in rows}
    return SubjectFeed(rows, sorted(changed - present), last)
