"""Input the engine refuses: a stable code for each reason, and an English text.

The engine is a library without Django, so it does not translate. The screening service
turns an `EngineInputError` into a domain error in the reader's language by its `code`
(`polnet.screening.messages.ENGINE_MESSAGES`), never by its text. Errors that only a
programming mistake or a broken index file can cause stay plain ``ValueError``.
"""

from __future__ import annotations

from enum import StrEnum

from polnet.identifiers.errors import InputRefused


class InputProblem(StrEnum):
    NAME_WITHOUT_LETTER = "name_without_letter"
    DATE_UNREADABLE = "date_unreadable"
    DATE_OUT_OF_RANGE = "date_out_of_range"  # no such year, month or day
    DAY_WITHOUT_MONTH = "date_day_without_month"
    SEX_UNKNOWN = "sex_unknown"
    NATIONALITY_CODE = "nationality_code"  # not an ISO 3166 alpha-2 code
    VEHICLE_IDENTIFIER_MISSING = "vehicle_identifier_missing"


class EngineInputError(InputRefused):
    """A query or row the engine cannot use; ``code`` says why. The identifier rules the
    engine applies refuse with the same base class (`IdentifierProblem` codes)."""

    def __init__(self, code: InputProblem, message: str) -> None:
        super().__init__(code, message)
