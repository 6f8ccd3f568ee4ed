"""Persons concerned by notices and diffusions in force, screened beside the person records.

The notices app publishes their subjects as a feed (`published_person_subjects`); this
keeps an engine person index of them, keyed by notice id, and follows the feed so a
publication, suspension, withdrawal or expiry reaches screening without a restart.
Who may get a hit on a notice is the notices policy's visibility rule, the same one its
lists and pages use. Published notices number in the thousands, not millions: the
subjects are read from the database when a process starts, never from a snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from polnet.core.actions import default_action
from polnet.core.actor import Actor, TokenScope
from polnet.notices import policy as notice_policy
from polnet.notices.models import Notice
from polnet.notices.policy import NoticeFacts
from polnet.notices.screening_feed import SubjectFeed, SubjectRow, published_person_subjects
from polnet.notices.states import IN_FORCE
from polnet.screening.engine.person.dates import PartialDate
from polnet.screening.engine.person.engine import NameEntry, PersonIndex, PersonMatch, PersonQuery, PersonRow


@dataclass(frozen=True, slots=True)
class SubjectInfo:
    """What a hit on a notice says about it, besides the match itself."""

    reference: str
    kind: str  # red, yellow, …
    channel: str  # notice or diffusion
    facts: NoticeFacts


def engine_row(row: SubjectRow) -> PersonRow:
    dob = None
    if row.dob_year:
        try:
            dob = PartialDate(row.dob_year, row.dob_month, row.dob_day if row.dob_month else None)
        except ValueError:
            dob = None
    return PersonRow(
        record_id=row.notice_id,
        names=tuple(NameEntry(n.given, n.family, n.full, n.script, n.is_alias) for n in row.names),
        date_of_birth=dob,
        sex=row.sex,
        nationalities=row.nationalities,
        identifiers=row.identifiers,
    )


class NoticeSubjects:
    """The subjects' person index and each notice's access facts; the caller holds the lock."""

    def __init__(self) -> None:
        self.engine = PersonIndex()
        self.info: dict[int, SubjectInfo] = {}
        self.seq = 0

    @classmethod
    def build(cls) -> NoticeSubjects:
        subjects = cls()
        feed = published_person_subjects()
        rows = [r for r in feed.rows if r.names]
        if rows:
            subjects.engine = PersonIndex.build(engine_row(r) for r in rows)
        subjects.info = {r.notice_id: _info(r) for r in rows}
        subjects.seq = feed.last_seq
        return subjects

    def follow(self, lock: AbstractContextManager[object]) -> int:
        """Apply what changed since the last call; returns how many notices changed.

        The feed is read without the lock; if another thread applied a newer feed meanwhile,
        this one is dropped rather than applied out of order (the next call reads again)."""
        start = self.seq
        feed = published_person_subjects(since_seq=start)
        if feed.last_seq == start:
            return 0
        with lock:
            if self.seq != start:
                return 0
            return self._apply(feed)

    def _apply(self, feed: SubjectFeed) -> int:
        for notice_id in feed.removed:
            self.engine.remove(notice_id)
            self.info.pop(notice_id, None)
        for row in feed.rows:
            if row.names:
                self.engine.update(engine_row(row))
                self.info[row.notice_id] = _info(row)
        self.seq = feed.last_seq
        return len(feed.removed) + len(feed.rows)

    def allowed_for(self, actor: Actor) -> Callable[[int], bool]:
        rule = notice_policy.visibility(actor)
        verdicts: dict[NoticeFacts, bool] = {}

        def allowed(notice_id: int) -> bool:
            info = self.info.get(notice_id)
            if info is None:
                return False
            ok = verdicts.get(info.facts)
            if ok is None:
                ok = verdicts[info.facts] = rule.holds(info.facts)
            return ok

        return allowed

    def search(
        self, actor: Actor, query: PersonQuery, *, threshold: float, limit: int
    ) -> list[tuple[PersonMatch, SubjectInfo]]:
        if not self.info:
            return []
        matches = self.engine.search(query, threshold=threshold, limit=limit, allowed=self.allowed_for(actor))
        return [(m, self.info[m.record_id]) for m in matches if m.record_id in self.info]

    def __len__(self) -> int:
        return len(self.info)


def _info(row: SubjectRow) -> SubjectInfo:
    return SubjectInfo(row.reference, row.kind, row.channel, row.facts)


@dataclass(frozen=True, slots=True)
class ScreenableSubjects:
    """The subjects an actor's person check would find, read from the notices feed."""

    rows: list[tuple[PersonRow, SubjectInfo]]  # in force, and visible to the actor
    removed: list[int]  # with ``since_seq``: notices changed since that the actor may not screen now
    last_seq: int  # the feed position they were read at


def screenable_subjects(actor: Actor, since_seq: int | None = None) -> ScreenableSubjects:
    """The subjects of notices in force that the actor may get a hit on, by the rule its online
    check applies (`NoticeSubjects.allowed_for`): all of them, or those changed after ``since_seq``
    with the others changed meanwhile as removals. An offline package reads them here."""
    feed = published_person_subjects(since_seq=since_seq)
    rule = notice_policy.visibility(actor)
    rows, removed = [], list(feed.removed)
    for row in feed.rows:
        if row.names and rule.holds(row.facts):
            rows.append((engine_row(row), _info(row)))
        elif since_seq is not None:
            removed.append(row.notice_id)
    return ScreenableSubjects(rows, sorted(removed), feed.last_seq)


def notice_owners(notice_ids: list[int]) -> dict[int, str | None]:
    """Each notice's owner country (None: the secretariat's), as a hit on its subject keeps it."""
    return dict(Notice.objects.filter(pk__in=notice_ids).values_list("pk", "owner_country_id"))


def screenable_notices(
    actor: Actor, notice_ids: list[int], actions: dict[int, tuple[str, str, str]] | None = None
) -> list[int]:
    """Those of the notices that are in force and that the actor may see, by the database now:
    the index follows the notices feed a moment late. ``actions``, when given, receives each
    one's action on a hit from the same query (none chosen: the usual one of its kind)."""
    visible = Notice.objects.filter(notice_policy.visible_q(actor), state__in=sorted(IN_FORCE))
    rows = visible.filter(pk__in=notice_ids).values_list(
        "pk", "hit_action", "hit_action_reference", "hit_action_note", "kind"
    )
    out = []
    for pk, action, reference, note, kind in rows:
        out.append(pk)
        if actions is not None:
            actions[pk] = (action or default_action("notice", notice_kind=kind), reference, note)
    return out


def notice_details(actor: Actor, notice_ids: list[int]) -> dict[int, dict[str, object]]:
    """What a hit on a notice shows a reader who sees details (the caller has checked that):
    the subject's names, the first photo when the reader may open images, and the owner bureau
    to contact. Read through the notices' visibility rule, as their pages are."""
    found = (
        Notice.objects.visible_to(actor)
        .filter(pk__in=notice_ids)
        .select_related("owner_country__bureau")
        .prefetch_related("names", "images")
    )
    photos = actor.allows_scope(TokenScope.RECORDS_READ)  # the image view asks the same
    out: dict[int, dict[str, object]] = {}
    for n in found:
        names = [x.display for x in n.names.all()]
        images = list(n.images.all())
        bureau = getattr(n.owner_country, "bureau", None) if n.owner_country_id else None
        out[n.pk] = {
            "names": [x for x in names if x],
            "photo_url": f"/notices/{n.pk}/images/{images[0].pk}/" if photos and images else "",
            "owner_bureau": {"name": bureau.name, "city": bureau.city} if bureau else None,
        }
    return out
