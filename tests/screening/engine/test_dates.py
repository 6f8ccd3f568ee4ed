"""Partial dates of birth and their comparison."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polnet.screening.engine.person.dates import (
    DATE_CONTRIBUTION,
    DateMatch,
    PartialDate,
    compare_dates,
    parse_date,
)


def test_partial_date_validation() -> None:
    assert str(PartialDate(1974)) == "1974"
    assert str(PartialDate(1974, 8)) == "1974-08"
    assert str(PartialDate(1974, 8, 12)) == "1974-08-12"
    assert PartialDate(2000, 2, 29).is_complete
    bad: list[tuple[int, int | None, int | None]] = [
        (1974, 13, None),
        (1974, 0, None),
        (1974, 2, 30),
        (1900, 2, 29),
        (99, None, None),
        (1974, None, 3),
    ]
    for year, month, day in bad:
        with pytest.raises(ValueError):
            PartialDate(year, month, day)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1974", PartialDate(1974)),
        ("1974-08", PartialDate(1974, 8)),
        ("1974-08-12", PartialDate(1974, 8, 12)),
        ("1974/08/12", PartialDate(1974, 8, 12)),
        ("19740812", PartialDate(1974, 8, 12)),
        ("12/08/1974", PartialDate(1974, 8, 12)),  # day first
        ("12.08.1974", PartialDate(1974, 8, 12)),
        ("08/1974", PartialDate(1974, 8)),
        ("1974-00-00", PartialDate(1974)),  # zeros mean unknown
        (" 1974-08-00 ", PartialDate(1974, 8)),
    ],
)
def test_parse_date(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "74", "1974-13-01", "31/02/1974", "yesterday", "1974-8-12-1"])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("query", "record", "kind"),
    [
        ("1974-08-12", "1974-08-12", DateMatch.EXACT),
        ("1974-08", "1974-08-12", DateMatch.YEAR_MONTH),
        ("1974", "1974-08-12", DateMatch.YEAR),
        ("1974-08-12", "1974", DateMatch.YEAR),
        ("1974-12-08", "1974-08-12", DateMatch.SWAPPED),
        ("1974-08-13", "1974-08-12", DateMatch.DIGIT_SLIP),  # 12 vs 13
        ("1974-08-21", "1974-08-12", DateMatch.DIGIT_SLIP),  # transposed
        ("1975-08-12", "1974-08-12", DateMatch.YEAR_SLIP_SAME_DAY),  # 1974 vs 1975
        ("1980-08-12", "1979-08-12", DateMatch.YEAR_SLIP_SAME_DAY),  # one year off
        ("1975-08", "1974-08-12", DateMatch.YEAR_SLIP_SAME_MONTH),
        ("1947", "1974", DateMatch.YEAR_SLIP),  # 1947 vs 1974 transposition
        ("1976", "1975", DateMatch.YEAR_SLIP),  # 6 beside 5 on the keyboard
        ("1985", "1975", DateMatch.YEAR_SLIP),  # 8 above 7 on the keypad
        # Year alone, beyond a typist's slip: another person, not a typo.
        ("1980", "1979", DateMatch.CONTRADICTION),  # one year, but three digits apart
        ("1955", "1975", DateMatch.CONTRADICTION),  # 5 and 7 are not neighbouring keys
        ("1972", "1979-04-02", DateMatch.CONTRADICTION),
        ("1962-04", "1975-04-02", DateMatch.CONTRADICTION),
        ("1974-03-01", "1974-08-12", DateMatch.CONFLICT),
        ("1990-03-01", "1974-08-12", DateMatch.CONTRADICTION),
    ],
)
def test_compare_kinds(query: str, record: str, kind: DateMatch) -> None:
    result = compare_dates(parse_date(query), parse_date(record))
    assert result.kind is kind
    assert result.contribution == DATE_CONTRIBUTION[kind]
    assert query in result.detail and record in result.detail


def test_missing_date_is_neutral() -> None:
    for query, record in [(None, PartialDate(1974)), (PartialDate(1974), None), (None, None)]:
        result = compare_dates(query, record)
        assert result.kind is DateMatch.MISSING
        assert result.contribution == 0.0


def test_contributions_order_evidence() -> None:
    c = DATE_CONTRIBUTION
    assert c[DateMatch.EXACT] > c[DateMatch.YEAR_MONTH] > c[DateMatch.YEAR] > 0
    assert c[DateMatch.SWAPPED] > 0 and c[DateMatch.DIGIT_SLIP] > 0
    assert c[DateMatch.YEAR_SLIP_SAME_DAY] > 0
    assert c[DateMatch.CONTRADICTION] < c[DateMatch.CONFLICT] < c[DateMatch.YEAR_SLIP] < 0
    # A slipped year with the month agreeing costs something, less than a year alone slipping.
    assert c[DateMatch.YEAR_SLIP] < c[DateMatch.YEAR_SLIP_SAME_MONTH] < 0
    assert "swapped" in compare_dates(parse_date("1974-12-08"), parse_date("1974-08-12")).detail


_dates = st.builds(
    lambda y, m, d, precision: PartialDate(y, m if precision > 0 else None, d if precision > 1 else None),
    st.integers(1930, 2010),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 2),
)


@given(_dates, _dates)
def test_comparison_is_symmetric(left: PartialDate, right: PartialDate) -> None:
    assert compare_dates(left, right).kind is compare_dates(right, left).kind


@given(_dates)
def test_a_date_agrees_with_itself(date: PartialDate) -> None:
    assert compare_dates(date, date).contribution > 0
