"""Common names: when the date of birth cannot tell a record from its namesakes.

Among a million records a name such as "Lee Mijeong" or "Aisha Al-Qahtani" is shared by
dozens of people. A traveller of that name who is none of them still finds one whose date
of birth agrees a little by chance: the same year, a date one digit away, or no date at
all. The name then says little, and the date has to say who it is.

So the records that match the query's name about as well as a candidate are counted among
the scored candidates (those the access policy lets this user see), and the expected number
of them whose date would compare as well by chance is worked out from how often unrelated
dates agree that closely (:data:`CHANCE_AGREEMENT`). Where that expectation is not small,
the candidate loses score in proportion to the chance that its date agrees by coincidence,
as a record-linkage weight falls with the frequency of the value that agrees (Fellegi and
Sunter 1969; Winkler 1989, frequency-based matching).

A query without a date of birth is left alone: whoever asks by name only asks for every
namesake, and gets them all.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from polnet.screening.engine.person.dates import DateMatch
from polnet.screening.engine.person.types import Feature

__all__ = ["CHANCE_AGREEMENT", "common_name_amount", "common_name_feature", "namesakes"]

# Records whose name similarity is within this of a candidate's match its name as well.
NAME_MARGIN = 0.02

# How often the date of birth of an unrelated person compares with a query date this way,
# with birth dates spread over about 70 years: same year 1/70, and month 1/840, and day
# 1/25,550; a day or month one digit off, about 14 of the 365 days; a year one digit or
# one year off, about 12 of the 70 years; a mistyped year (a neighbouring key), about 3.
# A missing date tells no one apart. Kinds that count against the record need no more.
CHANCE_AGREEMENT: dict[DateMatch, float] = {
    DateMatch.MISSING: 1.0,
    DateMatch.EXACT: 1 / 25_550,
    DateMatch.SWAPPED: 1 / 25_550,
    DateMatch.YEAR_MONTH: 1 / 840,
    DateMatch.YEAR: 1 / 70,
    DateMatch.DIGIT_SLIP: 14 / 365 / 70,
    DateMatch.YEAR_SLIP_SAME_DAY: 12 / 70 / 365,
    DateMatch.YEAR_SLIP_SAME_MONTH: 12 / 70 / 12,
    DateMatch.YEAR_SLIP: 3 / 70,
    DateMatch.YEAR_NEAR: 2 / 70,
    DateMatch.CONFLICT: 0.0,
    DateMatch.CONTRADICTION: 0.0,
}
# The most a common name can cost: a candidate the date cannot tell from many namesakes
# scores as a name with parts left out would. The cost is this times the chance that the
# date agrees by coincidence, E / (1 + E) for E expected chance agreements.
MAX_PENALTY = 0.12
# Costs under half a point are left out (and the explanation does not mention them).
SMALLEST_PENALTY = 0.005


def namesakes(name_scores: npt.NDArray[np.float64], counted: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """For each candidate, how many other ``counted`` candidates match the query's name as
    well as it does, or better."""
    ordered = np.sort(name_scores[counted])
    as_well = len(ordered) - np.searchsorted(ordered, name_scores - NAME_MARGIN, side="left")
    result: npt.NDArray[np.int64] = (as_well - counted).astype(np.int64)
    return result


def _expected(others: int, date: DateMatch) -> float:
    return others * CHANCE_AGREEMENT[date]


def common_name_amount(others: int, date: DateMatch) -> float:
    """What a candidate with ``others`` namesakes loses when its date compares as ``date``."""
    expected = _expected(others, date)
    cost = MAX_PENALTY * expected / (1 + expected)
    return -cost if cost >= SMALLEST_PENALTY else 0.0


def common_name_feature(others: int, date: DateMatch) -> Feature | None:
    amount = common_name_amount(others, date)
    if not amount:
        return None
    expected = _expected(others, date)
    detail = (
        f"common name: {others} other records match the name as well; "
        f"the date of birth would fit about {expected:.1f} of them by chance"
    )
    params = (("others", str(others)), ("expected", f"{expected:.1f}"), ("match", date.value))
    return Feature("namesakes", 0.0, False, amount, detail, code="common_name", params=params)
