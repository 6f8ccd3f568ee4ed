"""Domain errors in the reader's language.

Services raise PolnetError with an English message (the API returns it as is). The web
pages show the same error translated: known messages are matched here, and anything
unknown is shown as written rather than hidden.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from polnet.core.errors import PolnetError

_PATTERNS: list[tuple[re.Pattern[str], Promise]] = [
    (re.compile(p), m)
    for p, m in (
        # records
        (r"^This token may not read records", _("This access may not read records.")),
        (r"hit / no hit: it does not see record details", _("Your unit sees hits only, not record details.")),
        (r"^No \w+ record \d+", _("There is no such record, or it is not shared with you.")),
        (r"^Unknown record kind", _("There is no such database.")),
        (r"^The review date is in the past", _("The review date is in the past.")),
        (r"^The review date must be at most", _("The review date may be at most five years ahead.")),
        (r"must be empty when restriction is 'all'", _("Choose no countries when all members may see it.")),
        (r"needs at least one listed country", _("Choose at least one country.")),
        (r"out of your own reach", _("This change would take the record out of your own reach.")),
        (r"^You may not create", _("You may not create records in this database.")),
        (r"^Only the owner bureau", _("Only the bureau that owns this record may change it.")),
        (r"^The record changed since you read it", _("Someone changed this record since you opened it.")),
        (r"is not an ISO 3166 country code", _("This is not a known country.")),
        (r"^A country is required", _("Choose a country.")),
        (r"^The document number has no letters", _("The document number has no letters or digits.")),
        (r"^The holder must be a person record", _("The holder must be a person record of your country.")),
        (r"numbered \w+ is already recorded", _("A document of this type and number is already recorded.")),
        (r"^A vehicle needs a VIN or a plate", _("Enter a VIN or a number plate.")),
        (r"^a VIN has 17 characters", _("A VIN has 17 characters.")),
        (r"is not allowed in a VIN", _("A VIN has only digits and the letters A to Z without I, O and Q.")),
        (r"^check digit \(position 9\)", _("The check digit (9th character) of this VIN is wrong.")),
        (r"^page must be a number", _("The page number is not valid.")),
        (r"^Unknown filter", _("This filter does not apply to this database.")),
        # network
        (r"^Only a system administrator", _("Only a system administrator may do this.")),
        (r"^Only an administrator of this bureau", _("Only an administrator of this bureau may do this.")),
        (r"^Only a bureau administrator manages", _("Only a bureau administrator may do this.")),
        (r"^A unit needs a name", _("A unit needs a name.")),
        (r"already has a unit named", _("Your bureau already has a unit with this name.")),
        (r"^Unknown database", _("Choose databases from the list.")),
        (r"^A unit officer must belong to a unit", _("A unit officer must belong to a unit.")),
        (r"^Only unit officers belong to a unit", _("Only unit officers belong to a unit.")),
        (r"^A user needs a username", _("A user needs a username.")),
        (r"^The username .* is taken", _("This username is taken.")),
        (r"^A token needs at least one scope", _("Choose at least one scope.")),
        (r"^A token lasts", _("A token lasts from 1 to 366 days.")),
        (r"^Unknown scope", _("Choose scopes from the list.")),
        (
            r"^The network:admin scope is only for",
            _("Only a bureau administrator's token may administer the network."),
        ),
        (r"^No such (user|unit|token)", _("There is no such entry in your bureau.")),
        (r"^A second factor is already set up", _("A second factor is already set up for this account.")),
        (r"^There is no second factor to confirm", _("There is no second factor to confirm.")),
    )
]


def translated(message: str) -> str:
    for pattern, text in _PATTERNS:
        if pattern.search(message):
            return str(text)
    return gettext(message)


def user_message(exc: PolnetError) -> str:
    return translated(exc.message)


def idle_minutes() -> int:
    return max(1, int(settings.SESSION_COOKIE_AGE) // 60)
