import pytest

from polnet.identifiers.errors import InputRefused
from polnet.identifiers.shipping import (
    container_check_digit,
    imo_check_digit,
    normalise_container,
    normalise_imo,
)


def test_imo_published_example_is_valid() -> None:
    # 9*7 + 0*6 + 7*5 + 4*4 + 7*3 + 2*2 = 139: check digit 9.
    assert imo_check_digit("907472") == 9
    assert normalise_imo("IMO 9074729") == "IMO9074729"
    assert normalise_imo("9074729") == "IMO9074729"


@pytest.mark.parametrize(("text", "code"), [("IMO 9074728", "imo_check_digit"), ("IMO 907472", "imo_format")])
def test_imo_refusals(text: str, code: str) -> None:
    with pytest.raises(InputRefused) as e:
        normalise_imo(text)
    assert e.value.code == code


def test_container_published_example_is_valid() -> None:
    assert container_check_digit("CSQU305438") == 3
    assert normalise_container("csqu 305438-3") == "CSQU3054383"


def test_container_letter_values_skip_multiples_of_eleven() -> None:
    # ISO 6346 example: BIC code of "CSQU" uses C=13, S=30, Q=28, U=32 (skipping 11, 22, 33).
    assert container_check_digit("ABCU123456") != container_check_digit("ABCU123457")
    assert (
        container_check_digit("CSQU305438")
        == (13 + 30 * 2 + 28 * 4 + 32 * 8 + 3 * 16 + 0 * 32 + 5 * 64 + 4 * 128 + 3 * 256 + 8 * 512) % 11 % 10
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("CSQU3054384", "container_check_digit"),
        ("CSQX3054383", "container_format"),
        ("CSQU305438", "container_format"),
    ],
)
def test_container_refusals(text: str, code: str) -> None:
    with pytest.raises(InputRefused) as e:
        normalise_container(text)
    assert e.value.code == code
