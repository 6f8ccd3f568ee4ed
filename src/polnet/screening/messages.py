"""Screening's refusals in the officer's language.

The services and the engine explain a refusal in English (the API returns it as is). The
check page matches the known ones here and otherwise falls back to the shared translations
(`polnet.core.error_messages`).
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from polnet.core.error_messages import user_message
from polnet.core.errors import PolnetError

# Raised by the pages themselves; error pages translate them through the catalogue.
NO_CHECKS = gettext_noop("Your access does not include border checks.")
NO_HIT_PANEL = gettext_noop("Only a National Central Bureau follows the hits on its records.")
NO_KIND = gettext_noop("There is no such check.")

_PATTERNS: list[tuple[re.Pattern[str], Promise]] = [
    (re.compile(p), m)
    for p, m in (
        (r"needs a name with at least one letter", _("Enter a name with at least one letter.")),
        (
            r"^(year|month|day) out of range|^not a date|^a day needs a month",
            _("Enter the date of birth as YYYY-MM-DD, YYYY-MM or YYYY."),
        ),
        (r"^sex must be", _("Choose the sex from the list.")),
        (r"not an ISO 3166|not a country code|alpha-2 code", _("This is not a known country code.")),
        (r"^A document number is required|^empty document number", _("Enter the document number.")),
        (r"^Give a VIN or a plate|^give a VIN or a plate", _("Enter a VIN or a number plate.")),
        (r"^A serial number is required|^empty serial number", _("Enter the serial number.")),
        (r"^You may not screen passenger lists", _("Your access does not include passenger lists.")),
        (r"^You may not screen", _("Your access does not include this database.")),
        (r"^The CSV (needs a header row|header)", _("The file needs a header row with the column names.")),
        (r"^The (CSV|JSON) file must be UTF-8", _("Save the file as UTF-8 text.")),
        # A passenger list that cannot be read names its row (batch_input).
        (
            r"^Row (?P<row>\d+) of the list\b.* is longer than",
            _("Row %(row)s of the list has a value that is too long."),
        ),
        (r"^Row (?P<row>\d+) of the list\b", _("Row %(row)s of the list cannot be read.")),
        (r"^The JSON is not valid", _("The file is not valid JSON.")),
        (r"^Send a list of passenger objects", _("The JSON file must hold a list of passengers.")),
        (r"^The passenger list is empty", _("The passenger list is empty.")),
        (r"^A passenger list has at most", _("The list is too long; split it into smaller files.")),
        (r"larger than 200 MB", _("The file is larger than 200 MB; split the list.")),
        (r"^No hit \d+", _("There is no such hit, or it is not shared with you.")),
        (
            r"^Only the unit or officer that had the hit",
            _("Only the unit or officer that had the hit reports its outcome."),
        ),
        (r"^outcome must be one of", _("Choose an outcome from the list.")),
    )
]

# The parts of a machine-readable zone that can fail to read or to verify.
MRZ_PARTS: dict[str, Promise] = {
    "format": _("the length of its lines"),
    "document_code": _("the document code"),
    "issuing_state": _("the issuing state"),
    "document_number": _("the document number"),
    "birth_date": _("the date of birth"),
    "expiry_date": _("the expiry date"),
    "nationality": _("the nationality"),
    "sex": _("the sex"),
    "names": _("the names"),
    "optional_data": _("the optional data"),
    "optional_data_2": _("the optional data"),
    "composite": _("the final check digit"),
}


def error_text(exc: PolnetError) -> str:
    """The message for the field the error names (or for the form)."""
    field = exc.field or ""
    if field.startswith("mrz."):
        part = MRZ_PARTS.get(field.removeprefix("mrz."))
        if part is not None:
            return gettext("The machine-readable zone does not read correctly: check %(part)s.") % {
                "part": part
            }
        return gettext("The machine-readable zone does not read correctly.")
    for pattern, text in _PATTERNS:
        if found := pattern.search(exc.message):
            return str(text) % found.groupdict() if found.groupdict() else str(text)
    return user_message(exc)
