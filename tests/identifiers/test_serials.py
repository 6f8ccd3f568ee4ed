"""Firearm serials and the OCR confusions shared by every identifier."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polnet.identifiers.normalise import (
    OCR,
    OCR_CONFUSABLE_PAIRS,
    Confusables,
    describe_confusions,
    normalise_identifier,
)
from polnet.identifiers.serials import normalise_serial, serial_stem, split_leading_zeros

IDENT = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=16)


def test_a_serial_is_read_without_separators() -> None:
    assert normalise_serial("abc-123.456") == "ABC123456"
    assert normalise_serial("12 34/56") == "123456"
    with pytest.raises(ValueError, match="empty serial number"):
        normalise_serial(" .- ")


def test_leading_zeros_and_the_letter_o_read_for_them_are_split_off() -> None:
    assert split_leading_zeros("0012345") == ("00", "12345")
    assert split_leading_zeros("O012345") == ("O0", "12345")
    assert split_leading_zeros("12300") == ("", "12300")
    assert split_leading_zeros("000") == ("000", "")


def test_serials_that_differ_by_dropped_zeros_or_confusions_share_a_stem() -> None:
    assert serial_stem("0012345") == serial_stem("12345") == serial_stem("O12345")
    assert serial_stem("I2345") == serial_stem("12345")  # I read for 1
    assert serial_stem("000") == "0"
    assert serial_stem("12345") != serial_stem("12346")


def test_separators_homoglyphs_and_case_do_not_change_an_identifier() -> None:
    assert normalise_identifier("ab-12 c.d/e_f") == "AB12CDEF"
    assert normalise_identifier("\u0410\u0412\u0421 12") == "ABC12"  # Cyrillic A, Ve, Es
    assert normalise_identifier("\u0391\u0392 12") == "AB12"  # Greek Alpha, Beta


@given(IDENT)
def test_normalising_twice_changes_nothing(value: str) -> None:
    once = normalise_identifier(value)
    assert normalise_identifier(once) == once


@given(IDENT, st.data())
def test_a_confusion_is_found_where_it_was_made(value: str, data: st.DataObject) -> None:
    swaps = {a: b for a, b in OCR_CONFUSABLE_PAIRS} | {b: a for a, b in OCR_CONFUSABLE_PAIRS}
    spots = [i for i, c in enumerate(value) if c in swaps]
    if not spots:
        assert OCR.diff(value, value) == ()
        return
    i = data.draw(st.sampled_from(spots))
    misread = value[:i] + swaps[value[i]] + value[i + 1 :]
    assert OCR.diff(misread, value) == (i,)
    assert OCR.canon(misread) == OCR.canon(value)
    assert OCR.folded(misread) == OCR.canon(value).encode()


def test_a_difference_that_is_no_confusion_is_refused() -> None:
    assert OCR.diff("AB123", "AB124") is None  # 3 and 4 are not confused
    assert OCR.diff("AB123", "AB1234") is None  # lengths differ
    assert OCR.diff("\u00c9B0", "\u00c9BO") == (2,)  # non-ASCII identifiers too


def test_a_set_of_pairs_is_its_own_rule() -> None:
    vin = Confusables((*OCR_CONFUSABLE_PAIRS, ("Q", "0")))
    assert vin.diff("Q12", "012") == (0,)
    assert OCR.diff("Q12", "012") is None


def test_confusions_are_described_from_position_one() -> None:
    text = describe_confusions("A0C", "AOC", (1,))
    assert text == "'0' at position 2 read for 'O' (OCR confusion)"
