"""Growable columns and the on-disk format of the person index.

The index is saved as one file of raw arrays (:func:`normalise_ids.save_arrays`) that
worker processes memory-map copy-on-write: loading takes no time, every worker reads
the same pages, and what a worker changes afterwards (a record added or removed by the
change feed) becomes private to it page by page. Each growable column is saved with
room to grow (:data:`ROOM`), so additions after loading fill that room in place
instead of copying the whole column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from polnet.screening.engine.normalise_ids import load_arrays, save_arrays
from polnet.screening.engine.text_kernels import PackedText

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "Column", "TextColumn", "read_archive", "write_archive"]

FORMAT_NAME = "polnet.person-index"
# 2: typo keys of both consonant keys of a name with "rn";
# 3: initials as letter masks (person.initials), Russian -ия/-аев/-оев/-еев endings merged;
# 4: whether Chinese or Korean syllables spell each part, and Korean family names (tok_roman);
# 5: TS and Z (Russian ц) and the -ьев ending (YEV / EV / JEW) merged in canonical spellings.
# 6: the Duden transcription of Russian surnames (Sacharow, Schurawlew) read in ICAO letters.
# 7: one memory-mapped file of raw arrays; hashed lookup tables instead of dictionaries.
# 8: typo keys folded like skeletons (a deletion that leaves a doubled consonant); a Russian
#    name's initial YE / JE read as ICAO 9303 E; Hangul in Revised Romanization with its
#    final sounds (Baek, not anyascii's Baeg).
FORMAT_VERSION = 8


def room(size: int) -> int:
    """Spare rows a saved column keeps: an eighth of its size, at least 1,024."""
    return max(1024, size // 8)


class Column:
    """A numpy array that grows by doubling, so single appends stay cheap."""

    __slots__ = ("data", "fill", "size")

    def __init__(self, dtype: Any, tail: tuple[int, ...] = (), fill: Any = 0) -> None:
        self.fill = fill
        self.data: npt.NDArray[Any] = np.full((16, *tail), fill, dtype=dtype)
        self.size = 0

    @classmethod
    def of(cls, values: npt.NDArray[Any], fill: Any = 0, size: int | None = None) -> Column:
        """Wrap an array whose first ``size`` rows are in use (all of them by default)."""
        column = cls(values.dtype, values.shape[1:], fill)
        column.data = values
        column.size = len(values) if size is None else size
        return column

    def extend(self, values: Any) -> None:
        if not len(values):
            return
        array = np.asarray(values, dtype=self.data.dtype)
        need = self.size + len(array)
        if need > len(self.data):
            grown = np.full(
                (max(need, 2 * len(self.data)), *self.data.shape[1:]),
                self.fill,
                dtype=self.data.dtype,
            )
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        self.data[self.size : need] = array
        self.size = need

    @property
    def view(self) -> npt.NDArray[Any]:
        return self.data[: self.size]

    def take(self, rows: npt.NDArray[Any]) -> Column:
        """A new column of the rows ``rows`` (an index array or a mask)."""
        return Column.of(self.view[rows].copy(), self.fill)

    def saved(self) -> dict[str, npt.NDArray[Any]]:
        spare = np.full((room(self.size), *self.data.shape[1:]), self.fill, dtype=self.data.dtype)
        return {"": np.concatenate([self.view, spare])}

    @classmethod
    def loaded(cls, arrays: dict[str, npt.NDArray[Any]], size: int, fill: Any) -> Column:
        return cls.of(arrays[""], fill, size)


class TextColumn:
    """A column of strings kept only packed (:class:`PackedText`), never as Python objects.

    ``letters`` columns hold letters a-z that the compiled comparisons read; the others
    hold text in any script as UTF-8, read back one string at a time for explanations.
    """

    __slots__ = ("letters", "packed")

    def __init__(self, letters: bool = True) -> None:
        self.letters = letters
        self.packed = PackedText()

    @property
    def size(self) -> int:
        return self.packed.count

    def extend(self, values: Any) -> None:
        if self.letters:
            self.packed.extend(values)
        else:
            self.packed.extend_text(values)

    def get(self, i: int) -> str:
        return self.packed.get(i)

    def strings(self, rows: Any) -> list[str]:
        return self.packed.strings(rows)

    def take(self, rows: npt.NDArray[Any]) -> TextColumn:
        if rows.dtype == np.bool_:
            rows = np.flatnonzero(rows)
        column = TextColumn(self.letters)
        column.packed = self.packed.take(rows)
        return column

    def saved(self) -> dict[str, npt.NDArray[Any]]:
        codes, starts = self.packed.used
        spare_codes = np.zeros(room(len(codes)), dtype=np.uint8)
        spare_starts = np.zeros(room(len(starts)), dtype=np.int64)
        return {
            "codes": np.concatenate([codes, spare_codes]),
            "starts": np.concatenate([starts, spare_starts]),
        }

    @classmethod
    def loaded(cls, arrays: dict[str, npt.NDArray[Any]], size: int, letters: bool) -> TextColumn:
        column = cls(letters)
        column.packed = PackedText.of(arrays["codes"], arrays["starts"], size)
        return column


def write_archive(path: str | Path, meta: dict[str, Any], arrays: dict[str, npt.NDArray[Any]]) -> None:
    save_arrays(path, arrays, {**meta, "format": FORMAT_NAME, "version": FORMAT_VERSION})


def read_archive(
    path: str | Path, *, mapped: bool = True
) -> tuple[dict[str, Any], dict[str, npt.NDArray[Any]]]:
    """The metadata and arrays of a saved index; with ``mapped``, views of the mapped file.

    The file holds raw numeric arrays and a JSON header only, so loading a file from an
    untrusted place cannot execute code.
    """
    arrays, meta = load_arrays(path, mmap_file=mapped)
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise ValueError(f"{path} is not a person index")
    if meta.get("version") != FORMAT_VERSION:
        raise ValueError(f"unsupported person index version {meta.get('version')}")
    return meta, arrays
