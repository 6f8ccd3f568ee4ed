"""Reading records from the database as the engine's plain rows, with their access facts.

Bulk reads use `values_list` in primary-key ranges: fast for millions of rows and
the same code for one changed record.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from polnet.core.actions import default_action
from polnet.core.policy import AccessFacts, Restriction
from polnet.identifiers.normalise import normalise_identifier
from polnet.records.models import (
    Artwork,
    Firearm,
    LifeState,
    Person,
    PersonName,
    Record,
    RecordPhoto,
    TravelDocument,
    Vehicle,
)
from polnet.screening.engine.artworks import ArtworkRow
from polnet.screening.engine.documents import DocumentRow
from polnet.screening.engine.firearms import FirearmRow
from polnet.screening.engine.person.dates import PartialDate
from polnet.screening.engine.person.engine import NameEntry, PersonRow
from polnet.screening.engine.vehicles import VehicleRow

log = logging.getLogger(__name__)

CHUNK = 20_000
_ACCESS = ("id", "owner_country_id", "restriction", "bureau_only", "record_status")
# What the owner asks on a hit, read in the same query as the access facts before a hit.
_ACTION = ("hit_action", "hit_action_reference", "hit_action_note", "purpose")
Action = tuple[str, str, str]  # action, warrant reference, note


def _listed(model: type[Record], ids: list[int]) -> dict[int, frozenset[str]]:
    through: Any = model.listed_countries.through
    fk = f"{model._meta.model_name}_id"
    out: dict[int, set[str]] = defaultdict(set)
    for rid, code in through.objects.filter(**{f"{fk}__in": ids}).values_list(fk, "country_id"):
        out[rid].add(code)
    return {k: frozenset(v) for k, v in out.items()}


def _facts(kind: str, row: tuple[Any, ...], listed: dict[int, frozenset[str]]) -> AccessFacts:
    rid, owner, restriction, bureau_only, status = row[:5]
    return AccessFacts(kind, owner, restriction, listed.get(rid, frozenset()), bureau_only, status)


def access_facts(
    model: type[Record], ids: list[int], actions: dict[int, Action] | None = None
) -> dict[int, AccessFacts]:
    """The access facts of these records as the database has them now (absent: deleted, or no
    longer active: located, recovered or cancelled records are not screened). ``actions``, when
    given, receives each record's action on a hit from the same query (a record that has none
    yet: the usual one of its kind and purpose)."""
    rows = list(model.objects.filter(pk__in=ids, state=LifeState.ACTIVE).values_list(*_ACCESS, *_ACTION))
    if actions is not None:
        for r in rows:
            action, reference, note, purpose = r[5:9]
            actions[r[0]] = (action or default_action(model.RECORD_KIND, purpose=purpose), reference, note)
    restricted = [r[0] for r in rows if r[2] != Restriction.ALL_MEMBERS]
    listed = _listed(model, restricted) if restricted else {}  # the listed countries matter only then
    return {r[0]: _facts(model.RECORD_KIND, r, listed) for r in rows}


def _ranges(model: type[Record], only: list[int] | range | None, active: bool = True) -> Iterator[Any]:
    """Querysets over the whole table in primary-key chunks, over an id range, or over the given
    ids; active records only, so a record located, recovered or cancelled leaves the index
    (``active=False``: the closed ones only, for a search of closed records)."""
    for qs in _all_ranges(model, only):
        yield qs.filter(state=LifeState.ACTIVE) if active else qs.exclude(state=LifeState.ACTIVE)


def _all_ranges(model: type[Record], only: list[int] | range | None) -> Iterator[Any]:
    if isinstance(only, range):
        for start in range(only.start, only.stop, CHUNK):
            stop = min(start + CHUNK, only.stop) - 1
            yield model.objects.filter(pk__gte=start, pk__lte=stop).order_by("pk")
        return
    if only is not None:
        for i in range(0, len(only), CHUNK):
            yield model.objects.filter(pk__in=only[i : i + CHUNK]).order_by("pk")
        return
    last = 0
    while True:
        ids = list(model.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return
        yield model.objects.filter(pk__gte=ids[0], pk__lte=ids[-1]).order_by("pk")
        last = ids[-1]


def _dob(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    if year is None:
        return None
    try:
        return PartialDate(year, month, day if month else None)
    except ValueError:
        return None


def person_rows(
    only: list[int] | range | None = None, active: bool = True
) -> Iterator[tuple[PersonRow, AccessFacts]]:
    nat_through: Any = Person.nationalities.through
    for qs in _ranges(Person, only, active):
        rows = list(qs.values_list(*_ACCESS, "dob_year", "dob_month", "dob_day", "sex", "identifiers"))
        ids = [r[0] for r in rows]
        names: dict[int, list[NameEntry]] = defaultdict(list)
        for pid, given, family, full, script, alias in (
            PersonName.objects.filter(person_id__in=ids)
            .order_by("person_id", "position")
            .values_list("person_id", "given", "family", "full", "script", "is_alias")
        ):
            names[pid].append(NameEntry(given=given, family=family, full=full, script=script, is_alias=alias))
        nationalities: dict[int, list[str]] = defaultdict(list)
        for pid, code in nat_through.objects.filter(person_id__in=ids).values_list("person_id", "country_id"):
            nationalities[pid].append(code)
        listed = _listed(Person, ids)
        for r in rows:
            if not names.get(r[0]):
                continue  # nothing to match on
            idents = tuple(str(i.get("value", "")) for i in (r[9] or []) if isinstance(i, dict))
            yield (
                PersonRow(
                    record_id=r[0],
                    names=tuple(names[r[0]]),
                    date_of_birth=_dob(r[5], r[6], r[7]),
                    sex=r[8] or None,
                    nationalities=tuple(nationalities.get(r[0], ())),
                    identifiers=idents,
                ),
                _facts("person", r, listed),
            )


def document_rows(
    only: list[int] | range | None = None, active: bool = True
) -> Iterator[tuple[DocumentRow, AccessFacts]]:
    for qs in _ranges(TravelDocument, only, active):
        rows = list(qs.values_list(*_ACCESS, "number", "issuing_country_id", "kind", "status"))
        listed = _listed(TravelDocument, [r[0] for r in rows])
        for r in rows:
            yield DocumentRow(r[0], r[5], r[6], r[7], r[8]), _facts("document", r, listed)


def vehicle_rows(
    only: list[int] | range | None = None, active: bool = True
) -> Iterator[tuple[VehicleRow, AccessFacts]]:
    for qs in _ranges(Vehicle, only, active):
        rows = list(qs.values_list(*_ACCESS, "vin", "plate", "plate_country_id", "make", "model"))
        listed = _listed(Vehicle, [r[0] for r in rows])
        for r in rows:
            yield (
                VehicleRow(r[0], r[5] or None, r[6] or None, r[7] or None, r[8], r[9]),
                _facts("vehicle", r, listed),
            )


def firearm_rows(
    only: list[int] | range | None = None, active: bool = True
) -> Iterator[tuple[FirearmRow, AccessFacts]]:
    for qs in _ranges(Firearm, only, active):
        rows = list(qs.values_list(*_ACCESS, "serial_number", "make", "model", "calibre"))
        listed = _listed(Firearm, [r[0] for r in rows])
        for r in rows:
            if not normalise_identifier(r[5]):
                # Written before serials had to hold a letter or digit: nothing to compare.
                log.warning(
                    "firearm %s left out of the screening index: no letter or digit in its serial", r[0]
                )
                continue
            yield FirearmRow(r[0], r[5], r[6], r[7], r[8]), _facts("firearm", r, listed)


def artwork_rows(
    only: list[int] | range | None = None, active: bool = True
) -> Iterator[tuple[ArtworkRow, AccessFacts]]:
    for qs in _ranges(Artwork, only, active):
        rows = list(qs.values_list(*_ACCESS, "title", "artist", "description", "dimensions"))
        ids = [r[0] for r in rows]
        hashes: dict[int, list[int]] = defaultdict(list)
        photos = RecordPhoto.objects.filter(kind="artwork", record_id__in=ids, phash__isnull=False)
        for rid, phash in photos.values_list("record_id", "phash"):
            if phash is not None:
                hashes[rid].append(phash)
        listed = _listed(Artwork, ids)
        for r in rows:
            row = ArtworkRow(r[0], r[5], r[6], r[7], r[8], tuple(hashes.get(r[0], ())))
            yield row, _facts("artwork", r, listed)


ROW_READERS: dict[str, Callable[..., Iterator[tuple[Any, AccessFacts]]]] = {
    "person": person_rows,
    "document": document_rows,
    "vehicle": vehicle_rows,
    "firearm": firearm_rows,
    "artwork": artwork_rows,
}
