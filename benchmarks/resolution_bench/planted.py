"""Planted cross-country duplicates: persons drawn by polnet's synthetic generator, and copies
of some of them recorded by another country.

A copy is the generator's corrupted query of the person (`synthetic.make_person_queries`):
the name romanised by another system (ICAO 9303, the Ukrainian and Bulgarian national
systems, German and French spellings of Cyrillic; Arabic spelling variants such as
Mohammed / Muhammad), written in the native script, with typos, a middle name dropped or
added, given and family names swapped; the date of birth cut to the year or the year and
month, day and month swapped, a digit slipped; sex or nationality left out. The copy's owner
is another member country than the original's. Nothing else is planted, so namesakes in the
generated persons are real false positives.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from polnet.analysis.resolution.features import Name, PersonInput, person_features
from polnet.synthetic.corrupt_persons import make_person_queries
from polnet.synthetic.countries import member_countries
from polnet.synthetic.persons import Owners, iter_persons
from polnet.synthetic.rows import SynthPerson

MEMBERS = member_countries(40)


@dataclass
class Planted:
    rows: list[dict[str, object]]
    truth: set[tuple[str, str]]  # (lower key, higher key) of each planted pair
    persons: int
    copies: int


def _person_input(key: str, p: SynthPerson) -> PersonInput:
    return PersonInput(
        key=key,
        owner=p.owner_country,
        names=tuple(Name(n.given, n.family, n.full if not (n.given or n.family) else "") for n in p.names),
        dob_year=p.dob_year,
        dob_month=p.dob_month,
        dob_day=p.dob_day,
        sex=p.sex if p.sex in ("M", "F") else None,
        nationalities=p.nationalities,
        identifiers=p.identifiers,
    )


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def planted(persons: int, copies: int, seed: int = 1) -> Planted:
    owners = Owners(MEMBERS, persons, seed)
    drawn = list(iter_persons(owners, persons, seed))
    rng = random.Random(f"resolution-copies:{seed}")
    rows = [f for i, p in enumerate(drawn) if (f := person_features(_person_input(f"person:{i}", p)))]
    copies_of: dict[int, list[str]] = {}
    for j, q in enumerate(make_person_queries(drawn, copies, 0, seed)):
        assert q.expected is not None
        original = drawn[q.expected]
        owner = rng.choice([c for c in MEMBERS if c != original.owner_country])
        name = Name(q.given or "", q.family or "", q.name or "" if not (q.given or q.family) else "")
        copy = PersonInput(
            key=f"person:c{j}",
            owner=owner,
            names=(name,),
            dob_year=q.dob_year,
            dob_month=q.dob_month,
            dob_day=q.dob_day,
            sex=q.sex if q.sex in ("M", "F") else None,
            nationalities=(q.nationality,) if q.nationality else (),
        )
        features = person_features(copy)
        if features is None:
            continue
        rows.append(features)
        copies_of.setdefault(q.expected, []).append(copy.key)
    # Two copies of one person are the same person too.
    truth = {
        pair_key(a, b)
        for original, keys in copies_of.items()
        for i, a in enumerate([f"person:{original}", *keys])
        for b in keys[i:]
        if a != b
    }
    return Planted(rows, truth, persons, sum(len(k) for k in copies_of.values()))


def scores(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    right = len(found & truth)
    precision = right / len(found) if found else 0.0
    recall = right / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def iter_large(persons: int, seed: int = 7) -> Iterator[dict[str, object]]:
    """Many persons, for the timing: the generator's persons, one in twenty copied."""
    owners = Owners(MEMBERS, persons, seed)
    for i, p in enumerate(iter_persons(owners, persons, seed)):
        f = person_features(_person_input(f"person:{i}", p))
        if f:
            yield f
