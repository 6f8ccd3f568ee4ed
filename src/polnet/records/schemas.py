"""API shapes of records. Input is validated here (types, lengths, choices); rules that
need the database (countries, uniqueness, ownership) are checked in the services."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from ninja import Schema
from pydantic import Field, ModelWrapValidatorHandler, field_validator, model_validator
from pydantic_core import PydanticCustomError

from polnet.core.actions import HitAction
from polnet.core.limits import MAX_INT, RowId
from polnet.core.sharing import RestrictionT, SharingIn
from polnet.records.models import (
    ArtworkCategory,
    DocumentKind,
    DocumentStatus,
    FirearmKind,
    FirearmStatus,
    HandlingCode,
    InformationAccuracy,
    Purpose,
    SourceReliability,
)

PurposeT = Purpose
S = TypeVar("S", bound=Schema)


@functools.cache
def for_plain_rows(schema: type[S]) -> type[S]:
    """The schema for rows that are plain dicts (a batch's lines): the same fields and rules,
    without ninja's root validator, which wraps every input in a getter for ORM objects and
    makes validation six times slower than the rules themselves."""

    class PlainRows(schema):  # type: ignore[valid-type,misc]
        @model_validator(mode="wrap")
        @classmethod
        def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
            return handler(values)

    PlainRows.__name__ = PlainRows.__qualname__ = schema.__name__
    return PlainRows


HandlingT = HandlingCode
ReliabilityT = SourceReliability
AccuracyT = InformationAccuracy
CountryCode = str  # alpha-2 or alpha-3; resolved by the services
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(value: str) -> tuple[int, int | None, int | None]:
    """'1974', '1974-08' or '1974-08-12' → (year, month, day), checked as a calendar date."""
    m = _PARTIAL_DATE.match(value.strip())
    if not m:
        raise PydanticCustomError("partial_date_format", "use YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m[1])
    month = int(m[2]) if m[2] else None
    day = int(m[3]) if m[3] else None
    if not 1850 <= year <= date.today().year:
        raise PydanticCustomError("partial_date_year", "year {year} is out of range", {"year": year})
    try:
        date(year, month or 1, day or 1)
    except ValueError as exc:  # 1974-02-30, month 13
        raise PydanticCustomError("partial_date_no_such_day", str(exc)) from None
    return year, month, day


def partial_date_or_none(value: str | None) -> str | None:
    """A date of birth as sent, checked; None when empty."""
    if value:
        parse_partial_date(value)
    return value or None


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def keep(**constraints: Any) -> Any:
    """A field of a change (PATCH): left out, it keeps its value; it is never null, because the
    value cannot be empty. Only the fields typed `X | None` take null, to clear them."""
    return Field(None, json_schema_extra=_no_default, **constraints)


class AccessIn(SharingIn):
    purpose: PurposeT
    handling_code: HandlingT = HandlingCode.H0
    source_reliability: ReliabilityT = SourceReliability.B
    information_accuracy: AccuracyT = InformationAccuracy.TWO
    bureau_only: bool = False
    review_date: date | None = None
    hit_action: HitAction | None = Field(
        None, description="What an officer does on a hit; empty: the default of the kind and purpose"
    )
    hit_action_reference: str = Field("", max_length=200, description="The warrant, for an arrest")
    hit_action_note: str = Field("", max_length=500, description="A short instruction to the officer")


class AccessPatch(Schema):
    version: int = Field(ge=1, le=MAX_INT, description="The version you read; a stale one answers 409.")
    purpose: PurposeT = keep()
    handling_code: HandlingT = keep()
    source_reliability: ReliabilityT = keep()
    information_accuracy: AccuracyT = keep()
    restriction: RestrictionT = keep()
    listed_countries: list[CountryCode] = keep(max_length=250)
    bureau_only: bool = keep()
    review_date: date = keep()
    hit_action: HitAction = keep()
    hit_action_reference: str = keep(max_length=200)
    hit_action_note: str = keep(max_length=500)


class AccessOut(Schema):
    id: int
    record_kind: Literal["person", "document", "vehicle", "firearm", "artwork"]
    owner_country: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    purpose: str
    handling_code: str
    source_reliability: str
    information_accuracy: str
    restriction: str
    listed_countries: list[str]
    bureau_only: bool
    review_date: date
    record_status: str
    state: Literal["active", "located", "recovered", "cancelled"]
    state_reason: str
    state_changed_at: datetime | None
    hit_action: str = Field(description="What an officer does on a hit (see docs/screening.md)")
    hit_action_reference: str
    hit_action_note: str
    version: int


# ---- persons ------------------------------------------------------------------------


class NameIn(Schema):
    given: str = Field("", max_length=200)
    family: str = Field("", max_length=200)
    full: str = Field("", max_length=400)
    script: str = Field("", max_length=8)
    language: str = Field("", max_length=8)
    is_alias: bool = False

    @model_validator(mode="after")
    def _not_empty(self) -> NameIn:
        if not (self.given.strip() or self.family.strip() or self.full.strip()):
            raise PydanticCustomError("name_form_missing", "a name needs a given, family or full form")
        return self


class IdentifierIn(Schema):
    kind: str = Field(min_length=1, max_length=40)
    value: str = Field(min_length=1, max_length=80)
    country: CountryCode = ""


class PersonFields(Schema):
    names: list[NameIn] = Field(min_length=1, max_length=50)
    date_of_birth: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    sex: Literal["M", "F", "U"] = "U"
    nationalities: list[CountryCode] = Field(default_factory=list, max_length=10)
    place_of_birth: str = Field("", max_length=200)
    country_of_birth: CountryCode | None = None
    identifiers: list[IdentifierIn] = Field(default_factory=list, max_length=50)
    distinguishing_marks: str = Field("", max_length=4000)

    _dob = field_validator("date_of_birth")(partial_date_or_none)


class PersonIn(AccessIn, PersonFields):
    pass


class PersonPatch(AccessPatch):
    names: list[NameIn] = keep(min_length=1, max_length=50)
    date_of_birth: str | None = None
    sex: Literal["M", "F", "U"] = keep()
    nationalities: list[CountryCode] = keep(max_length=10)
    place_of_birth: str = keep(max_length=200)
    country_of_birth: CountryCode | None = None
    identifiers: list[IdentifierIn] = keep(max_length=50)
    distinguishing_marks: str = keep(max_length=4000)

    _dob = field_validator("date_of_birth")(partial_date_or_none)


class NameOut(Schema):
    given: str
    family: str
    full: str
    script: str
    language: str
    is_alias: bool


class PersonOut(AccessOut):
    names: list[NameOut]
    date_of_birth: str | None
    sex: str
    nationalities: list[str]
    place_of_birth: str
    country_of_birth: str | None
    identifiers: list[dict[str, str]]
    distinguishing_marks: str


# ---- travel documents ------------------------------------------------------------------


class DocumentFields(Schema):
    number: str = Field(min_length=1, max_length=32)
    kind: DocumentKind = Field(description="The document's type")
    status: DocumentStatus
    date_reported: date
    holder_id: RowId | None = Field(None, description="A person record of the same country")


class DocumentIn(AccessIn, DocumentFields):
    pass


class DocumentPatch(AccessPatch):
    number: str = keep(min_length=1, max_length=32)
    kind: DocumentKind = keep(description="The document's type")
    status: DocumentStatus = keep()
    date_reported: date = keep()
    holder_id: RowId | None = Field(None, description="null: no holder")


class DocumentOut(AccessOut):
    number: str
    kind: DocumentKind = Field(description="The document's type (as sent)")
    issuing_country: str
    status: str
    date_reported: date
    holder_id: int | None = Field(description="null also when the reader may not see that person record")


# ---- vehicles ---------------------------------------------------------------------------


class VehicleFields(Schema):
    vin: str = Field("", max_length=32)
    plate: str = Field("", max_length=16)
    plate_country: CountryCode | None = None
    make: str = Field(min_length=1, max_length=64)
    model: str = Field("", max_length=64)
    colour: str = Field("", max_length=32)
    year: int | None = Field(None, ge=1886, le=2100)

    @model_validator(mode="after")
    def _identified(self) -> VehicleFields:
        if not (self.vin.strip() or self.plate.strip()):
            raise PydanticCustomError("vehicle_identifier_missing", "a vehicle needs a VIN or a plate")
        return self


class VehicleIn(AccessIn, VehicleFields):
    pass


class VehiclePatch(AccessPatch):
    vin: str = keep(max_length=32)
    plate: str = keep(max_length=16)
    plate_country: CountryCode | None = None
    make: str = keep(min_length=1, max_length=64)
    model: str = keep(max_length=64)
    colour: str = keep(max_length=32)
    year: int | None = Field(None, ge=1886, le=2100)


class VehicleOut(AccessOut):
    vin: str
    plate: str
    plate_country: str | None
    make: str
    model: str
    colour: str
    year: int | None


# ---- firearms ----------------------------------------------------------------------------


class FirearmFields(Schema):
    make: str = Field(min_length=1, max_length=64)
    model: str = Field("", max_length=64)
    calibre: str = Field("", max_length=32)
    serial_number: str = Field(min_length=1, max_length=64)
    kind: FirearmKind = Field(description="The firearm's type")
    status: FirearmStatus


class FirearmIn(AccessIn, FirearmFields):
    pass


class FirearmPatch(AccessPatch):
    make: str = keep(min_length=1, max_length=64)
    model: str = keep(max_length=64)
    calibre: str = keep(max_length=32)
    serial_number: str = keep(min_length=1, max_length=64)
    kind: FirearmKind = keep(description="The firearm's type")
    status: FirearmStatus = keep()


class FirearmOut(AccessOut):
    make: str
    model: str
    calibre: str
    serial_number: str
    kind: FirearmKind = Field(description="The firearm's type (as sent)")
    status: str


# ---- works of art -------------------------------------------------------------------------


class ArtworkFields(Schema):
    title: str = Field(min_length=1, max_length=300)
    artist: str = Field("", max_length=200)
    category: ArtworkCategory
    period: str = Field("", max_length=100)
    dimensions: str = Field("", max_length=100)
    description: str = Field("", max_length=8000)
    public: bool = Field(
        False, description="List the work on the public list of stolen works of art while it is active"
    )


class ArtworkIn(AccessIn, ArtworkFields):
    pass


class ArtworkPatch(AccessPatch):
    title: str = keep(min_length=1, max_length=300)
    artist: str = keep(max_length=200)
    category: ArtworkCategory = keep()
    period: str = keep(max_length=100)
    dimensions: str = keep(max_length=100)
    description: str = keep(max_length=8000)
    public: bool = keep()


class ArtworkOut(AccessOut):
    title: str
    artist: str
    category: str
    period: str
    dimensions: str
    description: str
    public: bool


class Page(Schema):
    count: int
    limit: int
    offset: int
    items: list[dict[str, object]]


# ---- the life of a record -------------------------------------------------------------------


class ReasonIn(Schema):
    """Located, recovered or reactivated: a note is welcome, not required."""

    reason: str = Field("", max_length=2000, description="Where, when or why; optional")


class CancelIn(Schema):
    reason: str = Field(min_length=1, max_length=2000, description="Why the record is cancelled")


class StepOut(Schema):
    act: Literal[
        "create",
        "update",
        "expire",
        "located",
        "recovered",
        "cancelled",
        "reactivated",
        "photo_add",
        "photo_remove",
    ]
    at: datetime
    fields: list[str]
    reason: str
    by: str = Field(description="The officer, for the owner country; empty for others")


class HistoryOut(Schema):
    record_kind: str
    id: int
    state: str
    steps: list[StepOut]


class PhotoOut(Schema):
    id: int
    content_type: str = Field(description="image/jpeg, image/png or image/webp")
    size: int = Field(description="Bytes, as stored (without the camera's metadata)")
    caption: str
    uploaded_at: datetime
    url: str = Field(description="The image itself, for whoever may read the record")
