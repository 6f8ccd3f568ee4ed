"""Shipping identifiers: IMO ship numbers and ISO 6346 container numbers, with their check digits.

IMO number (SOLAS XI-1/3): "IMO" and seven digits; the first six weighted 7, 6, 5, 4, 3, 2,
the last digit of the sum is the seventh. ISO 6346: owner code (3 letters), category
(U, J or Z), six serial digits, a check digit: letters are valued 10..38 skipping the
multiples of 11, each character weighted 2**position, the sum mod 11 mod 10.
"""

from __future__ import annotations

import re

from polnet.identifiers.errors import InputRefused

_STRIP = str.maketrans("", "", " \t\r\n-._/")
_IMO = re.compile(r"^(?:IMO)?(\d{7})$")
_CONTAINER = re.compile(r"^([A-Z]{3}[UJZ])(\d{6})(\d)$")
# A=10, B=12, ... skipping 11, 22 and 33 (multiples of 11).
_LETTER_VALUES: dict[str, int] = {}
_v = 10
for _c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    if _v % 11 == 0:
        _v += 1
    _LETTER_VALUES[_c] = _v
    _v += 1


def imo_check_digit(six_digits: str) -> int:
    return sum(int(d) * w for d, w in zip(six_digits, range(7, 1, -1), strict=True)) % 10


def normalise_imo(text: str) -> str:
    """'IMO 9074729' -> 'IMO9074729'; refuses a wrong form or check digit."""
    m = _IMO.match(text.upper().translate(_STRIP))
    if m is None:
        raise InputRefused("imo_format", "An IMO number is 'IMO' and seven digits.")
    digits = m.group(1)
    if imo_check_digit(digits[:6]) != int(digits[6]):
        raise InputRefused("imo_check_digit", "The IMO number's check digit does not match.")
    return f"IMO{digits}"


def container_check_digit(first_ten: str) -> int:
    total: int = sum((_LETTER_VALUES[c] if c.isalpha() else int(c)) * 2**i for i, c in enumerate(first_ten))
    return total % 11 % 10


def normalise_container(text: str) -> str:
    """'CSQU 305438 3' -> 'CSQU3054383'; refuses a wrong form or check digit."""
    value = text.upper().translate(_STRIP)
    m = _CONTAINER.match(value)
    if m is None:
        raise InputRefused(
            "container_format", "A container number is four letters (the last U, J or Z) and seven digits."
        )
    if container_check_digit(value[:10]) != int(value[10]):
        raise InputRefused("container_check_digit", "The container number's check digit does not match.")
    return value
