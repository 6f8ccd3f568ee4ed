"""Unique identifiers drawn from a format without remembering past ones.

A format such as ``"AA9999999"`` is a mixed-radix number space.  The n-th
identifier of a sequence is ``encode((a * n + b) mod size)`` with ``a``
coprime to ``size``: a bijection, so numbers never repeat, yet consecutive
ones look unrelated.  Only formats that overlap without being identical
need a set of issued values.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CLASSES: dict[str, str] = {
    "9": DIGITS,
    "N": DIGITS[1:],
    "A": LETTERS,
    "X": LETTERS + DIGITS,
    "B": "ABCDEFGHJKLMNPRSTUVWXYZ",  # no I, O, Q (misread as digits)
    "C": "BCDFGHJKLMNPRSTVWXYZ",  # consonants (Spanish plates)
    "F": "ABCDEFGHJKLMNPQRSTVWXYZ",  # French plates: no I, O, U
    "R": "ABEKMHOPCTYX",  # Cyrillic plate letters with Latin look-alikes
    "K": "CFGHJKLMNPRTVWXYZ" + DIGITS,  # German document alphabet
    "G": "CFGHJK",  # first character of German passports
    "H": "LMNPRTVWXY",  # first character of German identity cards
    "V": "0123456789ABCDEFGHJKLMNPRSTUVWXYZ",  # VIN characters
}


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """``prefix`` is literal; in ``pattern`` each class code of CLASSES
    stands for one character and anything else is literal."""

    pattern: str
    prefix: str = ""
    positions: tuple[str, ...] = field(init=False, compare=False, repr=False)
    size: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        pos = tuple(self.prefix) + tuple(CLASSES.get(c, c) for c in self.pattern)
        object.__setattr__(self, "positions", pos)
        object.__setattr__(self, "size", math.prod(len(p) for p in pos))

    def encode(self, value: int) -> str:
        chars: list[str] = []
        for alphabet in reversed(self.positions):
            if len(alphabet) == 1:
                chars.append(alphabet)
            else:
                value, r = divmod(value, len(alphabet))
                chars.append(alphabet[r])
        return "".join(reversed(chars))

    def matches(self, text: str) -> bool:
        return len(text) == len(self.positions) and all(
            ch in alphabet for ch, alphabet in zip(text, self.positions, strict=True)
        )

    def overlaps(self, other: NumberFormat) -> bool:
        """Whether some string fits both formats."""
        if len(self.positions) != len(other.positions):
            return False
        return all(set(a) & set(b) for a, b in zip(self.positions, other.positions, strict=True))


class Sequencer:
    """Successive distinct values of one format (a keyed permutation)."""

    def __init__(self, fmt: NumberFormat, key: str) -> None:
        rng = random.Random(key)
        self.fmt = fmt
        size = fmt.size
        a = rng.randrange(size // 3, max(size // 3 + 1, 2 * size // 3)) | 1
        while math.gcd(a, size) != 1:
            a += 2
        self.a, self.b = a, rng.randrange(size)
        self.n = 0

    def next(self) -> str:
        if self.n >= self.fmt.size:
            raise OverflowError(f"format {self.fmt.prefix}{self.fmt.pattern} is exhausted")
        value = (self.a * self.n + self.b) % self.fmt.size
        self.n += 1
        return self.fmt.encode(value)


class UniqueNumbers:
    """Issues numbers unique per scope (e.g. per issuing country) across
    several formats."""

    def __init__(self, key: str) -> None:
        self.key = key
        self._seq: dict[tuple[str, NumberFormat], Sequencer] = {}
        self._formats: dict[str, list[NumberFormat]] = {}
        self._issued: dict[str, set[str]] = {}  # only for overlapping formats
        self._guarded: set[tuple[str, NumberFormat]] = set()

    def next(self, scope: str, fmt: NumberFormat) -> str:
        seq = self._seq.get((scope, fmt))
        if seq is None:
            seq = self._register(scope, fmt)
        if (scope, fmt) not in self._guarded:
            return seq.next()
        issued = self._issued.setdefault(scope, set())
        while True:
            number = seq.next()
            if number not in issued:
                issued.add(number)
                return number

    def _register(self, scope: str, fmt: NumberFormat) -> Sequencer:
        seq = Sequencer(fmt, f"{self.key}:{scope}:{fmt.prefix}:{fmt.pattern}")
        self._seq[(scope, fmt)] = seq
        known = self._formats.setdefault(scope, [])
        clash = [f for f in known if f.overlaps(fmt)]
        if clash:
            # Values issued so far by the clashing formats must be recorded
            # too: regenerate them from their sequencers' history.
            issued = self._issued.setdefault(scope, set())
            for other in clash:
                if (scope, other) not in self._guarded:
                    self._guarded.add((scope, other))
                    replay = Sequencer(other, f"{self.key}:{scope}:{other.prefix}:{other.pattern}")
                    for _ in range(self._seq[(scope, other)].n):
                        issued.add(replay.next())
            self._guarded.add((scope, fmt))
        known.append(fmt)
        return seq
