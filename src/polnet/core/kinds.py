"""The record kinds: one vocabulary for every app (stored value, labels, whether screened).

A unit's databases, a record model's `RECORD_KIND`, a hit's kind and the tabs of the check
page all use these values. The labels are translated where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    """The databases of the network; the value is what is stored everywhere."""

    PERSON = "person", _("Persons of interest")
    DOCUMENT = "document", _("Travel documents")
    VEHICLE = "vehicle", _("Motor vehicles")
    FIREARM = "firearm", _("Firearms")
    ARTWORK = "artwork", _("Works of art")


@dataclass(frozen=True)
class KindInfo:
    kind: RecordKind
    singular: Promise
    plural: Promise
    hint: Promise  # what the database holds, for the records index
    screened: bool  # a border check queries it


KINDS: dict[str, KindInfo] = {
    info.kind.value: info
    for info in (
        KindInfo(
            RecordKind.PERSON,
            _("Person"),
            RecordKind.PERSON.label,
            _("Names in several scripts, partial dates of birth, nationalities, identifiers"),
            screened=True,
        ),
        KindInfo(
            RecordKind.DOCUMENT,
            _("Travel document"),
            RecordKind.DOCUMENT.label,
            _("Stolen, lost and revoked passports, identity cards and visas"),
            screened=True,
        ),
        KindInfo(
            RecordKind.VEHICLE,
            _("Motor vehicle"),
            RecordKind.VEHICLE.label,
            _("Stolen motor vehicles by VIN or plate"),
            screened=True,
        ),
        KindInfo(
            RecordKind.FIREARM,
            _("Firearm"),
            RecordKind.FIREARM.label,
            _("Lost, stolen and trafficked firearms"),
            screened=True,
        ),
        KindInfo(
            RecordKind.ARTWORK,
            _("Work of art"),
            RecordKind.ARTWORK.label,
            _("Stolen cultural property"),
            screened=True,
        ),
    )
}
SCREENED_KINDS: tuple[str, ...] = tuple(kind for kind, info in KINDS.items() if info.screened)


def singular(kind: str) -> str:
    """'Travel document'; an unknown kind is shown as stored."""
    info = KINDS.get(kind)
    return str(info.singular) if info else kind


def plural(kind: str) -> str:
    info = KINDS.get(kind)
    return str(info.plural) if info else kind
