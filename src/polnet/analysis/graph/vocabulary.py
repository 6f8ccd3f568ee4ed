"""What the graph is made of: the kinds of entity (node keys "<kind>:<id>") and the reasons
that link them, each with its translated label."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from polnet.core.errors import InvalidInput

RECORD_KINDS = ("person", "document", "vehicle", "firearm", "artwork")


class NodeKind(models.TextChoices):
    PERSON = "person", _("Person")
    DOCUMENT = "document", _("Travel document")
    VEHICLE = "vehicle", _("Motor vehicle")
    FIREARM = "firearm", _("Firearm")
    ARTWORK = "artwork", _("Work of art")
    NOTICE = "notice", _("Notice")
    HIT = "hit", pgettext_lazy("graph", "Hit")
    POST = "post", _("Post")
    LIST = "list", _("Passenger list")
    IDENTIFIER = "identifier", _("Identifier")


class Reason(models.TextChoices):
    """Why two entities are linked; every edge carries one."""

    HOLDER = "holder", _("Holder of the document")
    IDENTIFIER = "identifier", _("Holds the identifier")
    NAMED_IN_NOTICE = "named_in_notice", _("Named in the notice")
    HIT_ON = "hit_on", _("Hit on the entity")
    HIT_AT_POST = "hit_at_post", _("Hit at the post")
    SAME_POST_DAY = "same_post_day", _("Hit at the same post on the same day")
    ON_LIST = "on_list", _("Hit on the passenger list")
    CO_TRAVELLERS = "co_travellers", _("Co-travellers: same flight and booking")
    SAME_PERSON = "same_person", _("Confirmed as the same person")
    MANUAL = "manual", _("Added by an analyst")


class IdentifierType(models.TextChoices):
    """Identifiers found inside records; two records holding one meet at its node."""

    DOCUMENT = "document", _("Document number")
    PHONE = "phone", _("Phone number")
    EMAIL = "email", _("E-mail address")
    ADDRESS = "address", _("Address")
    VIN = "vin", _("VIN")
    PLATE = "plate", _("Number plate")
    OTHER = "other", _("Other identifier")


MAX_KEY = 96  # the length of AnalystLink.source and .target


def parse_key(key: str, field: str = "key") -> tuple[str, str]:
    """("person", "12") from "person:12"; refuses what is not a node key."""
    kind, sep, ident = key.partition(":")
    ok = sep and kind in NodeKind.values and ident and len(key) <= MAX_KEY
    if ok and kind != NodeKind.IDENTIFIER:
        ok = ident.isdigit() and len(ident) <= 18 and int(ident) > 0
    if ok and kind == NodeKind.IDENTIFIER:
        itype, sep2, value = ident.partition(":")
        ok = bool(sep2 and value) and itype in IdentifierType.values
    if not ok:
        raise InvalidInput(
            _("Not an entity of the graph: %(key)s."), code="graph_key_invalid", field=field, key=key[:100]
        )
    return kind, ident
