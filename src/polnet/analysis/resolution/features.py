"""What entity resolution compares of a person: one flat row of keys, built from the person's
names in every script, partial date of birth, sex, nationalities and identifiers.

The name keys are the screening engine's own (`screening/engine/person/names.py`), so that
the forms of one name in Cyrillic, Arabic and Latin script, and the spellings of different
transliteration systems, meet here as they meet at a border check:

- ``full_keys``: per name form, the vowel keys of its parts sorted (Mohammed Ivanov, Мухаммед
  Иванов and Muhammad Iwanow give one key; the order of the parts does not matter);
- ``full_ckeys``: the same with consonant keys (an Arabic-script form has no vowels);
- ``family_keys`` / ``given_keys``: consonant keys of each family and given part;
- ``pair_keys``: a family part's and the first given part's consonant keys, sorted (blocking);
- ``name_canon``: the canonical spelling of the first form, for typos (Jaro-Winkler).

Nothing here reads the database: `export.py` reads what the analyst may see and calls
`person_features`; the benchmark calls it on generated persons.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from polnet.screening.engine.person.names import NameToken, analyse_token, detect_script, name_forms
from polnet.screening.engine.person.types import normalise_identifier

# The columns of the table Splink reads, in order; arrays are NULL when empty.
COLUMNS: tuple[str, ...] = (
    "unique_id",
    "owner",
    "source",
    "full_keys",
    "full_ckeys",
    "family_keys",
    "given_keys",
    "initials",
    "pair_keys",
    "name_canon",
    "dob_year",
    "dob_month",
    "dob_day",
    "sex",
    "nationalities",
    "identifiers",
)
ARRAY_COLUMNS = frozenset(
    {
        "full_keys",
        "full_ckeys",
        "family_keys",
        "given_keys",
        "initials",
        "pair_keys",
        "nationalities",
        "identifiers",
    }
)


@dataclass(frozen=True, slots=True)
class Name:
    given: str = ""
    family: str = ""
    full: str = ""


@dataclass(frozen=True, slots=True)
class PersonInput:
    """A person as resolution reads them; ``key`` is the node key ("person:12", "notice:7")."""

    key: str
    owner: str  # the owner country's code; "" for the secretariat
    names: tuple[Name, ...]
    dob_year: int | None = None
    dob_month: int | None = None
    dob_day: int | None = None
    sex: str | None = None  # "M", "F", or None when unknown
    nationalities: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()


def _parts(text: str) -> list[NameToken]:
    return [t for t in (analyse_token(f) for f in name_forms(text)) if not t.particle] or [
        analyse_token(f) for f in name_forms(text)
    ]


def _split(name: Name) -> list[tuple[list[NameToken], list[NameToken]]]:
    """(given parts, family parts) of a name form. A form written only in full does not say
    which part is the family name: both ends are tried (Ivan Ivanov, Wang Wei)."""
    if name.given.strip() or name.family.strip():
        return [(_parts(name.given), _parts(name.family))]
    tokens = _parts(name.full)
    if len(tokens) < 2:
        return [([], tokens)]
    return [(tokens[:-1], tokens[-1:]), (tokens[1:], tokens[:1])]


def _text(name: Name) -> str:
    return name.full.strip() or " ".join(p.strip() for p in (name.given, name.family) if p.strip())


def _sorted_unique(values: Iterable[str]) -> list[str] | None:
    found = sorted({v for v in values if v})
    return found or None


def _dob(year: int | None, month: int | None, day: int | None) -> tuple[int | None, int | None, int | None]:
    """A month without a year, or a day without a month, says nothing and is dropped."""
    if not year:
        return None, None, None
    if not month:
        return year, None, None
    return year, month, day or None


def _first_latin(names: Sequence[Name]) -> Name | None:
    for name in names:
        if detect_script(_text(name)) == "Latn":
            return name
    return names[0] if names else None


def person_features(person: PersonInput) -> dict[str, Any] | None:
    """The row Splink compares, or None for a person with no name to compare."""
    full_keys: list[str] = []
    full_ckeys: list[str] = []
    family: list[str] = []
    given: list[str] = []
    pairs: list[str] = []
    initials: list[str] = []
    for name in person.names:
        tokens = _parts(_text(name))
        if not tokens:
            continue
        full_keys.append(" ".join(sorted(t.vkey for t in tokens)))
        full_ckeys.append(" ".join(sorted(t.ckey for t in tokens if t.ckey)))
        for given_parts, family_parts in _split(name):
            family += [t.ckey or t.canon for t in family_parts]
            given += [t.ckey or t.canon for t in given_parts]
            initials += [t.form[0] for t in given_parts[:1]]
            first = (given_parts[0].ckey or given_parts[0].canon) if given_parts else ""
            for part in family_parts:
                key = part.ckey or part.canon
                pairs.append("|".join(sorted((key, first))) if first else key)
    if not full_keys:
        return None
    latin = _first_latin(person.names)
    canon = " ".join(t.canon for t in _parts(_text(latin))) if latin else ""
    year, month, day = _dob(person.dob_year, person.dob_month, person.dob_day)
    return {
        "unique_id": person.key,
        "owner": person.owner,
        "source": person.key.split(":", 1)[0],
        "full_keys": _sorted_unique(full_keys),
        "full_ckeys": _sorted_unique(full_ckeys),
        "family_keys": _sorted_unique(family),
        "given_keys": _sorted_unique(given),
        "initials": _sorted_unique(initials),
        "pair_keys": _sorted_unique(pairs),
        "name_canon": canon or None,
        "dob_year": year,
        "dob_month": month,
        "dob_day": day,
        "sex": person.sex if person.sex in ("M", "F") else None,
        "nationalities": _sorted_unique(c.strip().upper() for c in person.nationalities),
        "identifiers": _sorted_unique(normalise_identifier(i) for i in person.identifiers),
    }
