"""Screening's refusals in the officer's language.

The services raise domain errors with translatable messages. The engine and the identifier
rules are libraries without Django: they raise plain errors with an English text and a
stable code, which are turned into domain errors here by that code.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.core.errors import InvalidInput
from polnet.identifiers.errors import IdentifierProblem, InputRefused
from polnet.identifiers.mrz import MRZError
from polnet.screening.engine.errors import InputProblem

# Raised by the pages themselves.
NO_CHECKS = _("Your access does not include border checks.")
NO_HIT_PANEL = _("Only a National Central Bureau follows the hits on its records.")
NO_KIND = _("There is no such check.")

_DATE = _("Enter the date of birth as YYYY-MM-DD, YYYY-MM or YYYY.")
# What the officer reads for each input the engine or an identifier rule refuses, by code.
ENGINE_MESSAGES: dict[str, Promise] = {
    InputProblem.NAME_WITHOUT_LETTER: _("Enter a name with at least one letter."),
    InputProblem.DATE_UNREADABLE: _DATE,
    InputProblem.DATE_OUT_OF_RANGE: _DATE,
    InputProblem.DAY_WITHOUT_MONTH: _DATE,
    InputProblem.SEX_UNKNOWN: _("Choose the sex from the list."),
    InputProblem.NATIONALITY_CODE: _("This is not a known country code."),
    IdentifierProblem.COUNTRY_CODE: _("This is not a known country code."),
    IdentifierProblem.DOCUMENT_NUMBER_EMPTY: _("Enter the document number."),
    IdentifierProblem.SERIAL_EMPTY: _("Enter the serial number."),
    InputProblem.VEHICLE_IDENTIFIER_MISSING: _("Enter a VIN or a number plate."),
}

# The field of a person check that each refusal is about (the name otherwise).
PERSON_FIELDS: dict[str, str] = {
    InputProblem.DATE_UNREADABLE: "date_of_birth",
    InputProblem.DATE_OUT_OF_RANGE: "date_of_birth",
    InputProblem.DAY_WITHOUT_MONTH: "date_of_birth",
    InputProblem.SEX_UNKNOWN: "sex",
    InputProblem.NATIONALITY_CODE: "nationality",
}


def engine_refused(exc: InputRefused, *, field: str) -> InvalidInput:
    return InvalidInput(ENGINE_MESSAGES[exc.code], code=exc.code, field=field)


# The parts of a machine-readable zone that can fail to read or to verify, keyed by the field
# that `MRZError.field` names.
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


def mrz_refused(exc: MRZError) -> InvalidInput:
    """The zone's failing part in the officer's words; the code says what failed there."""
    field = f"mrz.{exc.field}"
    part = MRZ_PARTS.get(exc.field)
    if part is None:
        message = _("The machine-readable zone does not read correctly.")
        return InvalidInput(message, code=exc.code, field=field)
    message = _("The machine-readable zone does not read correctly: check %(part)s.")
    return InvalidInput(message, code=exc.code, field=field, part=part)
