from __future__ import annotations

import re
from collections import Counter

import pytest
from anyascii import anyascii

from polnet.identifiers.vin import validate_vin
from polnet.synthetic import (
    DOCUMENT_QUERY_KINDS,
    PERSON_CORRUPTIONS,
    VEHICLE_QUERY_KINDS,
    LabelledQuery,
    SynthName,
    SynthPerson,
    make_document_queries,
    make_person_queries,
    make_vehicle_queries,
)

from .conftest import Sample

PARTICLES = {"al", "el", "bin", "ibn", "ben", "abu", "abdul", "abdel", "van", "der", "den", "de", "la", "del"}
PARTICLES |= {"von", "da", "dos", "das", "du", "le", "di", "della", "ter", "ten", "los"}
OCR_PAIRS = {("0", "O"), ("O", "0"), ("1", "I"), ("I", "1"), ("8", "B"), ("B", "8"), ("5", "S"), ("S", "5")}


def lev(a: str, b: str) -> int:
    """Edit distance counting an adjacent transposition as one edit."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def forms(p: SynthPerson) -> list[SynthName]:
    return [n for n in p.names if not n.is_alias]


def squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def particle_variants(full: str) -> set[str]:
    words = re.split(r"[ -]", full)
    out = {squash(full), squash(full).replace("al", "el", 1), squash(full).replace("el", "al", 1)}
    for i, w in enumerate(words):
        if w.lower() in PARTICLES:
            out.add(squash("".join(words[:i] + words[i + 1 :])))
    return out


@pytest.fixture(scope="module")
def person_queries(sample: Sample) -> list[LabelledQuery]:
    return make_person_queries(sample.persons, n_true=3000, n_false=1500, seed=3)


def _check_single(kind: str, q: LabelledQuery, p: SynthPerson) -> bool:
    fs = forms(p)
    dob = (p.dob_year, p.dob_month, p.dob_day)
    got = (q.dob_year, q.dob_month, q.dob_day)
    if kind == "native_script":
        native = next(n for n in fs if n.script != "Latn")
        return (q.name, q.given, q.family) == (native.full, native.given, native.family)
    if kind == "translit_variant":
        return all(q.name != f.full for f in fs) and min(lev(q.name, f.full) for f in fs) <= len(q.name) / 2
    if kind == "particle":
        return q.name not in {f.full for f in fs} and any(
            squash(q.name) in particle_variants(f.full) for f in fs
        )
    if kind == "middle_dropped":
        return any(
            len(f.given.split()) >= 2
            and q.given in (f.given.split()[0], f.given.split()[-1])
            and q.family == f.family
            for f in fs
        )
    if kind == "middle_added":
        return any(q.family == f.family and q.given.startswith(f.given + " ") for f in fs)
    if kind == "initial":
        return any(
            q.family == f.family and q.given == " ".join([f.given[0] + ".", *f.given.split()[1:]]) for f in fs
        )
    if kind == "swap_order":
        return any((q.given, q.family) == (f.family, f.given) for f in fs)
    if kind == "typo":
        return min(lev(q.name, f.full) for f in fs) == 1
    if kind == "ocr":
        return 1 <= min(lev(q.name, f.full) for f in fs) <= 2
    if kind == "dob_year_only":
        return got == (p.dob_year, None, None) and p.dob_month is not None
    if kind == "dob_year_month":
        return got == (p.dob_year, p.dob_month, None) and p.dob_day is not None
    if kind == "dob_swap":
        return got == (p.dob_year, p.dob_day, p.dob_month) and p.dob_day != p.dob_month
    if kind == "dob_digit":
        return sum(a != b for a, b in zip(got, dob, strict=True)) == 1
    if kind == "sex_missing":
        return q.sex is None and p.sex is not None
    if kind == "nationality_missing":
        return q.nationality is None
    raise AssertionError(kind)


def test_every_person_corruption_is_produced_and_labelled(
    sample: Sample, person_queries: list[LabelledQuery]
) -> None:
    true = [q for q in person_queries if q.expected is not None]
    assert len(true) == 3000 and len(person_queries) == 4500
    seen = Counter(k for q in true for k in q.corruptions)
    assert set(seen) == set(PERSON_CORRUPTIONS)
    assert any(q.corruptions.count("typo") == 2 for q in true)
    singles = Counter()
    for q in true:
        p = sample.persons[q.expected]
        assert q.kind == "person"
        if len(q.corruptions) == 1:
            kind = q.corruptions[0]
            assert _check_single(kind, q, p), (kind, q, p)
            singles[kind] += 1
        if not q.corruptions:
            assert q.name in {f.full for f in forms(p)}
        # Fields no corruption touched are copied as they are.
        if "sex_missing" not in q.corruptions:
            assert q.sex == p.sex
        if "nationality_missing" not in q.corruptions:
            assert q.nationality in p.nationalities
        if not {"dob_year_only", "dob_year_month", "dob_swap", "dob_digit"} & set(q.corruptions):
            assert (q.dob_year, q.dob_month, q.dob_day) == (p.dob_year, p.dob_month, p.dob_day)
    assert set(singles) == set(PERSON_CORRUPTIONS), singles


def _key(text: str) -> str:
    return " ".join(sorted(re.sub(r"[^a-z ]", "", anyascii(text).lower().replace("-", " ")).split()))


def test_false_person_queries_are_not_in_the_set(sample: Sample, person_queries: list[LabelledQuery]) -> None:
    index: dict[str, list[tuple[int | None, ...]]] = {}
    for p in sample.persons:
        for n in p.names:
            index.setdefault(_key(n.full), []).append((p.dob_year, p.dob_month, p.dob_day))
    false = [q for q in person_queries if q.expected is None]
    assert len(false) == 1500
    for q in false:
        dob = (q.dob_year, q.dob_month, q.dob_day)
        for other in index.get(_key(q.name or ""), ()):
            assert not all(a is None or b is None or a == b for a, b in zip(dob, other, strict=True)), q
    # They look like true queries: same fields, scripts and corruptions.
    assert sum(bool(q.corruptions) for q in false) > len(false) / 2
    assert any(not q.name.isascii() for q in false if q.name)


def test_person_queries_are_deterministic(sample: Sample) -> None:
    persons = sample.persons[:2000]
    assert make_person_queries(persons, 200, 100, 8) == make_person_queries(persons, 200, 100, 8)
    assert make_person_queries(persons, 200, 100, 8) != make_person_queries(persons, 200, 100, 9)


def test_document_queries(sample: Sample) -> None:
    docs = sample.documents
    known = {(d.issuing_country, d.number) for d in docs}
    queries = make_document_queries(docs, n_true=600, n_false=400, seed=2)
    labels = Counter(q.corruptions for q in queries)
    assert set(labels) == {(k,) for k in DOCUMENT_QUERY_KINDS}
    assert labels[("exact",)] == labels[("ocr",)] == 300
    for q in queries:
        assert q.kind == "document" and q.number and q.country
        if q.expected is None:
            assert (q.country, q.number) not in known
            continue
        d = docs[q.expected]
        assert (q.country, q.document_kind) == (d.issuing_country, d.kind)
        if q.corruptions == ("exact",):
            assert q.number == d.number
        else:
            diff = [(a, b) for a, b in zip(d.number, q.number, strict=True) if a != b]
            assert len(diff) == 1 and diff[0] in OCR_PAIRS
            assert (q.country, q.number) not in known
    assert make_document_queries(docs, 50, 50, 2) == make_document_queries(docs, 50, 50, 2)


def test_vehicle_queries(sample: Sample) -> None:
    vehicles = sample.vehicles
    vins = {v.vin for v in vehicles}
    plates = {(v.plate_country, v.plate) for v in vehicles}
    queries = make_vehicle_queries(vehicles, n_true=400, n_false=200, seed=2)
    assert {q.corruptions[0] for q in queries} == set(VEHICLE_QUERY_KINDS)
    for q in queries:
        label = q.corruptions[0]
        v = vehicles[q.expected] if q.expected is not None else None
        if label == "vin_exact":
            assert v and q.vin == v.vin
        elif label == "vin_ocr":
            assert v and q.vin not in vins and lev(q.vin, v.vin) == 1
        elif label == "plate_exact":
            assert v and (q.country, q.plate) == (v.plate_country, v.plate)
        elif label == "plate_spacing":
            assert v and q.plate == re.sub(r"[^\w]", "", v.plate) != v.plate
        elif label == "vin_miss":
            assert v is None and q.vin not in vins
            validate_vin(q.vin)
        else:
            assert v is None and (q.country, q.plate) not in plates
