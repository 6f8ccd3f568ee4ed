"""Plain value types of the person engine: rows in, queries, scored matches out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from polnet.identifiers.documents import latin_number
from polnet.screening.engine.boundary import Feature
from polnet.screening.engine.errors import EngineInputError, InputProblem
from polnet.screening.engine.person.dates import PartialDate, parse_date
from polnet.screening.engine.person.names import name_forms

__all__ = [
    "Feature",
    "NameEntry",
    "PersonMatch",
    "PersonQuery",
    "PersonRow",
    "normalise_identifier",
    "normalise_sex",
]

_SEXES = frozenset({"M", "F", "U"})
_ALPHA2 = re.compile(r"^[A-Z]{2}$")


def normalise_sex(value: str | None) -> str | None:
    """``"male"``, ``"m"``, ``"M"`` -> ``"M"``; empty -> ``None``."""
    if value is None or not value.strip():
        return None
    code = value.strip()[0].upper()
    if code not in _SEXES:
        raise EngineInputError(InputProblem.SEX_UNKNOWN, f"sex must be M, F or U: {value!r}")
    return code


def normalise_identifier(value: str) -> str:
    """Upper-case Latin letters and digits only: "l898 902-c3" -> "L898902C3"."""
    return latin_number(value)


def _nationalities(values: Iterable[str]) -> tuple[str, ...]:
    codes: list[str] = []
    for value in values:
        code = value.strip().upper()
        if not _ALPHA2.match(code):
            raise EngineInputError(
                InputProblem.NATIONALITY_CODE, f"nationality must be an ISO 3166 alpha-2 code: {value!r}"
            )
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def _identifiers(values: Iterable[str]) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        code = normalise_identifier(value)
        if code and code not in found:
            found.append(code)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One way a person's name is written: native script, Latin form, alias."""

    given: str = ""
    family: str = ""
    full: str = ""
    script: str = ""
    is_alias: bool = False

    @property
    def text(self) -> str:
        return self.full.strip() or " ".join(p.strip() for p in (self.given, self.family) if p)


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A person record as the index stores it; sex is "M", "F", "U" or None."""

    record_id: int
    names: tuple[NameEntry, ...]
    date_of_birth: PartialDate | None = None
    sex: str | None = None
    nationalities: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.record_id < 2**63:
            raise ValueError(f"record_id out of range: {self.record_id}")
        if self.sex is not None and self.sex not in _SEXES:
            raise ValueError(f"sex must be M, F, U or None: {self.sex!r}")
        object.__setattr__(self, "nationalities", _nationalities(self.nationalities))
        object.__setattr__(self, "identifiers", _identifiers(self.identifiers))


@dataclass(frozen=True, init=False)
class PersonQuery:
    """What a screening officer knows about the person in front of them.

    ``PersonQuery("Mohamed AL RASHID", date_of_birth="1974-08-12")`` is enough:
    the free-text name may be in any order and script. Several names (e.g.
    the Latin and the native spelling from a passport) can be given as a
    sequence; ``given``/``family`` add one more name built from the parts.
    """

    names: tuple[str, ...]
    date_of_birth: PartialDate | None
    sex: str | None
    nationalities: tuple[str, ...]
    identifiers: tuple[str, ...]

    def __init__(
        self,
        name: str | Iterable[str] = (),
        *,
        given: str = "",
        family: str = "",
        date_of_birth: PartialDate | str | None = None,
        sex: str | None = None,
        nationality: str | Iterable[str] = (),
        identifiers: str | Iterable[str] = (),
    ) -> None:
        names = [name] if isinstance(name, str) else list(name)
        parts = " ".join(p for p in (given.strip(), family.strip()) if p)
        if parts:
            names.append(parts)
        names = [n.strip() for n in names if name_forms(n)]
        if not names:
            raise EngineInputError(
                InputProblem.NAME_WITHOUT_LETTER, "a person query needs a name with at least one letter"
            )
        if isinstance(date_of_birth, str):
            date_of_birth = parse_date(date_of_birth) if date_of_birth.strip() else None
        nationalities = [nationality] if isinstance(nationality, str) else nationality
        identifier_list = [identifiers] if isinstance(identifiers, str) else identifiers
        object.__setattr__(self, "names", tuple(dict.fromkeys(names)))
        object.__setattr__(self, "date_of_birth", date_of_birth)
        object.__setattr__(self, "sex", normalise_sex(sex))
        object.__setattr__(self, "nationalities", _nationalities(n for n in nationalities if n))
        object.__setattr__(self, "identifiers", _identifiers(identifier_list))


@dataclass(frozen=True, slots=True)
class PersonMatch:
    record_id: int
    score: float
    explanation: tuple[Feature, ...]
