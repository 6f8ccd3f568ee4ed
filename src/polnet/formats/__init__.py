"""Date and time formats: one unambiguous form in every language of the network.

Officers of different countries read the same pages; "12/03/2026" is 12 March in Paris and
3 December in New York. Every language shows ISO 8601 dates (2026-12-03) and 24-hour times
in UTC, the time of the server, as the audit log and the API do. Django reads the
language packages below (FORMAT_MODULE_PATH); input formats stay Django's own.
"""

from __future__ import annotations

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "Y-m"
MONTH_DAY_FORMAT = "m-d"
FIRST_DAY_OF_WEEK = 1  # Monday, as ISO 8601

__all__ = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "FIRST_DAY_OF_WEEK",
    "MONTH_DAY_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "TIME_FORMAT",
    "YEAR_MONTH_FORMAT",
]
