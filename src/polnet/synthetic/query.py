"""The labelled query type shared by all benchmark query sets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LabelledQuery:
    kind: str  # "person" | "document" | "vehicle"
    expected: int | None  # index of the record to find; None for a miss
    corruptions: tuple[str, ...]
    name: str | None = None  # free text, as typed or read
    given: str | None = None
    family: str | None = None
    dob_year: int | None = None
    dob_month: int | None = None
    dob_day: int | None = None
    sex: str | None = None
    nationality: str | None = None
    number: str | None = None  # document number
    country: str | None = None  # issuing country, or plate country
    document_kind: str | None = None
    vin: str | None = None
    plate: str | None = None
