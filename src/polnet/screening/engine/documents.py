"""Stolen and lost travel documents: exact and OCR-near lookups by number and issuing country.

Each document is chained under the confusable key of its number (see
:mod:`polnet.identifiers.normalise`), so one hash probe yields the exact match and every variant one
OCR confusion away; candidates are then classified by counting differing positions.
Numbers two or more confusions away are not reported: at 10 M documents that many
substitutions mostly surface unrelated documents (``max_confusions`` can raise it).
Issuing countries are 3-letter codes (:func:`polnet.identifiers.documents.normalise_country`);
leading zeros are significant, since they are in printed document numbers.

:class:`RowStore` and :class:`RecordIndex` are the compact storage and maintenance
shared with the vehicle and firearm indexes.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, ClassVar, Generic, NamedTuple, Self, TypeVar

import numpy as np

from polnet.identifiers.documents import normalise_country, normalise_document_number
from polnet.identifiers.errors import IdentifierProblem, InputRefused
from polnet.identifiers.normalise import OCR, describe_confusions, normalise_identifier

from .boundary import Allowed, Answer, Clause, DocumentQuery, Feature, confusion_notes, identifier_candidate
from .normalise_ids import (
    I32,
    I64,
    KeyTable,
    chain_rows,
    int_array,
    load_arrays,
    pack_key,
    save_arrays,
    text_column,
)

# A row as the store takes it: (record_id, *texts, *categories, *chain keys).
Record = tuple[Any, ...]
_T = TypeVar("_T", bound=tuple[Any, ...])
_FORMAT_VERSION = 1


class RowStore:
    """Growable columnar rows: record ids, texts, categories and chains by key.

    A row holds one version of a record. Removing a record clears its ``alive`` flag
    and maps its id to -1; chains skip dead rows until :meth:`compact` drops them.
    Categories are interned (code 0 is the empty string) to keep rows small. Texts,
    categories and keys are passed positionally, in the order given to the constructor;
    a key of -1 leaves the row out of that chain.
    """

    def __init__(self, texts: Sequence[str], cats: Sequence[str], chains: Sequence[str]) -> None:
        self.texts, self.cats, self.chains = tuple(texts), tuple(cats), tuple(chains)
        self.bulk(())

    def bulk(self, records: Iterable[Record]) -> None:
        """Replace the contents with flat ``(record_id, *texts, *cats, *keys)`` records."""
        nt, nc = len(self.texts), len(self.cats)
        ids, texts = array("q"), [list[str]() for _ in self.texts]
        lookups = [{"": 0} for _ in self.cats]
        codes, keys = [array("i") for _ in self.cats], [array("q") for _ in self.chains]
        it = iter(records)
        while chunk := list(islice(it, 65536)):
            cols = list(zip(*chunk, strict=True))  # transpose in C, not per row in Python
            ids.extend(cols[0])
            for t, col in zip(texts, cols[1 : 1 + nt], strict=True):
                t.extend(col)
            for d, c, col in zip(lookups, codes, cols[1 + nt : 1 + nt + nc], strict=True):
                for v in dict.fromkeys(col):  # first-seen order keeps codes reproducible
                    d.setdefault(v, len(d))
                c.extend(map(d.__getitem__, col))
            for k, col in zip(keys, cols[1 + nt + nc :], strict=True):
                k.extend(col)
        self.codes = dict(zip(self.cats, lookups, strict=True))
        self.values = {c: list(d) for c, d in self.codes.items()}
        self.install(
            int_array(ids, np.int64),
            [text_column(col) for col in texts],
            [int_array(c, np.int32) for c in codes],
            [int_array(k, np.int64) for k in keys],
        )

    def install(
        self,
        record_id: I64,
        texts: Sequence[tuple[I64, Any]],
        cats: Sequence[I32],
        keys: Sequence[I64],
    ) -> None:
        """Set all columns for ``len(record_id)`` live rows and rebuild every table."""
        n, ordered = len(record_id), np.sort(record_id)
        if n and (ordered[0] < 0 or (ordered[1:] == ordered[:-1]).any()):
            raise ValueError("record ids must be unique and non-negative")
        self.n = self.live = n
        a: dict[str, Any] = {"record_id": record_id, "alive": np.ones(n, np.uint8)}
        for t, (off, blob) in zip(self.texts, texts, strict=True):
            a["off:" + t], a["blob:" + t] = off, blob
        self.blob_len = {t: int(a["off:" + t][-1]) for t in self.texts}
        a |= {"cat:" + c: codes for c, codes in zip(self.cats, cats, strict=True)}
        for k, key in zip(self.chains, keys, strict=True):
            a["key:" + k] = key
            a["next:" + k], heads = chain_rows(key)
            a["head:" + k + ":keys"], a["head:" + k + ":vals"] = heads.keys, heads.vals
        ids = KeyTable.from_pairs(record_id, np.arange(n, dtype=np.int32))
        a["ids:keys"], a["ids:vals"] = ids.keys, ids.vals
        self._attach(a)

    def _attach(self, arrays: dict[str, Any]) -> None:
        self.arrays = arrays
        self.ids = KeyTable.of(arrays.pop("ids:keys"), arrays.pop("ids:vals"))
        self.heads = {
            k: KeyTable.of(arrays.pop(f"head:{k}:keys"), arrays.pop(f"head:{k}:vals")) for k in self.chains
        }
        self._views()

    def _views(self) -> None:
        self.mv: dict[str, memoryview] = {name: arr.data for name, arr in self.arrays.items()}

    def _grow(self, blob_need: Sequence[int]) -> None:
        a, cap, changed = self.arrays, len(self.arrays["record_id"]), False
        if self.n == cap:
            for name, arr in a.items():
                if not name.startswith("blob:"):
                    a[name] = grown = np.empty(len(arr) + max(16, cap), arr.dtype)
                    grown[: len(arr)] = arr
            changed = True
        for t, need in zip(self.texts, blob_need, strict=True):
            blob = a["blob:" + t]
            if self.blob_len[t] + need > len(blob):
                a["blob:" + t] = grown = np.empty(2 * len(blob) + need + 64, np.uint8)
                grown[: len(blob)] = blob
                changed = True
        if changed:
            self._views()

    def append(self, record: Record) -> int:
        """Add one flat record (see :meth:`bulk`); returns its row."""
        nt, nc = len(self.texts), len(self.cats)
        record_id: int = record[0]
        texts, cats, keys = record[1 : 1 + nt], record[1 + nt : 1 + nt + nc], record[1 + nt + nc :]
        if record_id < 0:
            raise ValueError("record_id must be non-negative")
        if self.ids.get(record_id) >= 0:
            raise KeyError(f"record {record_id} already indexed")
        enc = [t.encode() for t in texts]
        self._grow([len(b) for b in enc])
        a, r = self.arrays, self.n
        a["record_id"][r], a["alive"][r] = record_id, 1
        for t, b in zip(self.texts, enc, strict=True):
            start = self.blob_len[t]
            self.blob_len[t] = end = start + len(b)
            a["blob:" + t][start:end] = np.frombuffer(b, np.uint8)
            a["off:" + t][r + 1] = end
        for c, v in zip(self.cats, cats, strict=True):
            a["cat:" + c][r] = code = self.codes[c].setdefault(v, len(self.values[c]))
            if code == len(self.values[c]):
                self.values[c].append(v)
        for k, key in zip(self.chains, keys, strict=True):
            a["key:" + k][r], a["next:" + k][r] = key, -1
            if key >= 0:
                a["next:" + k][r] = self.heads[k].get(key)
                self.heads[k].put(key, r)
        self.ids.put(record_id, r)
        self.n, self.live = r + 1, self.live + 1
        return r

    def kill(self, record_id: int) -> bool:
        r = self.row(record_id)
        if r < 0:
            return False
        self.arrays["alive"][r] = 0
        self.ids.put(record_id, -1)
        self.live -= 1
        if self.n - self.live > max(100_000, self.live):
            self.compact()
        return True

    def compact(self) -> None:
        """Drop dead rows; renumbers rows and rebuilds the tables."""
        a = self.arrays
        keep = np.flatnonzero(a["alive"][: self.n])
        texts = []
        for t in self.texts:
            off = a["off:" + t]
            starts, lens = off[keep], off[keep + 1] - off[keep]
            new_off = np.zeros(len(keep) + 1, np.int64)
            np.cumsum(lens, out=new_off[1:])
            src = np.repeat(starts - new_off[:-1], lens) + np.arange(new_off[-1])
            texts.append((new_off, a["blob:" + t][src]))
        cats = [a["cat:" + c][keep] for c in self.cats]
        self.install(a["record_id"][keep], texts, cats, [a["key:" + k][keep] for k in self.chains])

    def row(self, record_id: int) -> int:
        return self.ids.get(record_id) if record_id >= 0 else -1

    def text(self, name: str, row: int) -> str:
        off = self.mv["off:" + name]
        return bytes(self.mv["blob:" + name][off[row] : off[row + 1]]).decode()

    def cat(self, name: str, row: int) -> str:
        return self.values[name][self.mv["cat:" + name][row]]

    def rows(self, chain: str, head: int) -> list[int]:
        """Live rows of the chain starting at ``head`` (as returned by a head table)."""
        alive, nxt, out = self.mv["alive"], self.mv["next:" + chain], []
        while head >= 0:
            if alive[head]:
                out.append(head)
            head = nxt[head]
        return out

    def save(self, path: str | Path, kind: str) -> None:
        n, out = self.n, {}
        for name, arr in self.arrays.items():
            size = self.blob_len.get(name[5:], 0) if name.startswith("blob:") else n
            out[name] = arr[: size + 1] if name.startswith("off:") else arr[:size]
        out["ids:keys"], out["ids:vals"] = self.ids.keys, self.ids.vals
        for k, t in self.heads.items():
            out[f"head:{k}:keys"], out[f"head:{k}:vals"] = t.keys, t.vals
        meta = {"kind": kind, "version": _FORMAT_VERSION, "n": n, "live": self.live}
        save_arrays(path, out, meta | {"values": self.values})

    def load(self, path: str | Path, kind: str, *, mmap_file: bool = True) -> None:
        arrays, meta = load_arrays(path, mmap_file=mmap_file)
        if meta.get("kind") != kind or meta.get("version") != _FORMAT_VERSION:
            raise ValueError(f"{path}: not a {kind} index of format {_FORMAT_VERSION}")
        self.n, self.live = meta["n"], meta["live"]
        self.values = {c: list(v) for c, v in meta["values"].items()}
        self.codes = {c: {v: i for i, v in enumerate(vs)} for c, vs in self.values.items()}
        self.blob_len = {t: len(arrays["blob:" + t]) for t in self.texts}
        self._attach(arrays)


def _new(cls: type[_T], values: tuple[Any, ...]) -> _T:
    """Build a NamedTuple from a complete tuple, skipping its slower keyword ``__new__``."""
    return tuple.__new__(cls, values)


class DocumentRow(NamedTuple):
    record_id: int
    number: str
    issuing_country: str
    kind: str = ""
    status: str = ""


class DocumentMatch(NamedTuple):
    record_id: int
    number: str
    issuing_country: str
    kind: str
    status: str
    exact: bool
    confusions: tuple[int, ...]  # 0-based positions of the query read differently
    reason: str


class DocumentCheckResult(NamedTuple):
    number: str  # the query, normalised
    issuing_country: str | None
    matches: tuple[DocumentMatch, ...]

    @property
    def hit(self) -> bool:
        return bool(self.matches)

    @property
    def exact(self) -> tuple[DocumentMatch, ...]:
        return tuple(m for m in self.matches if m.exact)

    @property
    def near(self) -> tuple[DocumentMatch, ...]:
        return tuple(m for m in self.matches if not m.exact)


_R = TypeVar("_R", bound=tuple[Any, ...])


class RecordIndex(Generic[_R]):
    """Maintenance shared by the identifier indexes: a schema, and how a row becomes a record.

    Subclasses set the :class:`RowStore` columns and ``_record`` (row -> flat
    :data:`Record`), which also validates and normalises the row.
    """

    _KIND: ClassVar[str]
    _SCHEMA: ClassVar[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]

    def __init__(self) -> None:
        self._s = RowStore(*self._SCHEMA)

    @classmethod
    def _record(cls, row: _R) -> Record:
        raise NotImplementedError

    def __len__(self) -> int:
        return self._s.live

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, int) and self._s.row(record_id) >= 0

    def add(self, row: _R) -> None:
        """Index a new record; ``KeyError`` if its record_id is already indexed."""
        self._s.append(self._record(row))

    def update(self, row: _R) -> None:
        """Replace the record with this record_id, or add it (upsert)."""
        record = self._record(row)  # reject a bad row before dropping the old version
        self._s.kill(record[0])
        self._s.append(record)

    def remove(self, record_id: int) -> bool:
        """Drop a record; False if it was not indexed."""
        return self._s.kill(record_id)

    @classmethod
    def build(cls, rows: Iterable[_R]) -> Self:
        """Index many rows at once; duplicate record ids raise ``ValueError``."""
        idx = cls()
        idx._s.bulk(map(cls._record, rows))
        return idx

    def save(self, path: str | Path) -> None:
        """Write to one file, atomically."""
        self._s.save(path, self._KIND)

    @classmethod
    def load(cls, path: str | Path, *, mmap: bool = True) -> Self:
        """Load a saved index; with ``mmap`` the file is mapped copy-on-write (shared pages)."""
        idx = cls()
        idx._s.load(path, cls._KIND, mmap_file=mmap)
        return idx


class DocumentIndex(RecordIndex[DocumentRow]):
    """In-memory index of travel documents, fed from plain rows."""

    _KIND = "documents"
    _SCHEMA = (("number",), ("country", "kind", "status"), ("number",))

    @classmethod
    def _record(cls, row: DocumentRow) -> Record:
        record_id, number, country, kind, status = row
        num = normalise_document_number(number)
        return record_id, num, normalise_country(country), kind, status, pack_key(OCR.folded(num))

    def check(
        self,
        number: str,
        issuing_country: str | None,
        *,
        allowed: Allowed = None,
        max_confusions: int = 1,
    ) -> DocumentCheckResult:
        """Exact and near matches for a document; ``issuing_country=None`` searches all.

        ``allowed(record_id)`` is the caller's access policy: records it rejects are
        never returned.
        """
        num = normalise_identifier(number)
        if not num:
            raise InputRefused(IdentifierProblem.DOCUMENT_NUMBER_EMPTY, f"empty document number: {number!r}")
        country = None if issuing_country is None else normalise_country(issuing_country)
        head = self._s.heads["number"].get(pack_key(OCR.folded(num)))
        if head < 0:  # the common case: nothing similar is indexed
            return _new(DocumentCheckResult, (num, country, ()))
        return self._collect(num, country, head, allowed, max_confusions)

    def screen(
        self, query: DocumentQuery, *, allowed: Allowed = None, limit: int | None = None
    ) -> Answer[DocumentQuery]:
        """:meth:`check` for the screening service: scored candidates, exact ones first."""
        found = self.check(query.number, query.issuing_country, allowed=allowed)
        read = DocumentQuery(found.number, found.issuing_country)
        if not found.matches:  # nearly every check at a border
            return Answer(read, ())
        candidates = tuple(
            identifier_candidate(
                m.record_id,
                "document_number",
                m.exact,
                m.reason,
                _why(found, m),
                Feature(
                    "status",
                    1.0,
                    True,
                    0.0,
                    f"{m.kind} reported {m.status}",
                    code="document_status",
                    params=(("kind", m.kind), ("status", m.status)),
                ),
            )
            for m in found.matches[:limit]
        )
        return Answer(read, candidates)

    def check_many(
        self,
        queries: Iterable[tuple[str, str | None]],
        *,
        allowed: Allowed = None,
        max_confusions: int = 1,
    ) -> list[DocumentCheckResult]:
        """:meth:`check` for (number, issuing_country) pairs, probing the table in one pass."""
        nums: list[str] = []
        countries: list[str | None] = []
        keys = array("q")
        for number, country in queries:
            num = normalise_document_number(number)
            nums.append(num)
            countries.append(None if country is None else normalise_country(country))
            keys.append(pack_key(OCR.folded(num)))
        heads = self._s.heads["number"].get_many(int_array(keys, np.int64)).tolist()
        collect, empty = self._collect, DocumentCheckResult
        return [
            collect(n, c, h, allowed, max_confusions) if h >= 0 else _new(empty, (n, c, ()))
            for n, c, h in zip(nums, countries, heads, strict=True)
        ]

    def _collect(
        self, num: str, country: str | None, head: int, allowed: Allowed, max_confusions: int
    ) -> DocumentCheckResult:
        s, found = self._s, []
        mv = s.mv
        code = -1 if country is None else s.codes["country"].get(country, -2)
        alive, nxt, countries = mv["alive"], mv["next:number"], mv["cat:country"]
        off, blob = mv["off:number"], mv["blob:number"]
        row = head
        while row >= 0:
            if alive[row] and (code == -1 or countries[row] == code):
                rec = bytes(blob[off[row] : off[row + 1]]).decode()
                pos = () if rec == num else OCR.diff(num, rec)
                rid: int = mv["record_id"][row]
                if pos is not None and len(pos) <= max_confusions and (allowed is None or allowed(rid)):
                    issued = s.cat("country", row)
                    why = f"number {rec} issued by {issued}"
                    why = f"near: {why}; {describe_confusions(num, rec, pos)}" if pos else f"exact: {why}"
                    why += " (issuing country not given)" if country is None else ""
                    kind, status = s.cat("kind", row), s.cat("status", row)
                    found.append(_new(DocumentMatch, (rid, rec, issued, kind, status, not pos, pos, why)))
            row = nxt[row]
        if len(found) > 1:
            found.sort(key=lambda m: (len(m.confusions), m.record_id))
        return _new(DocumentCheckResult, (num, country, tuple(found)))


def _why(found: DocumentCheckResult, m: DocumentMatch) -> tuple[Clause, ...]:
    """A match's reason as clauses (see ``_collect``), built only for the candidates returned."""
    first = Clause(
        "document_exact" if m.exact else "document_near",
        (("number", m.number), ("country", m.issuing_country)),
    )
    notes = confusion_notes(found.number, m.number, m.confusions)
    unsaid = (Clause("document_any_country"),) if found.issuing_country is None else ()
    return (first, *notes, *unsaid)
