"""Compiled string similarities over packed ASCII name strings.

A person query compares a few query strings with about a thousand index
strings (whole names, name parts at four spelling levels). Handing those
strings to a library as Python objects costs more than comparing them: each
one is a separate object somewhere in a heap of millions, and gathering and
converting them touches memory at random. Here the index keeps each such
column also as one byte buffer with offsets (:class:`PackedText`), and the
comparisons run compiled over that buffer.

The scores are the same numbers rapidfuzz gives: ``fuzz.ratio`` (the
normalised Indel similarity, from the longest common subsequence, found with
the bit-parallel algorithm for query strings of up to 64 letters and by
dynamic programming beyond) and whether the optimal string alignment distance
is 0, 1 or more. Tests compare them with rapidfuzz on random and real names.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from polnet.screening.engine.kernels import compiled

__all__ = ["PackedText", "Patterns", "best_ratio", "level_scores", "pack", "patterns"]

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]
F32 = npt.NDArray[np.float32]
I32 = npt.NDArray[np.int32]


class PackedText:
    """Strings as one byte buffer; string ``i`` is ``codes[starts[i]:starts[i + 1]]``.

    The compiled comparisons read columns of letters a-z; other columns (a name as
    written, in any script) hold UTF-8. Grows by doubling, like the index's other
    columns, so appending a record stays cheap; a saved buffer is used in place
    (:meth:`of`), so worker processes that map one file share its pages.
    """

    __slots__ = ("_codes", "_size", "_starts", "count")

    def __init__(self) -> None:
        self._codes: U8 = np.zeros(64, dtype=np.uint8)
        self._starts: I64 = np.zeros(16, dtype=np.int64)
        self._size = 0
        self.count = 0

    @classmethod
    def of(cls, codes: U8, starts: I64, count: int) -> PackedText:
        """Wrap saved buffers, which may be longer than what they hold (room to grow in place)."""
        packed = cls()
        packed._codes, packed._starts, packed.count = codes, starts, count
        packed._size = int(starts[count])
        return packed

    def extend(self, values: Sequence[str] | npt.NDArray[np.object_]) -> None:
        if not len(values):
            return
        # Name strings are ASCII letters by construction (names.tokenise); anything else is a bug.
        joined = "".join(values).encode("ascii")
        self._append(joined, np.fromiter(map(len, values), dtype=np.int64, count=len(values)))

    def extend_text(self, values: Sequence[str]) -> None:
        """Append strings in any script (stored as UTF-8; read back with :meth:`get`)."""
        if not len(values):
            return
        encoded = [v.encode("utf-8") for v in values]
        self._append(b"".join(encoded), np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)))

    def _append(self, joined: bytes, lengths: I64) -> None:
        ends = self._size + np.cumsum(lengths)
        self._codes = _fit(self._codes, self._size + len(joined))
        self._codes[self._size : self._size + len(joined)] = np.frombuffer(joined, dtype=np.uint8)
        self._starts = _fit(self._starts, self.count + len(lengths) + 1)
        self._starts[self.count + 1 : self.count + len(lengths) + 1] = ends
        self._size += len(joined)
        self.count += len(lengths)

    def get(self, i: int) -> str:
        return self._codes[self._starts[i] : self._starts[i + 1]].tobytes().decode("utf-8")

    def strings(self, rows: Any) -> list[str]:
        """The strings ``rows``, in that order."""
        if not len(rows):
            return []
        local, offsets = _gather(self._codes, self._starts, np.asarray(rows, dtype=np.int64))
        text = local.tobytes()
        bounds = offsets.tolist()
        return [text[a:b].decode("utf-8") for a, b in itertools.pairwise(bounds)]

    def take(self, rows: Any) -> PackedText:
        """A new buffer holding the strings ``rows``, in that order."""
        local, offsets = _gather(self._codes, self._starts, np.asarray(rows, dtype=np.int64))
        return PackedText.of(local, offsets, len(offsets) - 1)

    @property
    def codes(self) -> U8:
        return self._codes

    @property
    def starts(self) -> I64:
        return self._starts[: self.count + 1]

    @property
    def used(self) -> tuple[U8, I64]:
        """The bytes and offsets in use (what a file must keep)."""
        return self._codes[: self._size], self._starts[: self.count + 1]


def _fit(array: Any, need: int) -> Any:
    if need <= len(array):
        return array
    grown = np.zeros(max(need, 2 * len(array)), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


def pack(values: Sequence[str] | npt.NDArray[np.object_]) -> PackedText:
    packed = PackedText()
    packed.extend(values)
    return packed


class Patterns(NamedTuple):
    """A few query strings, packed like :class:`PackedText` (made once per query name)."""

    codes: U8
    starts: I64


def patterns(values: Sequence[str]) -> Patterns:
    codes = np.frombuffer("".join(values).encode("ascii"), dtype=np.uint8)
    starts = np.array([0, *itertools.accumulate(map(len, values))], dtype=np.int64)
    return Patterns(codes, starts)


@compiled
def _gather(codes: U8, starts: I64, rows: Any) -> tuple[U8, I64]:
    """The strings ``rows`` copied next to each other.

    The strings lie at random places in a buffer of many megabytes; loading them all
    first, in loops whose loads do not wait on each other, lets the processor fetch
    many at once instead of one after the other between comparisons."""
    count = len(rows)
    first = np.empty(count, dtype=np.int64)
    last = np.empty(count, dtype=np.int64)
    for j in range(count):
        first[j] = starts[rows[j]]
        last[j] = starts[rows[j] + 1]
    offsets = np.empty(count + 1, dtype=np.int64)
    offsets[0] = 0
    for j in range(count):
        offsets[j + 1] = offsets[j] + last[j] - first[j]
    local = np.empty(offsets[count], dtype=np.uint8)
    for j in range(count):
        local[offsets[j] : offsets[j + 1]] = codes[first[j] : last[j]]
    return local, offsets


@compiled
def _popcount(value: np.uint64) -> int:
    value = value - ((value >> np.uint64(1)) & np.uint64(0x5555555555555555))
    value = (value & np.uint64(0x3333333333333333)) + (
        (value >> np.uint64(2)) & np.uint64(0x3333333333333333)
    )
    value = (value + (value >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return int((value * np.uint64(0x0101010101010101)) >> np.uint64(56))


@compiled
def _lcs_table(a: U8, a_start: int, a_end: int, b: U8, b_start: int, b_end: int) -> int:
    """Longest common subsequence by dynamic programming, for patterns longer than 64 letters."""
    width = b_end - b_start
    previous = np.zeros(width + 1, dtype=np.int64)
    current = np.zeros(width + 1, dtype=np.int64)
    for i in range(a_start, a_end):
        for j in range(width):
            if a[i] == b[b_start + j]:
                current[j + 1] = previous[j] + 1
            else:
                current[j + 1] = max(previous[j + 1], current[j])
        previous, current = current, previous
    return int(previous[width])


@compiled
def _ratios(p_codes: U8, p_starts: I64, codes: U8, offsets: I64, out: Any) -> None:
    """``out[p, j]``: ``fuzz.ratio`` of pattern ``p`` with gathered string ``j``.

    The longest common subsequence with a pattern of up to 64 letters is found with
    Hyyrö's bit-vector algorithm: one step of a few word operations per letter."""
    patterns = len(p_starts) - 1
    masks = np.zeros((patterns, 256), dtype=np.uint64)
    lengths = np.empty(patterns, dtype=np.int64)
    for p in range(patterns):
        lengths[p] = p_starts[p + 1] - p_starts[p]
        for i in range(min(lengths[p], 64)):
            masks[p, p_codes[p_starts[p] + i]] |= np.uint64(1) << np.uint64(i)
    for j in range(len(offsets) - 1):
        start, end = offsets[j], offsets[j + 1]
        for p in range(patterns):
            length = lengths[p]
            if length > 64:
                lcs = _lcs_table(p_codes, p_starts[p], p_starts[p + 1], codes, start, end)
            else:
                row = ~np.uint64(0)
                for i in range(start, end):
                    matched = row & masks[p, codes[i]]
                    row = (row + matched) | (row - matched)
                if length < 64:
                    row |= ~((np.uint64(1) << np.uint64(length)) - np.uint64(1))
                lcs = _popcount(~row)
            total = length + end - start
            # rapidfuzz's arithmetic, step for step, so that the scores are the same floats.
            out[p, j] = 100.0 if total == 0 else (1.0 - (total - 2 * lcs) / total) * 100.0


@compiled
def _best_ratio(p_codes: U8, p_starts: I64, codes: U8, starts: I64, rows: I64) -> Any:
    local, offsets = _gather(codes, starts, rows)
    out = np.empty((len(p_starts) - 1, len(rows)), dtype=np.float64)
    _ratios(p_codes, p_starts, local, offsets, out)
    best = np.zeros(len(rows), dtype=np.float64)
    for j in range(len(rows)):
        for p in range(len(p_starts) - 1):
            best[j] = max(best[j], out[p, j])
    return best


def best_ratio(query: Patterns, text: PackedText, rows: I64) -> npt.NDArray[np.float64]:
    """The best ``fuzz.ratio`` (0-100) of any query string with each string ``rows[j]`` of ``text``."""
    result: npt.NDArray[np.float64] = _best_ratio(query.codes, query.starts, text.codes, text.starts, rows)
    return result


@compiled
def _within_one_edit(a: U8, a_start: int, a_end: int, b: U8, b_start: int, b_end: int) -> int:  # noqa: C901  # compiled kernel: each case of the alignment inline
    """Optimal string alignment distance, capped at 2: 0 equal, 1 one edit, 2 more."""
    la, lb = a_end - a_start, b_end - b_start
    if abs(la - lb) > 1:
        return 2
    i = 0
    while i < la and i < lb and a[a_start + i] == b[b_start + i]:
        i += 1
    if i == la and i == lb:
        return 0
    if la == lb:
        # One substitution, or two neighbours swapped.
        if i + 1 < la and a[a_start + i] == b[b_start + i + 1] and a[a_start + i + 1] == b[b_start + i]:
            i += 2
        else:
            i += 1
        for k in range(i, la):
            if a[a_start + k] != b[b_start + k]:
                return 2
        return 1
    # One letter inserted into the shorter.
    if la > lb:
        for k in range(i, lb):
            if a[a_start + k + 1] != b[b_start + k]:
                return 2
        return 1
    for k in range(i, la):
        if a[a_start + k] != b[b_start + k + 1]:
            return 2
    return 1


@compiled
def _level_scores(
    q_canon: U8, q_canon_s: I64, q_form: U8, q_form_s: I64, q_vkey: U8, q_vkey_s: I64,
    q_ckey: U8, q_ckey_s: I64,
    canon: U8, canon_s: I64, form: U8, form_s: I64, vkey: U8, vkey_s: I64, ckey: U8, ckey_s: I64,
    ids: I32,
) -> Any:  # fmt: skip
    units, count = len(q_canon_s) - 1, len(ids)
    ratios = np.empty((3, units, count), dtype=np.float64)
    canon_local, canon_offsets = _gather(canon, canon_s, ids)
    _ratios(q_canon, q_canon_s, canon_local, canon_offsets, ratios[0])
    local, offsets = _gather(vkey, vkey_s, ids)
    _ratios(q_vkey, q_vkey_s, local, offsets, ratios[1])
    local, offsets = _gather(ckey, ckey_s, ids)
    _ratios(q_ckey, q_ckey_s, local, offsets, ratios[2])
    local, offsets = _gather(form, form_s, ids)
    edits = np.empty((units, count), dtype=np.int32)
    for j in range(count):
        for q in range(units):
            edits[q, j] = _within_one_edit(
                q_form, q_form_s[q], q_form_s[q + 1], local, offsets[j], offsets[j + 1]
            )
            if edits[q, j] == 2:
                # A typo in another romanisation (Wiktr / Viktor): one edit once both
                # spellings are canonical.
                edits[q, j] = _within_one_edit(
                    q_canon,
                    q_canon_s[q],
                    q_canon_s[q + 1],
                    canon_local,
                    canon_offsets[j],
                    canon_offsets[j + 1],
                )
    scaled = ratios.astype(np.float32) * np.float32(0.01)
    return scaled[0], edits, scaled[1], scaled[2]


def level_scores(
    canons: Patterns,
    forms: Patterns,
    vkeys: Patterns,
    ckeys: Patterns,
    table: tuple[PackedText, PackedText, PackedText, PackedText],
    ids: I32,
) -> tuple[F32, I32, F32, F32]:
    """Query units against vocabulary tokens ``ids``: ratios (0-1) of the canonical
    spellings, vowel frames and consonant skeletons, and the edit distance (capped at 2)
    of the letters as typed, or of the canonical spellings where that is smaller.
    ``table`` holds the vocabulary's canons, forms, vkeys, ckeys."""
    q = (canons, forms, vkeys, ckeys)
    t_canon, t_form, t_vkey, t_ckey = table
    result: tuple[F32, I32, F32, F32] = _level_scores(
        q[0].codes, q[0].starts, q[1].codes, q[1].starts, q[2].codes, q[2].starts, q[3].codes, q[3].starts,
        t_canon.codes, t_canon.starts, t_form.codes, t_form.starts, t_vkey.codes, t_vkey.starts,
        t_ckey.codes, t_ckey.starts, ids,
    )  # fmt: skip
    return result
