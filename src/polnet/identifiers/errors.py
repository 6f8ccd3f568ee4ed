"""Input a pure rule refuses: a stable code for each reason, and an English text.

The identifier rules and the screening engine are libraries without Django, so they do
not translate. Their callers turn an `InputRefused` into a message in the reader's
language by its `code`, never by its text. (VIN and MRZ keep their own richer errors,
`VinError` and `MRZError`, which carry a code the same way.)
"""

from __future__ import annotations

from enum import StrEnum


class IdentifierProblem(StrEnum):
    COUNTRY_CODE = "country_code"  # not an ISO 3166 or ICAO country code
    DOCUMENT_NUMBER_EMPTY = "document_number_empty"
    SERIAL_EMPTY = "serial_empty"


class InputRefused(ValueError):
    """A value a rule cannot use; ``code`` says why (a stable string), the text is English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
