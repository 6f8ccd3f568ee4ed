"""API shapes of what follows publication: addenda, versions, sightings and reservations."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from polnet.notices.schemas import FindingOut, WarrantIn
from polnet.records.schemas import NameIn

ReliabilityT = Literal["A", "B", "C", "X"]


class AddendumIn(Schema):
    names: list[NameIn] = Field(
        default_factory=list, max_length=20, description="Name forms and aliases to add"
    )
    warrants: list[WarrantIn] = Field(default_factory=list, max_length=10, description="Warrants to add")
    information: str = Field("", max_length=8000, description="Information to add, in the notice's language")


class AfterDecisionIn(Schema):
    reason: str = Field("", max_length=4000, description="Required to refuse")


class AddendumOut(Schema):
    id: int
    notice_id: int
    state: str
    names: list[dict[str, Any]]
    warrants: list[dict[str, Any]]
    information: str
    photo_url: str | None
    photo_caption: str
    created_at: datetime
    first_approval_at: datetime | None
    decided_at: datetime | None
    reason: str | None = Field(description="The reviewer's, shown to the source and the secretariat")
    precheck: list[FindingOut] | None = Field(description="Shown to the source and the secretariat")
    version: int | None = Field(description="The version of the notice the addendum made")


class VersionOut(Schema):
    number: int
    at: datetime
    act: str
    addendum_id: int | None
    changes: list[dict[str, Any]]
    content: dict[str, Any]


class SightingIn(Schema):
    country: str = Field(min_length=2, max_length=3, description="Where the subject was seen")
    place: str = Field(min_length=1, max_length=200)
    seen_at: datetime
    reliability: ReliabilityT = Field(
        description="A completely, B usually, C fairly reliable, X cannot be judged"
    )
    information: str = Field("", max_length=4000)


class SightingOut(Schema):
    id: int
    notice_id: int
    reporting_country: str
    country: str
    place: str
    seen_at: datetime
    reliability: str
    information: str
    created_at: datetime


class ReservationIn(Schema):
    reason: str = Field(min_length=1, max_length=4000)


class LiftIn(Schema):
    reason: str = Field("", max_length=4000)


class ReservationOut(Schema):
    notice_id: int
    country: str
    reason: str
    created_at: datetime
    lifted_at: datetime | None
