"""Plain row types produced by the generator.

Rows hold only str, int, date and tuples so that callers can turn them into
database records (or JSON) without knowing anything about this package.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SynthName:
    given: str
    family: str
    full: str
    script: str  # ISO 15924 code: "Latn", "Cyrl", "Arab", "Hans", ...
    is_alias: bool


@dataclass(frozen=True, slots=True)
class SynthPerson:
    owner_country: str
    # The first name is the primary one (native script when the person's
    # locale has one), followed by Latin forms and possibly an alias.
    names: tuple[SynthName, ...]
    dob_year: int | None
    dob_month: int | None
    dob_day: int | None
    sex: str  # "M" | "F" | "U"
    nationalities: tuple[str, ...]
    place_of_birth: str
    country_of_birth: str
    identifiers: tuple[str, ...]
    distinguishing_marks: str


@dataclass(frozen=True, slots=True)
class SynthDocument:
    owner_country: str
    number: str
    kind: str  # passport | id_card | visa | residence_permit | blank_booklet
    issuing_country: str  # always owner_country: only the issuing country adds
    status: str  # stolen | lost | revoked | invalid | stolen_blank
    date_reported: datetime.date
    holder: int | None  # index into the person sequence


@dataclass(frozen=True, slots=True)
class SynthVehicle:
    owner_country: str
    vin: str
    plate: str
    plate_country: str
    make: str
    model: str
    colour: str
    year: int


@dataclass(frozen=True, slots=True)
class SynthFirearm:
    owner_country: str
    make: str
    model: str
    calibre: str
    serial: str
    kind: str  # pistol | revolver | rifle | shotgun | submachine_gun | machine_gun | other
    status: str  # lost | stolen | trafficked | smuggled


@dataclass(frozen=True, slots=True)
class SynthArtwork:
    owner_country: str
    title: str
    artist: str
    category: str
    period: str
    dimensions: str
    description: str


Row = SynthPerson | SynthDocument | SynthVehicle | SynthFirearm | SynthArtwork
