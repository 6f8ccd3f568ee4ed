"""The persons an analyst may see, read for entity resolution, and nothing else.

Person records come through the records' access rule (`core.policy.visible_q`), persons
concerned by notices through the notices' rule (`notices.policy.visible_q`); the travel
documents a person holds (or a notice names) add their numbers only when the analyst may see
those documents too. Records are read in primary-key chunks, so a large network streams.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from polnet.analysis.resolution.features import Name, PersonInput
from polnet.core.actor import Actor
from polnet.core.policy import visible_q
from polnet.notices.kinds import SubjectType
from polnet.notices.models import Notice, NoticeName
from polnet.records.models import Person, PersonName, TravelDocument

CHUNK = 5000


def _chunks(qs: Any) -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(qs.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return
        yield ids
        last = ids[-1]


def _names(model: Any, fk: str, ids: list[int]) -> dict[int, list[Name]]:
    out: dict[int, list[Name]] = defaultdict(list)
    rows = model.objects.filter(**{f"{fk}__in": ids}).order_by(fk, "position")
    for owner_id, given, family, full in rows.values_list(fk, "given", "family", "full"):
        out[owner_id].append(Name(given, family, full))
    return out


def _nationalities(model: Any, fk: str, ids: list[int]) -> dict[int, list[str]]:
    through: Any = model.nationalities.through
    out: dict[int, list[str]] = defaultdict(list)
    for owner_id, code in through.objects.filter(**{f"{fk}__in": ids}).values_list(fk, "country_id"):
        out[owner_id].append(code)
    return out


def _held_documents(actor: Actor, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    documents = TravelDocument.objects.filter(visible_q(actor, TravelDocument), holder_id__in=ids)
    for holder, number in documents.values_list("holder_id", "number"):
        out[holder].append(number)
    return out


def _notice_documents(actor: Actor, ids: list[int]) -> dict[int, list[str]]:
    through: Any = Notice.documents.through
    visible = TravelDocument.objects.filter(visible_q(actor, TravelDocument))
    links = through.objects.filter(notice_id__in=ids, traveldocument_id__in=visible.values("pk"))
    out: dict[int, list[str]] = defaultdict(list)
    for notice_id, number in links.values_list("notice_id", "traveldocument__number"):
        out[notice_id].append(number)
    return out


def _identifier_values(raw: Any) -> list[str]:
    return [str(i.get("value", "")) for i in (raw or []) if isinstance(i, dict) and i.get("value")]


def visible_person_records(actor: Actor) -> Iterator[PersonInput]:
    qs = Person.objects.filter(visible_q(actor, Person))
    fields = ("pk", "owner_country_id", "dob_year", "dob_month", "dob_day", "sex", "identifiers")
    for ids in _chunks(qs):
        names = _names(PersonName, "person_id", ids)
        nationalities = _nationalities(Person, "person_id", ids)
        documents = _held_documents(actor, ids)
        for pk, owner, year, month, day, sex, identifiers in Person.objects.filter(pk__in=ids).values_list(
            *fields
        ):
            if not names.get(pk):
                continue
            yield PersonInput(
                key=f"person:{pk}",
                owner=owner or "",
                names=tuple(names[pk]),
                dob_year=year,
                dob_month=month,
                dob_day=day,
                sex=sex if sex in ("M", "F") else None,
                nationalities=tuple(nationalities.get(pk, ())),
                identifiers=(*_identifier_values(identifiers), *documents.get(pk, ())),
            )


def visible_notice_persons(actor: Actor) -> Iterator[PersonInput]:
    qs = Notice.objects.visible_to(actor).filter(subject_type=SubjectType.PERSON)
    fields = ("pk", "owner_country_id", "dob_year", "dob_month", "dob_day", "sex")
    for ids in _chunks(qs):
        names = _names(NoticeName, "notice_id", ids)
        nationalities = _nationalities(Notice, "notice_id", ids)
        documents = _notice_documents(actor, ids)
        for pk, owner, year, month, day, sex in Notice.objects.filter(pk__in=ids).values_list(*fields):
            if not names.get(pk):
                continue
            yield PersonInput(
                key=f"notice:{pk}",
                owner=owner or "",
                names=tuple(names[pk]),
                dob_year=year,
                dob_month=month,
                dob_day=day,
                sex=sex if sex in ("M", "F") else None,
                nationalities=tuple(nationalities.get(pk, ())),
                identifiers=tuple(documents.get(pk, ())),
            )


def visible_persons(actor: Actor, progress: Callable[[int], None] | None = None) -> Iterator[PersonInput]:
    """Every person the analyst may see: records first, then persons of notices."""
    count = 0
    for source in (visible_person_records, visible_notice_persons):
        for person in source(actor):
            count += 1
            if progress is not None and count % CHUNK == 0:
                progress(count)
            yield person


def count_visible(actor: Actor) -> int:
    persons = Person.objects.filter(visible_q(actor, Person)).count()
    notices = Notice.objects.visible_to(actor).filter(subject_type=SubjectType.PERSON).count()
    return persons + notices


def visible_keys(actor: Actor, keys: set[str]) -> set[str]:
    """Those of the node keys whose person the reader may see now."""
    person_ids = {int(k[7:]) for k in keys if k.startswith("person:") and k[7:].isdigit()}
    notice_ids = {int(k[7:]) for k in keys if k.startswith("notice:") and k[7:].isdigit()}
    seen: set[str] = set()
    if person_ids:
        found = Person.objects.filter(visible_q(actor, Person), pk__in=person_ids).values_list(
            "pk", flat=True
        )
        seen |= {f"person:{pk}" for pk in found}
    if notice_ids:
        found = Notice.objects.visible_to(actor).filter(pk__in=notice_ids).values_list("pk", flat=True)
        seen |= {f"notice:{pk}" for pk in found}
    return seen
