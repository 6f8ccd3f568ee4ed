"""National identification numbers in the formats of a few countries.

Where a real format has a check digit it is computed, so downstream
validators accept the numbers; other countries get a plain numeric form.
"""

from __future__ import annotations

import random
from collections.abc import Callable

Dob = tuple[int | None, int | None, int | None]


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10**n)).zfill(n)


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def _es(rng: random.Random, dob: Dob, sex: str) -> str:
    n = rng.randrange(10_000_000, 99_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def _us(rng: random.Random, dob: Dob, sex: str) -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{rng.randrange(1, 100):02d}-{rng.randrange(1, 10000):04d}"


def _gb(rng: random.Random, dob: Dob, sex: str) -> str:
    letters = "ABCEGHJKLMNPRSTWXYZ"
    return f"{rng.choice(letters)}{rng.choice(letters)}{_digits(rng, 6)}{rng.choice('ABCD')}"


def _fr(rng: random.Random, dob: Dob, sex: str) -> str:
    year, month, _ = dob
    body = (
        ("1" if sex == "M" else "2")
        + f"{(year or 1970) % 100:02d}{month or 99:02d}"
        + f"{rng.randrange(1, 96):02d}{rng.randrange(1, 990):03d}{rng.randrange(1, 999):03d}"
    )
    return f"{body}{97 - int(body) % 97:02d}"


def _cn(rng: random.Random, dob: Dob, sex: str) -> str:
    year, month, day = dob
    area = rng.choice(["110101", "310104", "440106", "510107", "420102", "610113"])
    seq = rng.randrange(0, 500) * 2 + (1 if sex == "M" else 0)
    body = f"{area}{year or 1970:04d}{month or 1:02d}{day or 1:02d}{seq:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _se(rng: random.Random, dob: Dob, sex: str) -> str:
    year, month, day = dob
    body = f"{(year or 1970) % 100:02d}{month or 1:02d}{day or 1:02d}{_digits(rng, 3)}"
    return f"{body[:6]}-{body[6:]}{_luhn_digit(body)}"


def _nl(rng: random.Random, dob: Dob, sex: str) -> str:
    while True:  # "eleven test": weighted sum divisible by 11
        body = str(rng.randrange(10_000_000, 99_999_999)).zfill(8)
        total = sum(int(c) * w for c, w in zip(body, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            return body + str(last)


def _br(rng: random.Random, dob: Dob, sex: str) -> str:
    nums = [rng.randrange(10) for _ in range(9)]
    for length in (9, 10):
        total = sum(n * w for n, w in zip(nums, range(length + 1, 1, -1), strict=True))
        nums.append(0 if total % 11 < 2 else 11 - total % 11)
    s = "".join(map(str, nums))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


def _in(rng: random.Random, dob: Dob, sex: str) -> str:
    s = str(rng.randrange(2, 10)) + _digits(rng, 11)
    return f"{s[:4]} {s[4:8]} {s[8:]}"


def _default(rng: random.Random, dob: Dob, sex: str) -> str:
    return str(rng.randrange(1, 10)) + _digits(rng, 9)


_FORMATS: dict[str, Callable[[random.Random, Dob, str], str]] = {
    "ES": _es, "US": _us, "GB": _gb, "FR": _fr, "CN": _cn, "SE": _se, "NL": _nl,
    "BR": _br, "IN": _in,
}  # fmt: skip


def national_id(country: str, rng: random.Random, dob: Dob, sex: str) -> str:
    """A national identification number issued by ``country``."""
    return _FORMATS.get(country, _default)(rng, dob, sex)
