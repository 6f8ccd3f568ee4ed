"""Engine rows as JSON lists and back, per kind: what a package's payload lines carry.

A notice's subject is a person row keyed by the notice's id (kind "notice"): the post screens
it in an index of its own beside the person records, as the server does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from polnet.screening.engine.artworks import ArtworkRow
from polnet.screening.engine.documents import DocumentRow
from polnet.screening.engine.firearms import FirearmRow
from polnet.screening.engine.person.dates import PartialDate
from polnet.screening.engine.person.types import NameEntry, PersonRow
from polnet.screening.engine.vehicles import VehicleRow


def _person_out(row: PersonRow) -> list[Any]:
    dob = row.date_of_birth
    return [
        row.record_id,
        [[n.given, n.family, n.full, n.script, n.is_alias] for n in row.names],
        [dob.year, dob.month, dob.day] if dob else None,
        row.sex,
        list(row.nationalities),
        list(row.identifiers),
    ]


def _person_in(v: list[Any]) -> PersonRow:
    dob = PartialDate(*v[2]) if v[2] else None
    names = tuple(NameEntry(g, f, full, s, bool(a)) for g, f, full, s, a in v[1])
    return PersonRow(int(v[0]), names, dob, v[3], tuple(v[4]), tuple(v[5]))


def _artwork_in(v: list[Any]) -> ArtworkRow:
    return ArtworkRow(int(v[0]), v[1], v[2], v[3], v[4], tuple(v[5]))


ENCODE: dict[str, Callable[[Any], list[Any]]] = {
    "person": _person_out,
    "document": list,
    "vehicle": list,
    "firearm": list,
    "artwork": lambda r: [*r[:5], list(r[5])],
    "notice": _person_out,
}
DECODE: dict[str, Callable[[list[Any]], Any]] = {
    "person": _person_in,
    "document": lambda v: DocumentRow(*v),
    "vehicle": lambda v: VehicleRow(*v),
    "firearm": lambda v: FirearmRow(*v),
    "artwork": _artwork_in,
    "notice": _person_in,
}

# What a hit / no hit unit's package keeps of each row: only what the engine matches on.
# Descriptions (a document's kind and status, a vehicle's make and model, a firearm's make,
# model and calibre, an artwork's description and dimensions) are details, and left out. A
# person's names keep every spelling, native scripts included (the engine matches on them),
# without their script label or alias mark. Such a line is {"k", "r"} only: no owner ("o")
# and no action asked ("a"); the server takes both from the record when a hit is uploaded.
HIT_ONLY: dict[str, Callable[[Any], Any]] = {
    "person": lambda r: PersonRow(
        r.record_id, tuple(NameEntry(n.given, n.family, n.full) for n in r.names), r.date_of_birth
    ),
    "document": lambda r: DocumentRow(r.record_id, r.number, r.issuing_country),
    "vehicle": lambda r: VehicleRow(r.record_id, r.vin, r.plate, r.plate_country),
    "firearm": lambda r: FirearmRow(r.record_id, r.serial),
    "artwork": lambda r: ArtworkRow(r.record_id, r.title, r.artist, "", "", r.phashes),
}
HIT_ONLY["notice"] = HIT_ONLY["person"]  # names and date of birth; the notice says nothing more
