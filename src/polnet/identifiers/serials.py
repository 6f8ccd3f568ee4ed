"""Firearm serial numbers: normalisation and the leading zeros registers drop.

Serials are normalised like other identifiers (uppercase; spaces, dashes, dots and
slashes removed). Registers and spreadsheets often drop leading zeros ("000123" becomes
"123"), and a worn stamp reads a leading 0 as the letter O, so two serials are the same
stamp when they agree once those are removed.
"""

from __future__ import annotations

from polnet.identifiers.errors import IdentifierProblem, InputRefused
from polnet.identifiers.normalise import OCR, normalise_identifier

_LEADING = "0O"  # a leading zero, or the letter O read for it


def normalise_serial(serial: str) -> str:
    """Uppercase, without separators; raises ``ValueError`` when nothing is left."""
    s = normalise_identifier(serial)
    if not s:
        raise InputRefused(IdentifierProblem.SERIAL_EMPTY, f"empty serial number: {serial!r}")
    return s


def split_leading_zeros(serial: str) -> tuple[str, str]:
    """A normalised serial as (its leading zeros or O's, the rest)."""
    rest = serial.lstrip(_LEADING)
    return serial[: len(serial) - len(rest)], rest


def serial_stem(serial: str) -> str:
    """The part of a normalised serial that survives dropped zeros and OCR confusions.

    Serials with one stem are candidates for each other ("0" for an all-zero serial)."""
    return OCR.canon(serial).lstrip("0") or "0"
