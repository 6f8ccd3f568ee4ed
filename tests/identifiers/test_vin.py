from __future__ import annotations

import random

import pytest

from polnet.identifiers.vin import (
    VinError,
    has_check_digit,
    normalise_vin,
    validate_vin,
    vin_check_digit,
)

VALID_NA = "1M8GDM9AXKP042788"  # ISO 3779 / 49 CFR 565 textbook example, check digit X
CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


def synthetic_vin(rng: random.Random, first: str = "1") -> str:
    body = first + "".join(rng.choices(CHARS, k=16))
    return body[:8] + vin_check_digit(body) + body[9:]


def test_textbook_vin_is_valid() -> None:
    info = validate_vin(VALID_NA)
    assert info.vin == VALID_NA
    assert (info.wmi, info.vds, info.vis) == ("1M8", "GDM9AX", "KP042788")
    assert info.check_digit == info.expected_check_digit == "X"
    assert info.check_digit_valid and info.check_digit_required
    assert info.model_year_code == "K"


def test_check_digit_value() -> None:
    assert vin_check_digit(VALID_NA) == "X"
    assert vin_check_digit("11111111111111111") == "1"  # every weight times 1: 89 mod 11
    assert vin_check_digit(VALID_NA[:8] + "0" + VALID_NA[9:]) == "X"  # position 9 ignored


@pytest.mark.parametrize("digit", "0123456789")
def test_wrong_north_american_check_digit_is_rejected(digit: str) -> None:
    with pytest.raises(VinError) as err:
        validate_vin(VALID_NA[:8] + digit + VALID_NA[9:])
    assert err.value.problem == "check_digit" and err.value.position == 9
    assert "expected X" in str(err.value)


def test_every_single_substitution_of_a_north_american_vin_is_caught() -> None:
    slipped = 0
    for i in range(17):
        if i == 8:
            continue
        for c in CHARS:
            vin = VALID_NA[:i] + c + VALID_NA[i + 1 :]
            if vin == VALID_NA:
                continue
            try:
                info = validate_vin(vin)
            except VinError as e:
                assert e.problem == "check_digit"
                continue
            if i == 0 and c not in "12345":  # no longer North American: not enforced
                assert not info.check_digit_required
                continue
            # no weight is 0 mod 11, but letters share values (A and J are both 1)
            assert c != VALID_NA[i] and vin_check_digit(vin) == "X"
            slipped += 1
    assert slipped < 40  # of 16 x 32 substitutions


@pytest.mark.parametrize("bad", ["I", "O", "Q"])
def test_i_o_q_are_rejected(bad: str) -> None:
    vin = VALID_NA[:11] + bad + VALID_NA[12:]
    with pytest.raises(VinError) as err:
        validate_vin(vin)
    assert err.value.problem == "character" and err.value.position == 12
    assert "read" in str(err.value)  # suggests the digit it stands for


@pytest.mark.parametrize("vin", ["1M8GDM9AXKP04278", "1M8GDM9AXKP0427888", ""])
def test_length_is_enforced(vin: str) -> None:
    with pytest.raises(VinError) as err:
        validate_vin(vin)
    assert err.value.problem == "length"


def test_other_characters_are_rejected() -> None:
    with pytest.raises(VinError) as err:
        validate_vin("1M8GDM9AXKP04278*")
    assert (err.value.problem, err.value.position) == ("character", 17)


def test_normalisation() -> None:
    assert normalise_vin(" 1m8-gdm9ax kp042788\n") == VALID_NA
    assert validate_vin("1m8 gdm9ax-kp0.427/88").vin == VALID_NA


def test_non_north_american_vin_is_accepted_without_check_digit() -> None:
    vin = "WVWZZZ1JZXW000001"  # European VINs often hold Z at position 9
    assert not has_check_digit(vin)
    info = validate_vin(vin)
    assert not info.check_digit_required and not info.check_digit_valid
    assert info.expected_check_digit == vin_check_digit(vin) != "Z"
    good = vin[:8] + vin_check_digit(vin) + vin[9:]
    assert validate_vin(good).check_digit_valid


@pytest.mark.parametrize(("first", "required"), [*((c, True) for c in "12345"), ("6", False),
                                                 ("J", False), ("W", False), ("L", False)])  # fmt: skip
def test_has_check_digit_by_region(first: str, required: bool) -> None:
    assert has_check_digit(first + VALID_NA[1:]) is required


def test_synthetic_vins_validate_and_agree_with_vininfo() -> None:
    vininfo = pytest.importorskip("vininfo")
    rng = random.Random(3779)
    for _ in range(300):
        vin = synthetic_vin(rng, rng.choice("12345"))
        assert validate_vin(vin).check_digit_valid
        assert vininfo.Vin(vin).verify_checksum(check_year=False)


def test_descriptive_fields_come_from_vininfo() -> None:
    pytest.importorskip("vininfo")
    info = validate_vin(VALID_NA)
    assert info.region == "North America" and info.country == "United States"
