"""Growable columns and the on-disk format of the person index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from polnet.screening.engine.text_kernels import PackedText, pack

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "Column", "TextColumn", "decode_strings", "encode_strings"]

FORMAT_NAME = "polnet.person-index"
# 2: typo keys of both consonant keys of a name with "rn";
# 3: initials as letter masks (person.initials), Russian -ия/-аев/-оев/-еев endings merged;
# 4: whether Chinese or Korean syllables spell each part, and Korean family names (tok_roman);
# 5: TS and Z (Russian ц) and the -ьев ending (YEV / EV / JEW) merged in canonical spellings.
# 6: the Duden transcription of Russian surnames (Sacharow, Schurawlew) read in ICAO letters.
FORMAT_VERSION = 6
_SEPARATOR = "\x00"


class Column:
    """A numpy array that grows by doubling, so single appends stay cheap."""

    __slots__ = ("data", "fill", "size")

    def __init__(self, dtype: Any, tail: tuple[int, ...] = (), fill: Any = 0) -> None:
        self.fill = fill
        self.data: npt.NDArray[Any] = np.full((16, *tail), fill, dtype=dtype)
        self.size = 0

    @classmethod
    def of(cls, values: npt.NDArray[Any], fill: Any = 0) -> Column:
        column = cls(values.dtype, values.shape[1:], fill)
        column.data = values
        column.size = len(values)
        return column

    def extend(self, values: Any) -> None:
        if not len(values):
            return
        if self.data.dtype == object:
            array = np.empty(len(values), dtype=object)
            array[:] = values
        else:
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


class TextColumn(Column):
    """A column of name strings (letters a-z) that also keeps them packed for compiled comparison."""

    __slots__ = ("packed",)

    def __init__(self, dtype: Any = object, tail: tuple[int, ...] = (), fill: Any = "") -> None:
        super().__init__(dtype, tail, fill)
        self.packed = PackedText()

    @classmethod
    def of(cls, values: npt.NDArray[Any], fill: Any = "") -> TextColumn:
        column = cls(values.dtype, values.shape[1:], fill)
        column.data, column.size = values, len(values)
        column.packed = pack(values)
        return column

    def extend(self, values: Any) -> None:
        super().extend(values)
        self.packed.extend(values)


def encode_strings(values: Any) -> npt.NDArray[np.uint8]:
    """Strings as one UTF-8 buffer; NUL separates them (names never hold NUL)."""
    return np.frombuffer(_SEPARATOR.join(values).encode("utf-8"), dtype=np.uint8).copy()


def decode_strings(buffer: npt.NDArray[np.uint8], count: int) -> npt.NDArray[np.object_]:
    array = np.empty(count, dtype=object)
    if count:
        parts = buffer.tobytes().decode("utf-8").split(_SEPARATOR)
        if len(parts) != count:
            raise ValueError("corrupt person index: string table length mismatch")
        array[:] = parts
    return array


def write_archive(path: str | Path, meta: dict[str, Any], arrays: dict[str, Any]) -> None:
    header = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    with open(path, "wb") as handle:
        np.savez(handle, meta=header, **arrays)


def read_archive(path: str | Path) -> tuple[dict[str, Any], dict[str, npt.NDArray[Any]]]:
    # allow_pickle=False: the file holds plain numeric arrays only, so loading
    # a file from an untrusted place cannot execute code.
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    meta = json.loads(arrays.pop("meta").tobytes().decode("utf-8"))
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise ValueError(f"{path} is not a person index")
    if meta.get("version") != FORMAT_VERSION:
        raise ValueError(f"unsupported person index version {meta.get('version')}")
    return meta, arrays
