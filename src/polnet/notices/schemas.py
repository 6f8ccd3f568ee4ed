"""API shapes of notices and diffusions. Types, lengths and choices are checked here; rules that
need the database (countries, links, who may do what) are checked by the services."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from polnet.core.actions import HitAction
from polnet.core.limits import MAX_INT, RowId
from polnet.core.sharing import RestrictionT, SharingIn
from polnet.notices.kinds import Language, NoticeKind, SubjectType
from polnet.notices.models import DecisionKind, EyeColour, HairColour, TermCategory
from polnet.records.schemas import NameIn, NameOut, partial_date_or_none

SexT = Literal["M", "F", "U"]
_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{3}$")


class WarrantIn(Schema):
    decision: DecisionKind = DecisionKind.WARRANT
    issuing_country: str = Field(min_length=2, max_length=3)
    authority: str = Field("", max_length=200)
    reference: str = Field("", max_length=100)
    issued_on: date | None = None
    charge: str = Field("", max_length=4000)
    charge_translation: str = Field("", max_length=4000)
    charge_translation_language: Language | Literal[""] = ""
    law: str = Field("", max_length=2000)
    max_penalty_months: int | None = Field(None, ge=0, le=1200, description="Maximum penalty for the offence")
    convicted: bool = Field(False, description="Sought to serve a sentence already passed")
    sentence_months: int | None = Field(None, ge=0, le=1200)
    remaining_sentence_months: int | None = Field(None, ge=0, le=1200)


class LinksIn(Schema):
    persons: list[RowId] = Field(default_factory=list, max_length=50)
    documents: list[RowId] = Field(default_factory=list, max_length=50)
    vehicles: list[RowId] = Field(default_factory=list, max_length=50)
    firearms: list[RowId] = Field(default_factory=list, max_length=50)


def _check_languages(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    for v in values:
        if not _LANGUAGE_CODE.match(v):
            raise PydanticCustomError(
                "language_code_unknown",
                "{value!r} is not a three-letter language code (ISO 639-2)",
                {"value": v},
            )
    return sorted({v.upper() for v in values})


class ContentIn(Schema):
    """What the source writes: the same for every kind, with the kind's own part in details."""

    language: Language = Language.EN
    subject_type: SubjectType = SubjectType.PERSON
    subject_description: str = Field("", max_length=8000)
    facts: str = Field("", max_length=20000)
    names: list[NameIn] = Field(default_factory=list, max_length=50)
    date_of_birth: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    sex: SexT = "U"
    nationalities: list[str] = Field(default_factory=list, max_length=10)
    place_of_birth: str = Field("", max_length=200)
    country_of_birth: str | None = None
    height_cm: int | None = Field(None, ge=30, le=260)
    weight_kg: int | None = Field(None, ge=1, le=400)
    eye_colours: list[EyeColour] = Field(default_factory=list, max_length=3)
    hair_colours: list[HairColour] = Field(default_factory=list, max_length=3)
    languages_spoken: list[str] = Field(default_factory=list, max_length=20)
    distinguishing_marks: str = Field("", max_length=4000)
    details: dict[str, Any] = Field(default_factory=dict)
    warrants: list[WarrantIn] = Field(default_factory=list, max_length=20)
    links: LinksIn = Field(default_factory=LinksIn)
    bureau_only: bool = False
    review_date: date | None = Field(None, description="At most five years ahead; five years if absent")
    hit_action: HitAction | None = Field(
        None, description="What an officer does on a hit; empty: the kind's usual action (Red: arrest)"
    )
    hit_action_reference: str = Field(
        "", max_length=200, description="The warrant, for an arrest; empty on a Red notice: its first warrant"
    )
    hit_action_note: str = Field("", max_length=500, description="A short instruction to the officer")

    _dob = field_validator("date_of_birth")(partial_date_or_none)
    _languages = field_validator("languages_spoken")(_check_languages)


class NoticeIn(ContentIn, SharingIn):
    kind: NoticeKind
    sharing_from_links: bool = Field(
        False,
        description=(
            "Share the notice exactly as widely as its most restrictive linked record allows; "
            "restriction, listed_countries and bureau_only are then ignored."
        ),
    )


class DiffusionIn(ContentIn):
    kind: NoticeKind
    recipients: list[str] = Field(
        default_factory=list, max_length=250, description="Countries to send to; empty with to_all"
    )
    to_all: bool = False

    @model_validator(mode="after")
    def _addressed(self) -> DiffusionIn:
        if self.to_all == bool(self.recipients):
            raise PydanticCustomError(
                "recipients_or_all", "name the recipient countries, or send to_all (not both)"
            )
        return self


class NoticePatch(Schema):
    """Only the fields sent change; send the version you read."""

    version: int = Field(ge=1, le=MAX_INT)
    language: Language | None = None
    subject_type: SubjectType | None = None
    subject_description: str | None = Field(None, max_length=8000)
    facts: str | None = Field(None, max_length=20000)
    names: list[NameIn] | None = Field(None, max_length=50)
    date_of_birth: str | None = None
    sex: SexT | None = None
    nationalities: list[str] | None = Field(None, max_length=10)
    place_of_birth: str | None = Field(None, max_length=200)
    country_of_birth: str | None = None
    height_cm: int | None = Field(None, ge=30, le=260)
    weight_kg: int | None = Field(None, ge=1, le=400)
    eye_colours: list[EyeColour] | None = Field(None, max_length=3)
    hair_colours: list[HairColour] | None = Field(None, max_length=3)
    languages_spoken: list[str] | None = Field(None, max_length=20)
    distinguishing_marks: str | None = Field(None, max_length=4000)
    details: dict[str, Any] | None = None
    warrants: list[WarrantIn] | None = Field(None, max_length=20)
    links: LinksIn | None = None
    restriction: RestrictionT | None = None
    listed_countries: list[str] | None = Field(None, max_length=250)
    bureau_only: bool | None = None
    review_date: date | None = None
    hit_action: HitAction | None = None
    hit_action_reference: str | None = Field(None, max_length=200)
    hit_action_note: str | None = Field(None, max_length=500)

    _dob = field_validator("date_of_birth")(partial_date_or_none)
    _languages = field_validator("languages_spoken")(_check_languages)


class ActIn(Schema):
    reason: str = Field("", max_length=4000)


class SuspendIn(ActIn):
    until: date = Field(description="The suspension ends on this date; at most six months ahead")


class PublishIn(ActIn):
    approve_extract: bool = Field(False, description="Approve the public extract the source asked for")


class TermIn(Schema):
    term: str = Field(min_length=2, max_length=200)
    language: Language
    category: TermCategory
    active: bool = True
    note: str = Field("", max_length=300)


class TermPatch(Schema):
    term: str | None = Field(None, min_length=2, max_length=200)
    category: TermCategory | None = None
    active: bool | None = None
    note: str | None = Field(None, max_length=300)


# ---- output ----------------------------------------------------------------------------------


class WarrantOut(Schema):
    decision: str
    issuing_country: str
    authority: str
    reference: str
    issued_on: date | None
    charge: str
    charge_translation: str
    charge_translation_language: str
    law: str
    max_penalty_months: int | None
    convicted: bool
    sentence_months: int | None
    remaining_sentence_months: int | None


class FindingOut(Schema):
    code: str
    field: str
    message: str
    params: dict[str, Any]


class LinkOut(Schema):
    kind: str
    id: int
    label: str


class ImageOut(Schema):
    id: int
    content_type: str
    size: int
    caption: str
    in_public_extract: bool
    url: str


class NoticeSummaryOut(Schema):
    id: int
    reference: str
    entity_id: str | None
    channel: str
    kind: str
    state: str
    owner_country: str | None
    label: str
    created_at: datetime
    submitted_at: datetime | None
    published_at: datetime | None


class NoticeOut(NoticeSummaryOut):
    version: int
    language: str
    subject_type: str
    subject_description: str
    facts: str
    names: list[NameOut]
    date_of_birth: str | None
    sex: str
    nationalities: list[str]
    place_of_birth: str
    country_of_birth: str | None
    height_cm: int | None
    weight_kg: int | None
    eye_colours: list[str]
    hair_colours: list[str]
    languages_spoken: list[str]
    distinguishing_marks: str
    details: dict[str, Any]
    warrants: list[WarrantOut]
    links: list[LinkOut]
    images: list[ImageOut]
    restriction: str
    listed_countries: list[str]
    bureau_only: bool
    review_date: date
    hit_action: str = Field(description="What an officer does on a hit (see docs/screening.md)")
    hit_action_reference: str
    hit_action_note: str
    suspended_until: date | None
    reviewed_at: datetime | None
    extract_status: str
    precheck: list[FindingOut] | None = Field(description="Shown to the source and the secretariat")
    prechecked_at: datetime | None
    first_approval: dict[str, datetime | None] | None = Field(
        None,
        description=(
            "With four eyes on: when a first reviewer approved the publication and the public "
            "extract; a second reviewer completes each. Shown to the source and the secretariat."
        ),
    )
    allowed_acts: list[str] = Field(description="What the caller may do with it now")
    from_diffusion: int | None = Field(None, description="The diffusion this request was made from")
    requests: list[int] = Field(default_factory=list, description="Requests made from this diffusion")


class EventOut(Schema):
    at: datetime
    act: str
    from_state: str
    to_state: str
    actor: str
    affiliation: str
    reason: str | None = Field(description="Shown to the source and the secretariat only")


class NoticePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[NoticeSummaryOut]


class QueueItemOut(NoticeSummaryOut):
    waiting_hours: float
    precheck_summary: dict[str, int]
    precheck: list[FindingOut]
    related: list[NoticeSummaryOut]


class NoticeNotificationOut(Schema):
    id: int
    kind: str
    message: str
    notice_id: int
    notice_reference: str
    notice_kind: str
    created_at: datetime
    read_at: datetime | None


class TermOut(Schema):
    id: int
    term: str
    language: str
    category: str
    active: bool
    note: str
    updated_at: datetime
    updated_by: str
