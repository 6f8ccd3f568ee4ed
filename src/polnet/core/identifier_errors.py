"""The identifier rules' refusals in the reader's language.

`polnet.identifiers` is a library without Django: it raises plain errors with an English
text and a stable code. The record and screening services turn them into domain errors
here, by code, so the wording of the library never decides what a user reads.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.core.errors import InvalidInput
from polnet.identifiers.vin import VinError, VinProblem

VIN_MESSAGES: dict[VinProblem, Promise] = {
    VinProblem.LENGTH: _("A VIN has 17 characters."),
    VinProblem.CHARACTER: _("A VIN has only digits and the letters A to Z without I, O and Q."),
    VinProblem.CHECK_DIGIT: _("The check digit (9th character) of this VIN is wrong."),
}


def vin_refused(exc: VinError, *, field: str = "vin") -> InvalidInput:
    return InvalidInput(VIN_MESSAGES[exc.problem], code=exc.code, field=field)
