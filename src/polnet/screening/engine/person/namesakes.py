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
namesake, and gets them all. So is a candidate that shares an identifier with the query.
"""

from __future__ import annotations

import calendar
import random
from collections import Counter

import numpy as np
import numpy.typing as npt

from polnet.screening.engine.person.dates import DateMatch, PartialDate, date_kind
from polnet.screening.engine.person.types import Feature

__all__ = [
    "CHANCE_AGREEMENT",
    "chance_agreement",
    "common_name_amount",
    "common_name_feature",
    "namesakes",
    "sample_chances",
]

# Records whose name similarity is within this of a candidate's match its name as well.
NAME_MARGIN = 0.02

# How often the date of birth of an unrelated person compares with a query date each way,
# by how much of the date both know (1: the year, 2: and the month, 3: and the day), for birth
# dates spread evenly over 1940-2009: what :func:`sample_chances` finds with a million pairs
# (a test checks the table against it). A missing date tells no one apart; kinds that count
# against the record are left out (no chance needed).
CHANCE_AGREEMENT: dict[tuple[int, DateMatch], float] = {
    (1, DateMatch.YEAR): 0.014,
    (1, DateMatch.YEAR_SLIP): 0.088,
    (2, DateMatch.YEAR_MONTH): 0.0012,
    (2, DateMatch.YEAR_SLIP_SAME_MONTH): 0.016,
    (2, DateMatch.DIGIT_SLIP): 0.0084,
    (3, DateMatch.EXACT): 3.3e-5,
    (3, DateMatch.SWAPPED): 1.6e-5,
    (3, DateMatch.DIGIT_SLIP): 6.7e-4,
    (3, DateMatch.YEAR_SLIP_SAME_DAY): 5.8e-4,
}
FIRST_YEAR, LAST_YEAR = 1940, 2009


def chance_agreement(date: DateMatch, known: int) -> float:
    """How often an unrelated date compares this way, ``known`` parts of the date in common."""
    if date == DateMatch.MISSING:
        return 1.0
    return CHANCE_AGREEMENT.get((known, date), 0.0)


def sample_chances(pairs: int, seed: int = 1) -> dict[tuple[int, DateMatch], float]:
    """How often random pairs of dates compare each way, by how much of the date they know."""
    rng = random.Random(seed)

    def draw() -> tuple[int, int, int]:
        year, month = rng.randint(FIRST_YEAR, LAST_YEAR), rng.randint(1, 12)
        return year, month, rng.randint(1, calendar.monthrange(year, month)[1])

    found: Counter[tuple[int, DateMatch]] = Counter()
    for known in (1, 2, 3):
        for _ in range(pairs):
            year, month, day = draw()
            query = PartialDate(year, month if known > 1 else None, day if known > 2 else None)
            found[known, date_kind(query, *draw())] += 1
    return {key: count / pairs for key, count in found.items()}


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


def _cost(expected: float) -> float:
    cost = MAX_PENALTY * expected / (1 + expected)
    return -cost if cost >= SMALLEST_PENALTY else 0.0


def common_name_amount(others: int, date: DateMatch, known: int) -> float:
    """What a candidate with ``others`` namesakes loses when its date compares as ``date``."""
    return _cost(others * chance_agreement(date, known))


def common_name_feature(others: int, date: DateMatch, known: int) -> Feature | None:
    """:func:`common_name_amount` as an explanation line; None when it costs nothing."""
    expected = others * chance_agreement(date, known)
    amount = _cost(expected)
    if not amount:
        return None
    detail = (
        f"common name: {others} other records match the name as well; "
        f"the date of birth would fit about {expected:.1f} of them by chance"
    )
    params = (("others", str(others)), ("expected", f"{expected:.1f}"), ("match", date.value))
    return Feature("namesakes", 0.0, False, amount, detail, code="common_name", params=params)
