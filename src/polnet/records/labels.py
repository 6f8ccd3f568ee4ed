"""Translated names of fields and choices, for the web interface, by group name.

A model's choices are translated `TextChoices` in the model itself; the groups here are
read from them. Only values that no model field holds (the access facts of the kernel,
the scripts of a name) have their labels written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from polnet.core.actions import HitAction
from polnet.core.errors import StrOrPromise
from polnet.records import models as m
from polnet.records.subjects import Sex

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def _labels(choices: type[models.TextChoices]) -> dict[str, StrOrPromise]:
    """A model's translated choices by stored value."""
    return {str(value): label for value, label in choices.choices}


CHOICES: dict[str, Mapping[str, StrOrPromise]] = {
    "purpose": _labels(m.Purpose),
    "handling_code": _labels(m.HandlingCode),
    "handling_meaning": m.HANDLING_MEANING,
    "source_reliability": _labels(m.SourceReliability),
    "information_accuracy": _labels(m.InformationAccuracy),
    "restriction": {
        "all": _("All member countries"),
        "only_listed": _("Only the chosen countries"),
        "all_except": _("All member countries except the chosen ones"),
    },
    "record_status": {
        "active": pgettext_lazy("record status", "Active"),
        "expired": pgettext_lazy("record status", "Expired: review overdue"),
    },
    "state": _labels(m.LifeState),
    "record_act": {
        "create": pgettext_lazy("record history", "Created"),
        "update": pgettext_lazy("record history", "Changed"),
        "expire": pgettext_lazy("record history", "Expired: review overdue"),
        "located": pgettext_lazy("record history", "Marked located"),
        "recovered": pgettext_lazy("record history", "Marked recovered"),
        "cancelled": pgettext_lazy("record history", "Cancelled"),
        "reactivated": pgettext_lazy("record history", "Reactivated"),
        "photo_add": pgettext_lazy("record history", "Photo added"),
        "photo_remove": pgettext_lazy("record history", "Photo removed"),
    },
    "sex": _labels(Sex),
    "document_kind": _labels(m.DocumentKind),
    "document_status": _labels(m.DocumentStatus),
    "firearm_kind": _labels(m.FirearmKind),
    "firearm_status": _labels(m.FirearmStatus),
    "artwork_category": _labels(m.ArtworkCategory),
    "hit_action": _labels(HitAction),
}

# ISO 15924 scripts offered for a name; the API accepts any code.
SCRIPTS: dict[str, Promise] = {
    "Latn": _("Latin"),
    "Cyrl": _("Cyrillic"),
    "Arab": _("Arabic"),
    "Hans": _("Chinese (simplified)"),
    "Hant": _("Chinese (traditional)"),
    "Grek": _("Greek"),
    "Hebr": _("Hebrew"),
    "Deva": _("Devanagari"),
    "Geor": _("Georgian"),
    "Armn": _("Armenian"),
    "Thai": _("Thai"),
    "Jpan": _("Japanese"),
    "Kore": _("Korean"),
}

CHOICES["script"] = SCRIPTS

FIELDS: dict[str, StrPromise] = {
    "owner_country": _("Owner"),
    "created_by": _("Entered by"),
    "created_at": _("Entered on"),
    "updated_at": _("Last changed"),
    "purpose": _("Purpose"),
    "handling_code": _("Handling code"),
    "source_reliability": _("Source reliability"),
    "information_accuracy": _("Information accuracy"),
    "restriction": _("Who may see it"),
    "listed_countries": _("Countries"),
    "bureau_only": _("Bureaus only"),
    "review_date": _("Review date"),
    "record_status": _("Status"),
    "state": _("State"),
    "version": _("Version"),
    "names": _("Names"),
    "given": _("Given names"),
    "family": _("Family name"),
    "full": _("Full name as written"),
    "script": _("Script"),
    "language": _("Language"),
    "is_alias": _("Alias"),
    "date_of_birth": _("Date of birth"),
    "sex": _("Sex"),
    "nationalities": _("Nationalities"),
    "place_of_birth": _("Place of birth"),
    "country_of_birth": _("Country of birth"),
    "identifiers": _("Identifiers"),
    "identifier_kind": _("Identifier type"),
    "identifier_value": _("Number or value"),
    "identifier_country": _("Issued by"),
    "distinguishing_marks": _("Distinguishing marks"),
    "number": _("Document number"),
    "document_kind": _("Document type"),
    "document_status": _("Document status"),
    "issuing_country": _("Issuing country"),
    "date_reported": _("Date reported"),
    "holder_id": _("Holder (person record number)"),
    "vin": _("VIN"),
    "plate": _("Number plate"),
    "plate_country": _("Plate country"),
    "make": _("Make"),
    "model": _("Model"),
    "colour": _("Colour"),
    "year": _("Year"),
    "calibre": _("Calibre"),
    "serial_number": _("Serial number"),
    "firearm_kind": _("Firearm type"),
    "firearm_status": _("Firearm status"),
    "title": _("Title"),
    "artist": _("Artist"),
    "artwork_category": _("Category"),
    "period": _("Period"),
    "dimensions": _("Dimensions"),
    "description": _("Description"),
    "artwork_public": _("On the public list of stolen works of art"),
    "hit_action": _("Action on a hit"),
    "hit_action_reference": _("Warrant reference"),
    "hit_action_note": _("Instruction to the officer"),
}


def choice_label(group: str, value: object) -> str:
    """The translated label of a stored choice; the raw value when there is none."""
    label = CHOICES.get(group, {}).get(str(value))
    return str(label) if label is not None else str(value)


def field_label(name: str) -> str:
    label = FIELDS.get(name)
    return str(label) if label is not None else name
