"""Labelled query sets for screening benchmarks.

True queries are copies of records altered the way border checks see them
(other scripts and romanisations, typos, OCR slips, partial or swapped
dates, missing fields); each records the corruptions applied and the index
of the record it should find.  False queries are newly drawn and checked
not to coincide with any record.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from polnet.synthetic.corrupt_persons import PERSON_CORRUPTIONS, make_person_queries
from polnet.synthetic.documents import number_format
from polnet.synthetic.numbering import NumberFormat
from polnet.synthetic.query import LabelledQuery
from polnet.synthetic.rows import SynthDocument, SynthVehicle
from polnet.synthetic.vehicles import MAKERS, make_vin, plate_format

__all__ = [
    "DOCUMENT_QUERY_KINDS",
    "PERSON_CORRUPTIONS",
    "VEHICLE_QUERY_KINDS",
    "LabelledQuery",
    "make_document_queries",
    "make_person_queries",
    "make_vehicle_queries",
]

# Characters that OCR of printed documents confuses, both ways.
OCR_SWAPS = {"0": "O", "O": "0", "1": "I", "I": "1", "8": "B", "B": "8", "5": "S", "S": "5"}
# VINs exclude I, O and Q, so a misread VIN may contain them.
VIN_OCR_SWAPS = {"0": "O", "1": "I", "8": "B", "B": "8", "5": "S", "S": "5", "2": "Z", "Z": "2"}
DOCUMENT_QUERY_KINDS = ("exact", "ocr", "miss", "miss_near")
VEHICLE_QUERY_KINDS = (
    "vin_exact", "vin_ocr", "plate_exact", "plate_spacing", "vin_miss", "plate_miss",
)  # fmt: skip


def _ocr(text: str, swaps: dict[str, str], rng: random.Random) -> str | None:
    spots = [i for i, ch in enumerate(text) if ch in swaps]
    if not spots:
        return None
    i = rng.choice(spots)
    return text[:i] + swaps[text[i]] + text[i + 1 :]


def _random_value(fmt: NumberFormat, rng: random.Random) -> str:
    return fmt.encode(rng.randrange(fmt.size))


def _near(text: str, rng: random.Random) -> str:
    """Change one digit to a digit OCR would not confuse it with."""
    spots = [i for i, ch in enumerate(text) if ch.isdigit()] or list(range(len(text)))
    i = rng.choice(spots)
    new = rng.choice([d for d in "2346790" if d != text[i]])
    return text[:i] + new + text[i + 1 :]


def make_document_queries(
    documents: Sequence[SynthDocument], n_true: int, n_false: int, seed: int
) -> list[LabelledQuery]:
    """Document checks by number, kind and issuing country: ``n_true`` hits
    (half exact, half with one OCR confusion) and ``n_false`` misses (half
    new numbers, half one non-confusable digit away from a real one)."""
    if (n_true or n_false) and not documents:
        raise ValueError("queries need at least one document")
    rng = random.Random(f"polnet-document-queries:{seed}")
    known = {(d.issuing_country, d.number) for d in documents}
    out: list[LabelledQuery] = []

    def query(doc: SynthDocument, number: str, label: str, expected: int | None) -> None:
        out.append(
            LabelledQuery("document", expected, (label,), number=number,
                          country=doc.issuing_country, document_kind=doc.kind)
        )  # fmt: skip

    for k in range(n_true):
        for _ in range(1000):
            i = rng.randrange(len(documents))
            doc = documents[i]
            if k % 2 == 0:
                query(doc, doc.number, "exact", i)
                break
            number = _ocr(doc.number, OCR_SWAPS, rng)
            if number and (doc.issuing_country, number) not in known:
                query(doc, number, "ocr", i)
                break
    while len(out) < n_true + n_false:
        doc = documents[rng.randrange(len(documents))]
        if len(out) % 2 == 0:
            number, label = _near(doc.number, rng), "miss_near"
        else:
            fmt = number_format(doc.issuing_country, doc.kind)
            number, label = _random_value(fmt, rng), "miss"
        if (doc.issuing_country, number) not in known:
            query(doc, number, label, None)
    rng.shuffle(out)
    return out


def _vehicle_hit(
    label: str, i: int, v: SynthVehicle, vins: set[str], rng: random.Random
) -> LabelledQuery | None:
    """A query that should find vehicle ``i``; None when this vehicle cannot make one."""
    if label == "vin_exact":
        return LabelledQuery("vehicle", i, (label,), vin=v.vin)
    if label == "vin_ocr":
        vin = _ocr(v.vin, VIN_OCR_SWAPS, rng)
        return None if vin is None or vin in vins else LabelledQuery("vehicle", i, (label,), vin=vin)
    if label == "plate_exact":
        return LabelledQuery("vehicle", i, (label,), plate=v.plate, country=v.plate_country)
    bare = "".join(ch for ch in v.plate if ch.isalnum())
    if bare == v.plate:
        return None
    return LabelledQuery("vehicle", i, (label,), plate=bare, country=v.plate_country)


def _vehicle_miss(
    v: SynthVehicle, by_vin: bool, vins: set[str], plates: set[tuple[str, str]], rng: random.Random
) -> LabelledQuery | None:
    """A valid VIN or plate like ``v``'s that no vehicle of the set has; None on a clash."""
    if by_vin:
        vin = make_vin(rng.choice(MAKERS), v.year, f"{rng.randrange(10**6):06d}", rng)
        return None if vin in vins else LabelledQuery("vehicle", None, ("vin_miss",), vin=vin)
    plate = _random_value(plate_format(v.plate_country, rng), rng)
    if (v.plate_country, plate) in plates:
        return None
    return LabelledQuery("vehicle", None, ("plate_miss",), plate=plate, country=v.plate_country)


def make_vehicle_queries(
    vehicles: Sequence[SynthVehicle], n_true: int, n_false: int, seed: int
) -> list[LabelledQuery]:
    """Vehicle checks by VIN or by plate: ``n_true`` hits (exact VIN, VIN
    with one OCR slip, exact plate, plate typed without separators) and
    ``n_false`` misses (valid VINs and plates absent from the set)."""
    if (n_true or n_false) and not vehicles:
        raise ValueError("queries need at least one vehicle")
    rng = random.Random(f"polnet-vehicle-queries:{seed}")
    vins = {v.vin for v in vehicles}
    plates = {(v.plate_country, v.plate) for v in vehicles}
    out: list[LabelledQuery] = []
    for k in range(n_true):
        label = VEHICLE_QUERY_KINDS[k % 4]
        for _ in range(1000):
            i = rng.randrange(len(vehicles))
            query = _vehicle_hit(label, i, vehicles[i], vins, rng)
            if query is not None:
                out.append(query)
                break
    while len(out) < n_true + n_false:
        v = vehicles[rng.randrange(len(vehicles))]
        miss = _vehicle_miss(v, len(out) % 2 == 0, vins, plates, rng)
        if miss is not None:
            out.append(miss)
    rng.shuffle(out)
    return out
