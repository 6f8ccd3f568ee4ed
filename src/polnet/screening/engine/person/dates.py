"""Partial dates of birth and how a query date compares with a record date.

Police records often know only the year, or the year and month, and clerks
swap day and month or slip one digit. A comparison therefore yields a kind
(:class:`DateMatch`) rather than a yes/no, and each kind moves the person
score by a fixed amount (:data:`DATE_CONTRIBUTION`). A missing date on either
side moves nothing.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from enum import StrEnum

from polnet.screening.engine.errors import EngineInputError, InputProblem

__all__ = [
    "BEST_WITH_ANOTHER_YEAR",
    "DATE_CONTRIBUTION",
    "DATE_STRENGTH",
    "DateComparison",
    "DateMatch",
    "PartialDate",
    "compare_dates",
    "date_kind",
    "describe",
    "parse_date",
    "parts_in_common",
]


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1000 <= self.year <= 2999:
            raise EngineInputError(InputProblem.DATE_OUT_OF_RANGE, f"year out of range: {self.year}")
        if self.month is None:
            if self.day is not None:
                raise EngineInputError(InputProblem.DAY_WITHOUT_MONTH, "a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise EngineInputError(InputProblem.DATE_OUT_OF_RANGE, f"month out of range: {self.month}")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise EngineInputError(
                    InputProblem.DATE_OUT_OF_RANGE,
                    f"day out of range: {self.year}-{self.month:02d}-{self.day}",
                )

    @property
    def is_complete(self) -> bool:
        return self.day is not None

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


_YEAR_FIRST = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_YEAR_LAST = re.compile(r"^(?:(\d{1,2})[-/.])?(\d{1,2})[-/.](\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(text: str) -> PartialDate:
    """Parse ``1974``, ``1974-08``, ``1974-08-12``, ``19740812``, ``12/08/1974``, ``08/1974``.

    Day-first is assumed when the year comes last (the ICAO and European
    order); a month-first date then shows up as "day and month swapped".
    Zero month or day ("1974-00-00") means unknown, as many registers write it.
    """
    text = text.strip()
    match = _YEAR_FIRST.match(text) or _COMPACT.match(text)
    if match:
        year, month, day = match.group(1), match.group(2), match.group(3)
    else:
        match = _YEAR_LAST.match(text)
        if not match:
            raise EngineInputError(InputProblem.DATE_UNREADABLE, f"not a date: {text!r}")
        day, month, year = match.group(1), match.group(2), match.group(3)
    month_value = int(month) if month and int(month) else None
    day_value = int(day) if day and int(day) and month_value else None
    return PartialDate(int(year), month_value, day_value)


class DateMatch(StrEnum):
    MISSING = "missing"
    EXACT = "exact"
    YEAR_MONTH = "year_month"
    YEAR = "year"
    SWAPPED = "day_month_swapped"
    DIGIT_SLIP = "digit_slip"
    YEAR_SLIP_SAME_DAY = "year_slip_same_day"
    YEAR_SLIP_SAME_MONTH = "year_slip_same_month"
    YEAR_SLIP = "year_digit_slip"
    YEAR_NEAR = "year_off_by_one"
    CONFLICT = "conflict"
    CONTRADICTION = "contradiction"


# How much each kind moves the person score. Agreement on more digits is more
# evidence; a swapped or slipped day or month within the right year is still
# evidence for the same person, since a random person rarely gets that close.
# A year one digit (or one) off is evidence for the same person only when day
# and month agree. With the month agreeing too it costs a little: one namesake
# in fifty shares the month and has a year one digit away. With the year alone
# it costs more, and only a slip a typist makes counts as one (see
# :func:`_is_key_slip`); any other year is a contradiction, since about a
# quarter of random birth years are some one digit away from any year.
# A plain contradiction is strong evidence against, less so if the year agrees.
DATE_CONTRIBUTION: dict[DateMatch, float] = {
    DateMatch.MISSING: 0.0,
    DateMatch.EXACT: 0.15,
    DateMatch.YEAR_MONTH: 0.10,
    DateMatch.YEAR: 0.06,
    DateMatch.SWAPPED: 0.08,
    DateMatch.DIGIT_SLIP: 0.05,
    DateMatch.YEAR_SLIP_SAME_DAY: 0.06,
    DateMatch.YEAR_SLIP_SAME_MONTH: -0.04,
    DateMatch.YEAR_SLIP: -0.06,
    DateMatch.YEAR_NEAR: -0.08,
    DateMatch.CONFLICT: -0.15,
    DateMatch.CONTRADICTION: -0.25,
}
# The most a date can add when the birth years differ (only slips and near years remain).
BEST_WITH_ANOTHER_YEAR = max(
    DATE_CONTRIBUTION[kind]
    for kind in (
        DateMatch.YEAR_SLIP_SAME_DAY,
        DateMatch.YEAR_SLIP_SAME_MONTH,
        DateMatch.YEAR_SLIP,
        DateMatch.YEAR_NEAR,
        DateMatch.CONTRADICTION,
    )
)
DATE_STRENGTH: dict[DateMatch, float] = {
    DateMatch.MISSING: 0.0,
    DateMatch.EXACT: 1.0,
    DateMatch.YEAR_MONTH: 0.85,
    DateMatch.YEAR: 0.7,
    DateMatch.SWAPPED: 0.8,
    DateMatch.DIGIT_SLIP: 0.6,
    DateMatch.YEAR_SLIP_SAME_DAY: 0.65,
    DateMatch.YEAR_SLIP_SAME_MONTH: 0.45,
    DateMatch.YEAR_SLIP: 0.3,
    DateMatch.YEAR_NEAR: 0.3,
    DateMatch.CONFLICT: 0.15,
    DateMatch.CONTRADICTION: 0.0,
}
_DETAIL: dict[DateMatch, str] = {
    DateMatch.MISSING: "no date of birth to compare",
    DateMatch.EXACT: "same day",
    DateMatch.YEAR_MONTH: "year and month agree",
    DateMatch.YEAR: "year agrees",
    DateMatch.SWAPPED: "day and month swapped",
    DateMatch.DIGIT_SLIP: "one digit of day or month differs or two are transposed",
    DateMatch.YEAR_SLIP_SAME_DAY: "day and month agree, year one digit or one year off",
    DateMatch.YEAR_SLIP_SAME_MONTH: "month agrees, year one digit or one year off",
    DateMatch.YEAR_SLIP: "one digit of the year differs or two are transposed",
    DateMatch.YEAR_NEAR: "year off by one",
    DateMatch.CONFLICT: "same year, month or day differ",
    DateMatch.CONTRADICTION: "different dates",
}


@dataclass(frozen=True, slots=True)
class DateComparison:
    kind: DateMatch
    strength: float
    contribution: float
    detail: str


def _is_digit_slip(a: int, b: int, width: int) -> bool:
    left, right = f"{a:0{width}d}", f"{b:0{width}d}"
    diff = [i for i in range(width) if left[i] != right[i]]
    if len(diff) == 1:
        return True
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and left[diff[0]] == right[diff[1]]
        and left[diff[1]] == right[diff[0]]
    )


# Digits next to each other on the top row of a keyboard (1 2 ... 9 0) or on the numeric
# keypad (7 8 9 / 4 5 6 / 1 2 3 / 0 under 1 and 2): a mistyped digit is nearly always one
# of these, the key beside the one meant.
_NEIGHBOURS: dict[str, str] = {
    "1": "024", "2": "0135", "3": "246", "4": "1357", "5": "2468",
    "6": "3579", "7": "468", "8": "579", "9": "068", "0": "129",
}  # fmt: skip


def _is_key_slip(a: int, b: int) -> bool:
    """Two years one mistyped digit apart: a neighbouring key, or two adjacent digits swapped.

    Used when the year is all two dates share: an unrelated year one digit away (1955 and
    1975, 1972 and 1979) is then a different person as often as a typo, so only the slips a
    typist actually makes count, and an off-by-one across a decade (1979 and 1980) does not.
    """
    left, right = f"{a:04d}", f"{b:04d}"
    diff = [i for i in range(4) if left[i] != right[i]]
    if len(diff) == 1:
        return right[diff[0]] in _NEIGHBOURS[left[diff[0]]]
    return _is_digit_slip(a, b, 4)


def date_kind(  # noqa: C901  # the table of date evidence, one case per branch, read top to bottom
    query: PartialDate | None, year: int, month: int = 0, day: int = 0
) -> DateMatch:
    """How a record date, given as numbers (0 = unknown), compares with ``query``."""
    if query is None or not year:
        return DateMatch.MISSING
    month_common = query.month is not None and month > 0
    day_common = month_common and query.day is not None and day > 0
    diffs: list[tuple[int, int, int]] = []
    if query.year != year:
        diffs.append((query.year, year, 4))
    if month_common and query.month != month:
        diffs.append((query.month or 0, month, 2))
    if day_common and query.day != day:
        diffs.append((query.day or 0, day, 2))
    if not diffs:
        if day_common:
            return DateMatch.EXACT
        return DateMatch.YEAR_MONTH if month_common else DateMatch.YEAR
    if day_common and query.year == year and (query.month, query.day) == (day, month):
        return DateMatch.SWAPPED
    if len(diffs) == 1:
        left, right, width = diffs[0]
        slip = _is_digit_slip(left, right, width)
        if width == 4 and (slip or abs(left - right) == 1):
            if day_common:
                return DateMatch.YEAR_SLIP_SAME_DAY
            if month_common:
                return DateMatch.YEAR_SLIP_SAME_MONTH
            if _is_key_slip(left, right):
                return DateMatch.YEAR_SLIP
        if width == 2 and slip:
            return DateMatch.DIGIT_SLIP
    return DateMatch.CONFLICT if query.year == year else DateMatch.CONTRADICTION


def parts_in_common(query: PartialDate | None, month: int = 0, day: int = 0) -> int:
    """How much of the date a query and a record (month, day: 0 = unknown) both know: 0
    nothing, 1 the year, 2 and the month, 3 and the day, as :func:`date_kind` compares them."""
    if query is None:
        return 0
    return min(1 + (query.month is not None) + (query.day is not None), 1 + (month > 0) + (day > 0))


def describe(kind: DateMatch, query: PartialDate | None, record: PartialDate | None) -> str:
    if query is None or record is None:
        return f"DOB: {_DETAIL[kind]}"
    return f"DOB {query} vs {record}: {_DETAIL[kind]}"


def compare_dates(query: PartialDate | None, record: PartialDate | None) -> DateComparison:
    if record is None:
        kind = DateMatch.MISSING
    else:
        kind = date_kind(query, record.year, record.month or 0, record.day or 0)
    return DateComparison(kind, DATE_STRENGTH[kind], DATE_CONTRIBUTION[kind], describe(kind, query, record))
