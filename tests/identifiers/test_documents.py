"""Document numbers and issuing countries, checked against the ICAO Doc 9303 specimens."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polnet.identifiers.documents import (
    document_number_check_digit,
    latin_number,
    normalise_country,
    normalise_document_number,
)
from polnet.identifiers.mrz import parse_mrz

# Doc 9303 specimens: the TD3 passport (Part 4), the TD1 card (Part 5) and its long number.
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1_LONG = (
    "I<UTOD23145890<7349<<<<<<<<<<<",
    "3407127M9507122UTO<<<<<<<<<<<2",
    "STEVENSON<<PETER<JOHN<<<<<<<<<",
)


@pytest.mark.parametrize(
    ("number", "digit"),
    [
        ("L898902C3", "6"),  # TD3 specimen, line 2 position 10
        ("D23145890", "7"),  # TD1 and TD2 specimens
        ("D23145890734", "9"),  # TD1 long number: checked over all twelve characters
        ("l898 902-c3", "6"),  # as typed: separators and case do not change the number
    ],
)
def test_the_check_digit_of_the_specimen_numbers(number: str, digit: str) -> None:
    assert document_number_check_digit(number) == digit


def test_a_short_number_is_checked_with_its_field_fillers() -> None:
    # "AB12" fills its field as "AB12<<<<<": 10*7 + 11*3 + 1*1 + 2*7 = 118 -> 8
    assert document_number_check_digit("AB12") == "8"


@pytest.mark.parametrize(
    ("lines", "line", "column"),
    [(TD3, 1, 9), (TD1_LONG, 0, 18)],  # TD1: the continuation "734" ends with its check digit
)
def test_the_check_digit_agrees_with_the_parsed_zone(lines: tuple[str, ...], line: int, column: int) -> None:
    number = parse_mrz("\n".join(lines)).document_number  # the zone passed its own check
    assert document_number_check_digit(number) == lines[line][column]


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=9), st.data())
def test_one_changed_digit_changes_the_check_digit(number: str, data: st.DataObject) -> None:
    # Weights 7, 3, 1 are prime to 10: changing one digit by d moves the sum by 7d, 3d or
    # d, never by a multiple of 10.
    digits = [i for i, c in enumerate(number) if c.isdigit()]
    if not digits:
        number, digits = "0" + number[1:], [0]
    i = data.draw(st.sampled_from(digits))
    step = data.draw(st.integers(1, 9))
    changed = number[:i] + str((int(number[i]) + step) % 10) + number[i + 1 :]
    assert document_number_check_digit(changed) != document_number_check_digit(number)


def test_a_number_is_read_without_separators_fillers_or_look_alike_letters() -> None:
    assert normalise_document_number(" l898<902-c3 ") == "L898902C3"
    assert normalise_document_number("\u0410\u0412 123") == "AB123"  # Cyrillic A and Ve
    assert normalise_document_number("0123456") == "0123456"  # leading zeros are printed
    with pytest.raises(ValueError, match="empty document number"):
        normalise_document_number(" -<< ")


def test_a_stored_number_keeps_latin_letters_and_digits_only() -> None:
    assert latin_number("x 12-34/5") == "X12345"
    assert latin_number("\u0410\u0412-123") == "AB123"  # look-alikes read as Latin, not dropped
    assert latin_number("\u5317\u4eac123") == "123"  # other scripts are not part of a number


@pytest.mark.parametrize(
    ("code", "expected"),
    [("de", "DEU"), ("D", "DEU"), ("D<<", "DEU"), ("UTO", "UTO"), ("XK", "RKS"), ("gb", "GBR")],
)
def test_issuing_countries_are_read_as_in_a_machine_readable_zone(code: str, expected: str) -> None:
    assert normalise_country(code) == expected


@pytest.mark.parametrize("code", ["", "QQ", "1AB", "ABCD"])
def test_other_country_codes_are_refused(code: str) -> None:
    with pytest.raises(ValueError, match="not a country code"):
        normalise_country(code)
