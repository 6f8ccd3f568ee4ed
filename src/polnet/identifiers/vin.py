"""ISO 3779 vehicle identification numbers.

A VIN has 17 characters from 0-9 and A-Z without I, O and Q. Position 9 is a check
digit (weighted sum mod 11, 10 written X) where the standard of the market requires
it: North America (first character 1-5). Elsewhere it is computed and reported, not
enforced, since many manufacturers put other data there.

The checksum is computed here rather than with ``vininfo``: its ``verify_checksum``
answers only yes/no (no digit to generate synthetic VINs with) and applies brand
exceptions. ``vininfo``, if installed, fills in region, country and manufacturer.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from enum import StrEnum

try:  # descriptive only; validation does not depend on it
    from vininfo import Vin as _Vin
except ImportError:  # pragma: no cover
    _Vin = None

_ALLOWED = frozenset("0123456789ABCDEFGHJKLMNPRSTUVWXYZ")
# Transliteration of ISO 3779 / 49 CFR 565: letters to 1-9 in blocks, skipping I, O, Q.
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_LETTER_VALUES = (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9)
_VALUE = {str(d): d for d in range(10)} | dict(zip(_LETTERS, _LETTER_VALUES, strict=True))
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_STRIP = str.maketrans("", "", " \t\r\n-._/")
_LOOKALIKE = {"I": "1", "O": "0", "Q": "0"}


class VinProblem(StrEnum):
    LENGTH = "length"
    CHARACTER = "character"
    CHECK_DIGIT = "check_digit"


class VinError(ValueError):
    """An invalid VIN; ``problem`` says what is wrong, ``code`` (``vin_check_digit``) is the
    stable reason the callers translate by; the message is English."""

    def __init__(self, problem: VinProblem, message: str, *, position: int | None = None) -> None:
        super().__init__(message)
        self.problem, self.message, self.position = problem, message, position

    @property
    def code(self) -> str:
        return f"vin_{self.problem}"


@dataclass(frozen=True, slots=True)
class VinInfo:
    vin: str
    wmi: str  # world manufacturer identifier, positions 1-3
    vds: str  # vehicle descriptor section, positions 4-9
    vis: str  # vehicle identifier section, positions 10-17
    check_digit: str  # position 9 as found
    expected_check_digit: str
    check_digit_valid: bool
    check_digit_required: bool  # North American VIN
    model_year_code: str  # position 10
    region: str | None = None
    country: str | None = None
    manufacturer: str | None = None


def normalise_vin(vin: str) -> str:
    """Uppercase, without spaces, dashes, dots, slashes or underscores."""
    return vin.upper().translate(_STRIP)


def has_check_digit(vin: str) -> bool:
    """Whether position 9 must be a valid check digit: North American WMIs (1-5)."""
    v = normalise_vin(vin)
    return v[:1] in ("1", "2", "3", "4", "5")


def _require_shape(v: str) -> None:
    if len(v) != 17:
        raise VinError(VinProblem.LENGTH, f"a VIN has 17 characters, found {len(v)} in {v!r}")
    for i, c in enumerate(v):
        if c not in _ALLOWED:
            hint = f" (read {c} as {_LOOKALIKE[c]}?)" if c in _LOOKALIKE else ""
            raise VinError(
                VinProblem.CHARACTER,
                f"{c!r} at position {i + 1} is not allowed in a VIN{hint}",
                position=i + 1,
            )


def vin_check_digit(vin: str) -> str:
    """The check digit position 9 should hold ('0'-'9' or 'X'); position 9 is ignored."""
    v = normalise_vin(vin)
    _require_shape(v)
    total = sum(_VALUE[c] * w for c, w in zip(v, _WEIGHTS, strict=True)) % 11
    return "X" if total == 10 else str(total)


def validate_vin(vin: str) -> VinInfo:
    """Normalise and validate; raises :class:`VinError` naming the problem."""
    v = normalise_vin(vin)
    expected = vin_check_digit(v)
    required = has_check_digit(v)
    if required and v[8] != expected:
        raise VinError(
            VinProblem.CHECK_DIGIT,
            f"check digit (position 9) of North American VIN {v}: expected {expected}, found {v[8]}",
            position=9,
        )
    region = country = manufacturer = None
    if _Vin is not None:
        with contextlib.suppress(Exception):  # descriptive data must never fail validation
            info = _Vin(v)
            region, country = _str(info.region), _str(info.country)
            manufacturer = _str(info.manufacturer)
    return VinInfo(
        v, v[:3], v[3:9], v[9:], v[8], expected, v[8] == expected, required, v[9],
        region, country, manufacturer,
    )  # fmt: skip


def _str(value: object) -> str | None:
    return None if value in (None, "", "UnsupportedBrand") else str(value)
