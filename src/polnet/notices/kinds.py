"""The nine kinds of notice: what each is for, what it may concern, and its own content.

Kind-specific content that is not structured elsewhere (warrants, names) sits in the
notice's ``details``; its shape per kind is checked here on the way in. Whether the
content is complete is a finding of the pre-check, never a reason to refuse a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from polnet.core.errors import InvalidInput


class NoticeKind(models.TextChoices):
    RED = "red", pgettext_lazy("notice kind", "Red")
    YELLOW = "yellow", pgettext_lazy("notice kind", "Yellow")
    BLUE = "blue", pgettext_lazy("notice kind", "Blue")
    BLACK = "black", pgettext_lazy("notice kind", "Black")
    GREEN = "green", pgettext_lazy("notice kind", "Green")
    ORANGE = "orange", pgettext_lazy("notice kind", "Orange")
    PURPLE = "purple", pgettext_lazy("notice kind", "Purple")
    SILVER = "silver", pgettext_lazy("notice kind", "Silver")
    UN = "un", _("UN Security Council Special Notice")


class SubjectType(models.TextChoices):
    PERSON = "person", _("Person")
    ENTITY = "entity", _("Entity")
    OBJECT = "object", _("Object")
    EVENT = "event", _("Event")
    METHOD = "method", _("Method")


class Language(models.TextChoices):
    AR = "ar", "العربية"
    EN = "en", "English"
    FR = "fr", "Français"
    ES = "es", "Español"


# ---- kind-specific details --------------------------------------------------------------------


class _Details(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class YellowDetails(_Details):
    disappearance_date: date | None = None
    disappearance_place: str = Field("", max_length=200)
    disappearance_country: str = Field("", max_length=3)
    circumstances: str = Field("", max_length=4000)


class BlackDetails(_Details):
    found_date: date | None = None
    found_place: str = Field("", max_length=200)
    found_country: str = Field("", max_length=3)
    body_description: str = Field("", max_length=4000)
    estimated_age_min: int | None = Field(None, ge=0, le=120)
    estimated_age_max: int | None = Field(None, ge=0, le=120)


class BlueDetails(_Details):
    information_sought: str = Field("", max_length=4000)


class GreenDetails(_Details):
    criminal_history: str = Field("", max_length=4000)
    threat: str = Field("", max_length=4000)


class OrangeDetails(_Details):
    threat: str = Field("", max_length=4000)


class PurpleDetails(_Details):
    modus_operandi: str = Field("", max_length=4000)


class Asset(_Details):
    description: str = Field(min_length=1, max_length=1000)
    asset_type: str = Field("", max_length=100)
    location: str = Field("", max_length=200)
    country: str = Field("", max_length=3)
    estimated_value: str = Field("", max_length=50)


class SilverDetails(_Details):
    assets: list[Asset] = Field(default_factory=list, max_length=100)


class UnDetails(_Details):
    un_reference: str = Field("", max_length=100)
    sanctions_committee: str = Field("", max_length=200)
    listed_on: date | None = None


class RedDetails(_Details):
    pass  # its warrants are structured rows of their own


@dataclass(frozen=True)
class KindSpec:
    kind: NoticeKind
    purpose: Any  # a lazy translated string
    subjects: tuple[SubjectType, ...]
    details: type[_Details]
    needs_name: bool  # the subject must be named (a Black notice's body is not)
    public_extract: bool  # the source may ask for a public extract
    by_secretariat: bool = False  # issued by the secretariat, not requested by a bureau

    @property
    def label(self) -> str:
        return str(self.kind.label)


SPECS: dict[str, KindSpec] = {
    s.kind: s
    for s in (
        KindSpec(
            NoticeKind.RED,
            _("Locate and provisionally arrest a person pending extradition"),
            (SubjectType.PERSON,),
            RedDetails,
            needs_name=True,
            public_extract=True,
        ),
        KindSpec(
            NoticeKind.YELLOW,
            _("Locate a missing person, or identify someone who cannot identify themselves"),
            (SubjectType.PERSON,),
            YellowDetails,
            needs_name=False,
            public_extract=True,
        ),
        KindSpec(
            NoticeKind.BLUE,
            _("Collect information on a person's identity, location or activities"),
            (SubjectType.PERSON,),
            BlueDetails,
            needs_name=True,
            public_extract=False,
        ),
        KindSpec(
            NoticeKind.BLACK,
            _("Identify an unidentified body"),
            (SubjectType.PERSON,),
            BlackDetails,
            needs_name=False,
            public_extract=False,
        ),
        KindSpec(
            NoticeKind.GREEN,
            _("Warn about a person likely to repeat a serious crime"),
            (SubjectType.PERSON,),
            GreenDetails,
            needs_name=True,
            public_extract=False,
        ),
        KindSpec(
            NoticeKind.ORANGE,
            _("Warn of an imminent serious threat"),
            (SubjectType.PERSON, SubjectType.OBJECT, SubjectType.EVENT, SubjectType.METHOD),
            OrangeDetails,
            needs_name=True,
            public_extract=False,
        ),
        KindSpec(
            NoticeKind.PURPLE,
            _("Modus operandi, devices and concealment methods"),
            (SubjectType.OBJECT, SubjectType.EVENT, SubjectType.METHOD),
            PurpleDetails,
            needs_name=False,
            public_extract=False,
        ),
        KindSpec(
            NoticeKind.SILVER,
            _("Trace criminal assets"),
            (SubjectType.PERSON, SubjectType.ENTITY),
            SilverDetails,
            needs_name=True,
            public_extract=False,
        ),
        KindSpec(
            NoticeKind.UN,
            _("Persons and entities under UN Security Council sanctions"),
            (SubjectType.PERSON, SubjectType.ENTITY),
            UnDetails,
            needs_name=True,
            public_extract=True,
            by_secretariat=True,
        ),
    )
}
# The kinds whose public extracts the public web service serves, in its own URL names.
PUBLIC_KINDS = {"red": NoticeKind.RED, "yellow": NoticeKind.YELLOW, "un": NoticeKind.UN}
# Review order when two requests are as old as each other: the most urgent kinds first.
KIND_PRIORITY = {
    k: n
    for n, k in enumerate(
        (
            NoticeKind.RED,
            NoticeKind.UN,
            NoticeKind.ORANGE,
            NoticeKind.YELLOW,
            NoticeKind.BLACK,
            NoticeKind.BLUE,
            NoticeKind.GREEN,
            NoticeKind.SILVER,
            NoticeKind.PURPLE,
        )
    )
}


def spec_for(kind: str) -> KindSpec:
    try:
        return SPECS[kind]
    except KeyError:
        raise InvalidInput(
            _("Unknown notice kind %(kind)r; use one of %(kinds)s."),
            code="notice_kind_unknown",
            field="kind",
            kind=kind,
            kinds=", ".join(SPECS),
        ) from None


def clean_details(kind: str, raw: dict[str, Any] | None) -> dict[str, Any]:
    """The kind's details, typed and with nothing extra; dates become ISO strings for JSON."""
    spec = spec_for(kind)
    try:
        parsed = spec.details.model_validate(raw or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise InvalidInput(  # the details schema's own words
            str(first.get("msg", "invalid")),
            code="notice_details_invalid",
            field=f"details.{where}" if where else "details",
        ) from None
    return parsed.model_dump(mode="json")
