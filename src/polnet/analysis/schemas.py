"""The API's input and output for projects and contributions; the page forms check with the
same input schemas (`forms.py`), so a page and the API refuse the same things."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from polnet.analysis.models import ContributionKind, ContributionRestriction, CrimeArea
from polnet.core.limits import MAX_INT
from polnet.records.models import HandlingCode, Purpose

PurposeT = Purpose
CrimeAreaT = CrimeArea
HandlingT = Literal["H0", "H1", "H2", "H3"]
ReliabilityT = Literal["A", "B", "C", "X"]
AccuracyT = Literal["1", "2", "3", "4"]
RestrictionT = Literal["all", "only_listed"]
KindT = Literal["person", "document", "vehicle", "firearm", "artwork", "notice", "hit", "list_row", "text"]
CountryCode = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]
PARTY = r"^([A-Za-z]{2}|secretariat)$"

assert set(HandlingT.__args__) == set(HandlingCode.values)  # type: ignore[attr-defined]
assert set(RestrictionT.__args__) == set(ContributionRestriction.values)  # type: ignore[attr-defined]
assert set(KindT.__args__) == set(ContributionKind.values)  # type: ignore[attr-defined]


class ProjectIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    purpose: PurposeT = Field(description="One of the listed purposes of processing")
    crime_area: CrimeAreaT
    handling_code: HandlingT = "H0"
    review_date: date = Field(description="When the project is reviewed: at most five years ahead")
    participants: list[CountryCode] = Field(
        default_factory=list,
        max_length=50,
        description="Member countries (alpha-2) invited from the start, beside the opener's own",
    )


class ProjectPatch(Schema):
    """Only the fields sent change."""

    name: str | None = Field(None, min_length=1, max_length=200)
    purpose: PurposeT | None = None
    crime_area: CrimeAreaT | None = None
    handling_code: HandlingT | None = None
    review_date: date | None = None


class InviteIn(Schema):
    party: str = Field(pattern=PARTY, description="A member country (alpha-2), or 'secretariat'")


class ParticipantOut(Schema):
    party: str = Field(description="A country code, or 'secretariat'")
    invited_at: datetime


class ProjectOut(Schema):
    id: int
    name: str
    purpose: str
    crime_area: str
    handling_code: str
    review_date: date
    owner: str = Field(description="The party that opened the project: a country code, or 'secretariat'")
    opened_at: datetime
    closed_at: datetime | None
    participants: list[ParticipantOut]


class ContributionIn(Schema):
    """An object named by kind and id, or a text (kind "text") with its grading and marking."""

    kind: KindT
    object_id: int | None = Field(None, ge=1, le=MAX_INT, description="The object's id; not for a text")
    note: str = Field("", max_length=2000, description="Why it matters (read only with the object)")
    text: str = Field("", max_length=20000)
    source_reliability: ReliabilityT | None = Field(None, description="A text's source: A, B, C or X")
    information_accuracy: AccuracyT | None = Field(None, description="A text's accuracy: 1 to 4")
    handling_code: HandlingT | None = None
    restriction: RestrictionT = "all"
    listed_countries: list[CountryCode] = Field(default_factory=list, max_length=50)


class ContributionOut(Schema):
    id: int
    kind: str
    object_id: int | None
    party: str = Field(description="The contributing party: a country code, or 'secretariat'")
    contributed_at: datetime
    label: str = Field(description="The object as its owner's policy lets the reader see it, or the text")
    note: str
    source_reliability: str
    information_accuracy: str
    handling_code: str
    owner: str
    restriction: str
    listed_countries: list[str]
    mine: bool


class ContributionPageOut(Schema):
    count: int
    limit: int
    offset: int
    by_kind: dict[str, int]
    items: list[ContributionOut]
