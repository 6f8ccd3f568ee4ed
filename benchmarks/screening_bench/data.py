"""The synthetic network, its rows in the engine's types, and labelled query sets.

Record ids are positions in the generator's streams, so a labelled query's
``expected`` index is the record id it should find. Documents are too many to
keep as generator objects at full size: they become engine rows at once, and a
regular sample is kept to draw queries from.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, replace
from typing import Any

from polnet import synthetic
from polnet.screening.engine.documents import DocumentIndex, DocumentRow
from polnet.screening.engine.person.engine import NameEntry, PartialDate, PersonQuery, PersonRow
from polnet.screening.engine.vehicles import VehicleRow
from polnet.synthetic import LabelledQuery, SynthDocument, SynthPerson, SynthVehicle

from .measure import log

COUNTRIES = 94  # every member country the generator knows
DOCUMENT_SAMPLE = 200_000  # documents kept as generator objects, to draw queries from
# Share of border checks that hit. DOMAIN.md: 115 k hits in 1.24 bn document searches
# (0.01 %); 1 % keeps enough hits in the mix to weigh on the figure.
BORDER_HITS = 0.01


@dataclass(frozen=True)
class Sizes:
    persons: int
    documents: int
    vehicles: int
    person_queries: int  # half corrupted true records, half new people
    document_queries: int
    vehicle_queries: int
    subset: int  # person queries given to the brute-force and nomenklatura baselines
    http_persons: int
    http_documents: int
    http_vehicles: int
    http_seconds: int  # wrk duration per endpoint
    batch_rows: int  # passenger-list rows timed through the service layer


QUICK = Sizes(50_000, 500_000, 50_000, 2_000, 100_000, 20_000, 200, 20_000, 200_000, 20_000, 10, 10_000)
# HTTP at full size: what `polnet seed` writes in about ten minutes on this shared machine.
FULL = Sizes(
    1_000_000, 10_000_000, 1_000_000, 4_000, 1_000_000, 100_000, 200, 150_000, 1_500_000, 150_000, 30, 50_000
)


def network(persons: int, documents: int, vehicles: int, seed: int) -> synthetic.SynthNetwork:
    return synthetic.generate(persons, documents, vehicles, 0, 0, COUNTRIES, seed)


def _dob(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    if not year:
        return None
    try:
        return PartialDate(year, month, day if month else None)
    except ValueError:
        return PartialDate(year)


def person_row(record_id: int, p: SynthPerson) -> PersonRow:
    names = tuple(NameEntry(n.given, n.family, n.full, n.script, n.is_alias) for n in p.names)
    dob = _dob(p.dob_year, p.dob_month, p.dob_day)
    return PersonRow(record_id, names, dob, p.sex, p.nationalities, p.identifiers)


def persons(count: int, seed: int) -> tuple[list[SynthPerson], list[PersonRow]]:
    log(f"generating {count:,} persons")
    people = list(network(count, 0, 0, seed).persons())
    return people, [person_row(i, p) for i, p in enumerate(people)]


@dataclass
class Documents:
    rows: list[DocumentRow]
    sample: list[SynthDocument]  # every ``stride``-th document
    stride: int


def documents(count: int, persons_count: int, seed: int, *, keep_rows: bool = True) -> Documents:
    """Engine rows of ``count`` documents (holders drawn from ``persons_count`` persons)."""
    log(f"generating {count:,} documents")
    stride = max(1, count // DOCUMENT_SAMPLE)
    sample: list[SynthDocument] = []
    rows: list[DocumentRow] = []
    for i, d in enumerate(network(persons_count, count, 0, seed).documents()):
        if i % stride == 0:
            sample.append(d)
        if keep_rows:
            rows.append(DocumentRow(i, d.number, d.issuing_country, d.kind, d.status))
    return Documents(rows, sample, stride)


def vehicles(count: int, seed: int) -> tuple[list[SynthVehicle], list[VehicleRow]]:
    log(f"generating {count:,} vehicles")
    cars = list(network(0, 0, count, seed).vehicles())
    rows = [VehicleRow(i, v.vin, v.plate, v.plate_country, v.make, v.model) for i, v in enumerate(cars)]
    return cars, rows


# ---- labelled queries ------------------------------------------------------------------------


def person_queries(people: list[SynthPerson], count: int, seed: int) -> list[LabelledQuery]:
    return synthetic.make_person_queries(people, count // 2, count - count // 2, seed)


def document_queries(
    docs: Documents, count: int, seed: int, index: DocumentIndex | None = None
) -> list[LabelledQuery]:
    """Document queries drawn from the sample; ``expected`` mapped back to record ids.

    The generator checks misses against the sample only: with the whole index at
    hand, a "miss" whose number is in fact indexed (for its country) is dropped.
    """
    drawn = synthetic.make_document_queries(docs.sample, count // 2, count - count // 2, seed)
    out: list[LabelledQuery] = []
    for q in drawn:
        if q.expected is not None:
            out.append(replace(q, expected=q.expected * docs.stride))
        elif index is None or not index.check(q.number or "", q.country).exact:
            out.append(q)
    return out


def vehicle_queries(cars: list[SynthVehicle], count: int, seed: int) -> list[LabelledQuery]:
    return synthetic.make_vehicle_queries(cars, count // 2, count - count // 2, seed)


def border_mix(queries: list[LabelledQuery], seed: int) -> list[LabelledQuery]:
    """Every false query of the labelled set, with true ones for ``BORDER_HITS`` of the mix."""
    misses = [q for q in queries if q.expected is None]
    hits = [q for q in queries if q.expected is not None]
    mixed = misses + hits[: max(1, round(len(misses) * BORDER_HITS / (1 - BORDER_HITS)))]
    random.Random(f"screening-bench-border:{seed}").shuffle(mixed)
    return mixed


def date_text(q: LabelledQuery) -> str:
    parts = [f"{q.dob_year:04d}" if q.dob_year else ""]
    if q.dob_year and q.dob_month:
        parts.append(f"{q.dob_month:02d}")
        if q.dob_day:
            parts.append(f"{q.dob_day:02d}")
    return "-".join(p for p in parts if p)


def person_query(q: LabelledQuery) -> PersonQuery:
    dob = _dob(q.dob_year, q.dob_month, q.dob_day)
    return PersonQuery(q.name or "", date_of_birth=dob, sex=q.sex, nationality=q.nationality or ())


def person_body(q: LabelledQuery) -> dict[str, Any]:
    """The same query as a JSON body of POST /api/screening/person."""
    body = {"name": q.name or "", "date_of_birth": date_text(q), "sex": q.sex or ""}
    body["nationality"] = q.nationality or ""
    return body


def document_body(q: LabelledQuery) -> dict[str, Any]:
    return {"number": q.number or "", "country": q.country or ""}


def vehicle_body(q: LabelledQuery) -> dict[str, Any]:
    if q.vin:
        return {"vin": q.vin}
    return {"plate": q.plate or "", "plate_country": q.country or ""}


def cycle(items: list[Any], count: int) -> list[Any]:
    """``count`` items, repeating the list as often as needed."""
    return list(itertools.islice(itertools.cycle(items), count))
