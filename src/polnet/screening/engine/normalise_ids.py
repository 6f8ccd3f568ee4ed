"""The compact keyed storage shared by the identifier indexes.

Identifiers are normalised by the rules in :mod:`polnet.identifiers`; candidates that
differ only by characters OCR commonly confuses share one *confusable key*
(``pack_key(confusables.folded(value))``), so exact and near candidates come out of a
single hash lookup.

Keys are packed into non-negative 64-bit integers (bijectively for up to 12 characters
of 0-9A-Z, by BLAKE2b otherwise) and looked up in :class:`KeyTable`, an open-addressing
table held in two numpy arrays. Compared with a ``dict`` of 10 M string keys (measured:
1.15 GiB and 11 s to fill) it takes about 200 MB, saves and loads as raw arrays (or is
memory-mapped, so worker processes share one copy) and answers batches with numpy.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import struct
import tempfile
from array import array
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

# Offsets of the bijective base-36 numbering: strings of length n occupy
# [_OFFSETS[n], _OFFSETS[n] + 36**n). The 12-character range ends below 2**63.
_PACK_MAX = 12
_OFFSETS: list[int] = [sum(36**k for k in range(n)) for n in range(_PACK_MAX + 1)]


def pack_key(value: str | bytes) -> int:
    """Map a string to a non-negative int64: exact for <= 12 chars of 0-9A-Z, else hashed.

    Hashed keys may collide; every index verifies candidates against stored text.
    """
    n = len(value)
    if n <= _PACK_MAX and value.isascii() and value.isalnum():
        return int(value, 36) + _OFFSETS[n]
    raw = value.encode() if isinstance(value, str) else value
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "little") >> 1


_MIX = 0x9E3779B97F4A7C15  # Fibonacci hashing multiplier
_M64 = (1 << 64) - 1
_EMPTY = -1
_MAX_LOAD = 0.7
I64 = NDArray[np.int64]
I32 = NDArray[np.int32]


class KeyTable:
    """Open-addressing hash map from non-negative int64 keys to int32 values.

    Linear probing; keys are never deleted (callers store -1 as the value instead),
    which keeps probing simple and suits indexes whose keys come back after removal.
    """

    __slots__ = ("_kmv", "_mask", "_shift", "_vmv", "count", "keys", "vals")

    def __init__(self, keys: I64, vals: I32, count: int) -> None:
        self.count = count
        self._set(keys, vals)

    @classmethod
    def of(cls, keys: I64, vals: I32) -> KeyTable:
        """Wrap saved arrays."""
        return cls(keys, vals, int(np.count_nonzero(keys != _EMPTY)))

    def _set(self, keys: I64, vals: I32) -> None:
        self.keys, self.vals = keys, vals
        bits = len(keys).bit_length() - 1
        self._mask, self._shift = (1 << bits) - 1, 64 - bits
        self._kmv, self._vmv = keys.data, vals.data  # C-speed element access from Python

    @classmethod
    def from_pairs(cls, keys: I64, vals: I32, load: float = 0.6) -> KeyTable:
        """Build from unique keys in one vectorised pass (rounds of parallel probing)."""
        n = len(keys)
        bits = max(4, int(np.ceil(np.log2(max(n, 1) / load))))
        table = cls(np.full(1 << bits, _EMPTY, np.int64), np.full(1 << bits, _EMPTY, np.int32), 0)
        table._place(keys, vals)
        return table

    def add_many(self, keys: I64, vals: I32) -> None:
        """Insert keys that are not in the table yet (each once), vectorised."""
        if self.count + len(keys) > _MAX_LOAD * len(self.keys):
            used = self.keys != _EMPTY
            grown = KeyTable.from_pairs(
                np.concatenate([self.keys[used], keys]), np.concatenate([self.vals[used], vals])
            )
            self._set(grown.keys, grown.vals)
            self.count = grown.count
            return
        self._place(keys, vals)

    def _place(self, keys: I64, vals: I32) -> None:
        tkeys, tvals, mask = self.keys, self.vals, self._mask
        claim = np.empty(len(tkeys), np.int64)
        pending = np.arange(len(keys), dtype=np.int64)
        pos = _home(keys, 64 - self._shift)
        while pending.size:
            free = tkeys[pos] == _EMPTY
            cand, slot = pending[free], pos[free]
            claim[slot] = cand  # one writer per slot survives
            won = claim[slot] == cand
            tkeys[slot[won]] = keys[cand[won]]
            tvals[slot[won]] = vals[cand[won]]
            keep = np.ones(pending.size, bool)
            keep[np.flatnonzero(free)[won]] = False
            pending, pos = pending[keep], (pos[keep] + 1) & mask
        self.count += len(keys)

    def get(self, key: int) -> int:
        kmv, mask = self._kmv, self._mask
        i = ((key * _MIX) & _M64) >> self._shift
        k: int = kmv[i]
        while k != key:
            if k == _EMPTY:
                return _EMPTY
            i = (i + 1) & mask
            k = kmv[i]
        v: int = self._vmv[i]
        return v

    def put(self, key: int, val: int) -> None:
        if self.count + 1 > _MAX_LOAD * len(self.keys):
            used = self.keys != _EMPTY
            grown = KeyTable.from_pairs(self.keys[used], self.vals[used], load=0.35)
            self._set(grown.keys, grown.vals)
        kmv, mask = self._kmv, self._mask
        i = ((key * _MIX) & _M64) >> self._shift
        while kmv[i] != key and kmv[i] != _EMPTY:
            i = (i + 1) & mask
        if kmv[i] == _EMPTY:
            self.count += 1
            self.keys[i] = key
        self.vals[i] = val

    def get_many(self, query: I64) -> I32:
        """Vectorised :meth:`get`: -1 where a key is absent."""
        out = np.full(len(query), _EMPTY, np.int32)
        idx = np.arange(len(query), dtype=np.int64)
        pos = _home(query, 64 - self._shift)
        q = query
        while idx.size:
            k = self.keys[pos]
            hit = k == q
            out[idx[hit]] = self.vals[pos[hit]]
            more = ~hit & (k != _EMPTY)
            idx, q, pos = idx[more], q[more], (pos[more] + 1) & self._mask
        return out


def chain_rows(keys: I64) -> tuple[I32, KeyTable]:
    """Link rows sharing a key: ``next`` per row (ascending) and a key -> first-row table.

    Rows whose key is -1 stay unlinked.
    """
    nxt = np.full(len(keys), _EMPTY, np.int32)
    rows = np.flatnonzero(keys >= 0)
    order = rows[np.argsort(keys[rows], kind="stable")]
    sk = keys[order]
    same = sk[1:] == sk[:-1]
    nxt[order[:-1][same]] = order[1:][same]
    starts = np.flatnonzero(np.concatenate(([True], ~same))) if len(order) else order
    return nxt, KeyTable.from_pairs(sk[starts], order[starts].astype(np.int32))


def _home(keys: I64, bits: int) -> I64:
    mixed = keys.view(np.uint64) * np.uint64(_MIX)
    return (mixed >> np.uint64(64 - bits)).astype(np.int64)


# File format: magic, u64 header length, JSON header, then 64-byte aligned raw arrays.
_MAGIC = b"POLNETIX"
_ALIGN = 64


def save_arrays(path: str | Path, arrays: Mapping[str, NDArray[Any]], meta: object) -> None:
    """Write arrays and JSON metadata to one file, atomically (temp file + rename).

    The rename keeps readers that memory-mapped the previous file valid.
    """
    path = Path(path)
    specs: list[tuple[str, str, list[int], int]] = []
    offset = 0
    for name, arr in arrays.items():
        specs.append((name, arr.dtype.str, list(arr.shape), offset))
        offset += -(-arr.nbytes // _ALIGN) * _ALIGN
    header = json.dumps({"arrays": specs, "meta": meta}).encode()
    start = -(-(len(_MAGIC) + 8 + len(header)) // _ALIGN) * _ALIGN
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC + struct.pack("<Q", len(header)) + header)
            for (_, _, _, off), arr in zip(specs, arrays.values(), strict=True):
                f.seek(start + off)
                f.write(np.ascontiguousarray(arr).data)
            f.truncate(start + offset)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_arrays(path: str | Path, *, mmap_file: bool = True) -> tuple[dict[str, Any], Any]:
    """Read a file written by :func:`save_arrays`; returns (arrays, meta).

    With ``mmap_file`` the arrays are copy-on-write views of the mapped file: load
    is immediate, pages are shared between processes and writes stay private.
    """
    with open(path, "rb") as f:
        if f.read(len(_MAGIC)) != _MAGIC:
            raise ValueError(f"{path}: not a polnet index file")
        (hlen,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(hlen))
        start = -(-(len(_MAGIC) + 8 + hlen) // _ALIGN) * _ALIGN
        buf: Any = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY) if mmap_file else None
        out: dict[str, Any] = {}
        for name, dtype_str, shape, off in header["arrays"]:
            dtype = np.dtype(dtype_str)
            count = int(np.prod(shape)) if shape else 1
            if buf is not None and count:
                arr = np.frombuffer(buf, dtype, count, start + off)
            else:
                f.seek(start + off)
                arr = np.fromfile(f, dtype, count)
            out[name] = arr.reshape(shape)
    return out, header["meta"]


def text_column(col: list[str]) -> tuple[I64, Any]:
    """Concatenated UTF-8 texts and their offsets."""
    joined = "".join(col)
    enc = col if joined.isascii() else [s.encode() for s in col]
    off = np.zeros(len(col) + 1, np.int64)
    np.cumsum(np.fromiter(map(len, enc), np.int64, len(col)), out=off[1:])
    return off, np.frombuffer(joined.encode(), np.uint8).copy()


def int_array(values: array[int], dtype: type[np.int32] | type[np.int64]) -> Any:
    """Copy an ``array.array`` of ints into numpy."""
    return np.frombuffer(values, dtype).copy() if len(values) else np.empty(0, dtype)
