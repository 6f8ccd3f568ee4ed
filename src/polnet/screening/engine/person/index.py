"""In-memory index of persons: blocking codes -> candidates -> explained scores.

Postings live in two layers: a compact sorted array (built in bulk, saved to
disk) and a small dictionary that takes records added since, so ``add``,
``update`` and ``remove`` never rebuild the index. Removed records are
flagged dead and skipped; :meth:`PersonIndex.compact` (run automatically when
the dictionary grows large, and before saving) folds both layers together.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from polnet.screening.engine.boundary import Allowed, Answer, Candidate
from polnet.screening.engine.normalise_ids import KeyTable, chain_rows, pack_key
from polnet.screening.engine.person import search as person_search
from polnet.screening.engine.person.blocking import entry_codes
from polnet.screening.engine.person.dates import PartialDate
from polnet.screening.engine.person.evidence import SEX_CODES, nationality_code
from polnet.screening.engine.person.initials import initial_mask
from polnet.screening.engine.person.names import (
    analyse_token,
    detect_script,
    exact_keys,
    name_forms,
    typo_keys,
)
from polnet.screening.engine.person.romanization import romanized_bits
from polnet.screening.engine.person.score import MAX_TOKENS, is_vowelless, token_weight
from polnet.screening.engine.person.store import Column, TextColumn, read_archive, write_archive
from polnet.screening.engine.person.types import PersonMatch, PersonQuery, PersonRow
from polnet.screening.engine.text_kernels import PackedText

__all__ = ["DEFAULT_THRESHOLD", "PersonIndex"]

I64 = npt.NDArray[np.int64]

# Chosen with benchmarks/person_engine_quick.py (100 000 synthetic persons,
# two seeds): the highest score at which corrupted true records
# (transliteration, typos, OCR errors, swapped parts, missing middle names,
# partial, swapped or slipped dates) are still found 99 % of the time
# (measured 0.993) while precision against people who are not in the index
# stays at or above 0.95 (measured 0.955-0.958). Precision falls as the index
# grows (0.87 at 1 000 000 persons, where 0.74 gives 0.98 at recall 0.98).
DEFAULT_THRESHOLD = 0.68

_ROW_COLUMNS: tuple[str, ...] = ("record_ids", "alive", "year", "month", "day", "sex")
_ROW_COLUMNS += ("nationalities", "entry_start", "entry_count", "id_start", "id_count")
# A record's identifiers, one slot each: its row, the next slot with the same identifier.
_SLOT_COLUMNS: tuple[str, ...] = ("id_row", "id_next")
_ENTRY_COLUMNS: tuple[str, ...] = ("entry_row", "entry_tokens", "entry_joins", "entry_strict")
_SYLLABIC_SCRIPTS = frozenset({"Hani", "Hang"})
_TOKEN_COLUMNS: tuple[str, ...] = ("tok_weight", "tok_first", "tok_length", "tok_clen")
_TOKEN_COLUMNS += ("tok_particle", "tok_vowelless", "tok_roman", "tok_exact", "tok_typo_start", "tok_typo")
_ENTRY_STRINGS: tuple[str, ...] = ("entry_concat", "entry_skeleton", "entry_text", "entry_script")
_TOKEN_STRINGS: tuple[str, ...] = ("tok_form", "tok_canon", "tok_vkey", "tok_ckey")
# Text in any script, read for explanations only; the other strings are letters a-z.
_WRITTEN = frozenset(("entry_text", "entry_script", "id_value"))
_TABLES: tuple[str, ...] = ("tokens", "keys", "rows", "identifiers")
_EMPTY = np.empty(0, np.int64)


def _table() -> KeyTable:
    return KeyTable.from_pairs(_EMPTY, np.empty(0, np.int32))


def _blocking_key(key: str) -> int:
    # "c:" + consonants or "v:" + letters: without the colon, still one key per string.
    return pack_key(key.replace(":", ""))


@lru_cache(maxsize=65_536)  # common names recur across records
def _describe(text: str) -> tuple[tuple[str, ...], str, str, str]:
    """Parts, parts joined (canonical and consonants), and script of a name."""
    forms = name_forms(text)[:MAX_TOKENS]
    analysed = [analyse_token(f) for f in forms]
    concat = "".join(t.canon for t in analysed)
    return forms, concat, "".join(t.ckey for t in analysed), detect_script(text)


class PersonIndex:
    """Searchable set of :class:`PersonRow`.

    Searches may run in parallel threads; a write (``add``, ``update``,
    ``remove``, ``compact``) must run alone. ``add`` compacts by itself once
    more than max(20 000, 5 %) records were added since the last compaction,
    which takes seconds on a million records.

    Everything a search reads lives in numpy arrays, strings packed and lookups in
    hashed tables (:class:`KeyTable`): a saved index is memory-mapped by
    :meth:`load`, and the worker processes of one server share its pages.
    """

    def __init__(self) -> None:
        self._c: dict[str, Column] = {
            "record_ids": Column(np.int64),
            "alive": Column(np.bool_),
            "year": Column(np.int16),
            "month": Column(np.int8),
            "day": Column(np.int8),
            "sex": Column(np.int8),
            "nationalities": Column(np.uint16, (3,)),
            "entry_start": Column(np.int64),
            "entry_count": Column(np.int16),
            "id_start": Column(np.int64),
            "id_count": Column(np.int16),
            "entry_row": Column(np.int32),
            "entry_tokens": Column(np.int32, (MAX_TOKENS,), -1),
            "entry_joins": Column(np.int32, (MAX_TOKENS - 1,), -1),
            "entry_strict": Column(np.bool_),
            "tok_weight": Column(np.float32),
            "tok_first": Column(np.int32),
            "tok_length": Column(np.int32),
            "tok_clen": Column(np.int32),
            "tok_particle": Column(np.bool_),
            "tok_vowelless": Column(np.bool_),
            "tok_roman": Column(np.int8),
            "tok_exact": Column(np.int32, (2,), -1),
            "tok_typo_start": Column(np.int64),
            "tok_typo": Column(np.int32),
            "id_row": Column(np.int32),
            "id_next": Column(np.int32, fill=-1),
        }
        self._t: dict[str, TextColumn] = {
            name: TextColumn(letters=name not in _WRITTEN)
            for name in (*_ENTRY_STRINGS, *_TOKEN_STRINGS, "id_value")
        }
        self._c["tok_typo_start"].extend([0])
        # Name parts and keys of the batch being ingested, entered in the tables at its end.
        self._pending_tokens: list[str] = []
        self._written_tokens: list[str] = []
        self._pending_keys: list[str] = []
        self._batch_tokens: dict[str, int] = {}
        self._batch_keys: dict[str, int] = {}
        # Name part -> token id; blocking key -> key id; record id -> row (-1 once removed);
        # identifier -> its newest slot (the others follow ``id_next``).
        self._tokens = _table()
        self._keys = _table()
        self._rows = _table()
        self._identifiers = _table()
        self._key_count = 0
        self._alive = 0
        self._post_keys: I64 = np.empty(0, np.int64)
        self._post_start: I64 = np.zeros(1, np.int64)
        self._post_rows: npt.NDArray[np.int32] = np.empty(0, np.int32)
        self._delta: dict[int, list[int]] = {}
        self._delta_rows = 0

    # -- building -----------------------------------------------------------

    @classmethod
    def build(cls, rows: Iterable[PersonRow]) -> PersonIndex:
        index = cls()
        index._ingest(rows)
        index.compact()
        return index

    def __len__(self) -> int:
        return self._alive

    def __contains__(self, record_id: object) -> bool:
        if not isinstance(record_id, (int, np.integer)) or record_id < 0:
            return False
        return self._rows.get(int(record_id)) >= 0

    def add(self, row: PersonRow) -> None:
        if row.record_id in self:
            raise ValueError(f"record {row.record_id} is already indexed; use update()")
        first_entry = self._c["entry_row"].size
        self._ingest([row])
        entries = np.arange(first_entry, self._c["entry_row"].size)
        codes, owners = self._codes(entries)
        for code, owner in zip(codes.tolist(), owners.tolist(), strict=True):
            self._delta.setdefault(code, []).append(owner)
        self._delta_rows += 1
        if self._delta_rows > max(20_000, len(self) // 20):
            self.compact()

    def update(self, row: PersonRow) -> None:
        """Replace the record with the same id (or add it)."""
        self.remove(row.record_id)
        self.add(row)

    def remove(self, record_id: int) -> bool:
        row = self._rows.get(record_id) if record_id >= 0 else -1
        if row < 0:
            return False
        # The row stays until compaction, flagged dead: searches skip it.
        self._rows.put(record_id, -1)
        self._c["alive"].data[row] = False
        self._alive -= 1
        return True

    # -- lookups ------------------------------------------------------------

    def token_id(self, form: str) -> int:
        """The id of a name part (a form), or -1 if no record has it."""
        token = self._tokens.get(pack_key(form))
        return token if token >= 0 and self._same_form(token, form) else -1

    def _same_form(self, token: int, form: str) -> bool:
        # Forms of up to twelve letters are numbered one to one (pack_key); longer ones hashed.
        return len(form) <= 12 or self._token_form(token) == form

    def _token_form(self, token: int) -> str:
        forms = self._t["tok_form"]
        return forms.get(token) if token < forms.size else self._pending_tokens[token - forms.size]

    def key_id(self, key: str) -> int:
        """The id of a blocking key, or -1 if no name part has it.

        Keys longer than twelve letters are hashed: two such keys might share an id,
        which only adds candidates to a search, never removes one."""
        return self._keys.get(_blocking_key(key))

    def identifier_rows(self, identifier: str) -> list[int]:
        """Rows of records that carry this identifier (removed ones included: searches skip them)."""
        found: list[int] = []
        slot = self._identifiers.get(pack_key(identifier))
        values, rows, after = self._t["id_value"], self._c["id_row"].data, self._c["id_next"].data
        while slot >= 0:
            if values.get(slot) == identifier:
                found.append(int(rows[slot]))
            slot = int(after[slot])
        return found

    def identifiers_of(self, row: int) -> list[str]:
        start, count = int(self._c["id_start"].data[row]), int(self._c["id_count"].data[row])
        return self._t["id_value"].strings(range(start, start + count)) if count else []

    def text(self, column: str, i: int) -> str:
        """String ``i`` of a text column (an entry's name as written, its script, a name part)."""
        return self._t[column].get(i)

    def _token_id(self, form: str) -> int:
        token = self._batch_tokens.get(form)
        if token is None:
            token = self.token_id(form) if self._tokens.count else -1
            if token < 0:
                token = self._t["tok_form"].size + len(self._pending_tokens)
                self._pending_tokens.append(form)
            self._batch_tokens[form] = token
        return token

    def _key_id(self, key: str) -> int:
        found = self._batch_keys.get(key)
        if found is None:
            found = self.key_id(key) if self._keys.count else -1
            if found < 0:
                found = self._key_count + len(self._pending_keys)
                self._pending_keys.append(key)
            self._batch_keys[key] = found
        return found

    def _end_batch(self) -> None:
        """Enter the batch's new name parts and keys in the lookup tables, all at once."""
        self._flush_tokens()
        forms, first = self._written_tokens, self._t["tok_form"].size - len(self._written_tokens)
        keys, self._pending_keys = self._pending_keys, []
        self._written_tokens, self._batch_tokens, self._batch_keys = [], {}, {}
        for table, strings, start, packer in (
            (self._tokens, forms, first, pack_key),
            (self._keys, keys, self._key_count, _blocking_key),
        ):
            packed = np.fromiter(map(packer, strings), np.int64, len(strings))
            # Two long strings with one hash keep the first: the second is compared by letters.
            unique, at = np.unique(packed, return_index=True)
            table.add_many(unique, (start + at).astype(np.int32))
        self._key_count += len(keys)

    def _flush_tokens(self) -> None:
        if not self._pending_tokens:
            return
        tokens = [analyse_token(form) for form in self._pending_tokens]
        c, t = self._c, self._t
        t["tok_form"].extend(self._pending_tokens)
        self._written_tokens += self._pending_tokens
        self._pending_tokens = []
        t["tok_canon"].extend([x.canon for x in tokens])
        t["tok_vkey"].extend([x.vkey for x in tokens])
        t["tok_ckey"].extend([x.ckey for x in tokens])
        c["tok_weight"].extend([token_weight(x) for x in tokens])
        c["tok_first"].extend([initial_mask(x.form) for x in tokens])
        c["tok_length"].extend([len(x.form) for x in tokens])
        c["tok_clen"].extend([len(x.ckey) for x in tokens])
        c["tok_particle"].extend([x.particle for x in tokens])
        c["tok_vowelless"].extend([is_vowelless(x) for x in tokens])
        c["tok_roman"].extend([romanized_bits(x.form) for x in tokens])
        exact = [[self._key_id(k) for k in exact_keys(x)] for x in tokens]
        c["tok_exact"].extend([([*keys, -1, -1])[:2] for keys in exact])
        typos = [[self._key_id(k) for k in typo_keys(x)] for x in tokens]
        end = int(c["tok_typo_start"].view[-1])
        c["tok_typo_start"].extend(np.cumsum([len(x) for x in typos]) + end)
        c["tok_typo"].extend([k for keys in typos for k in keys])

    def _ingest(self, rows: Iterable[PersonRow]) -> None:
        c = self._c
        row = c["record_ids"].size
        entry = c["entry_row"].size
        slot = c["id_row"].size
        numbers = (*_ROW_COLUMNS, *_ENTRY_COLUMNS, *_SLOT_COLUMNS)
        cols: dict[str, list[object]] = {name: [] for name in numbers}
        texts: dict[str, list[str]] = {name: [] for name in (*_ENTRY_STRINGS, "id_value")}
        pad = [-1] * MAX_TOKENS
        for person in rows:
            if person.record_id < 0:
                raise ValueError(f"record id {person.record_id} is negative")
            if person.record_id in self:
                raise ValueError(f"record {person.record_id} appears twice")
            self._rows.put(person.record_id, row)
            count = 0
            strict = False
            for name in person.names:
                text = name.text.replace("\x00", "")
                forms, concat, skeleton, detected = _describe(text)
                if not forms:
                    continue
                tokens = [self._token_id(f) for f in forms]
                joins = [self._token_id(a + b) for a, b in itertools.pairwise(forms)]
                cols["entry_row"].append(row)
                cols["entry_tokens"].append((tokens + pad)[:MAX_TOKENS])
                cols["entry_joins"].append((joins + pad)[: MAX_TOKENS - 1])
                texts["entry_concat"].append(concat)
                texts["entry_skeleton"].append(skeleton)
                texts["entry_text"].append(text)
                script = name.script or detected
                texts["entry_script"].append(script)
                strict = strict or script in _SYLLABIC_SCRIPTS
                count += 1
            cols["entry_strict"] += [strict] * count
            for identifier in person.identifiers:
                key = pack_key(identifier)
                cols["id_row"].append(row)
                cols["id_next"].append(self._identifiers.get(key))
                self._identifiers.put(key, slot + len(texts["id_value"]))
                texts["id_value"].append(identifier)
            born: PartialDate | None = person.date_of_birth
            nats = [nationality_code(n) for n in person.nationalities[:3]]
            for column, value in (
                ("record_ids", person.record_id),
                ("alive", True),
                ("year", born.year if born else 0),
                ("month", (born.month or 0) if born else 0),
                ("day", (born.day or 0) if born else 0),
                ("sex", SEX_CODES.get(person.sex or "", 0)),
                ("nationalities", ([*nats, 0, 0, 0])[:3]),
                ("entry_start", entry),
                ("entry_count", count),
                ("id_start", slot + len(texts["id_value"]) - len(person.identifiers)),
                ("id_count", len(person.identifiers)),
            ):
                cols[column].append(value)
            row += 1
            entry += count
            self._alive += 1
        for column, values in cols.items():
            c[column].extend(values)
        for column, strings in texts.items():
            self._t[column].extend(strings)
        self._end_batch()

    def _codes(self, entries: I64) -> tuple[I64, npt.NDArray[np.int32]]:
        c = self._c
        rows = c["entry_row"].view[entries]
        return entry_codes(
            c["entry_tokens"].view[entries],
            c["entry_joins"].view[entries],
            rows,
            c["year"].view[rows].astype(np.int64),
            c["tok_exact"].view,
            c["tok_typo_start"].view,
            c["tok_typo"].view,
        )

    def compact(self) -> None:
        """Drop removed records and fold recent additions into the sorted postings."""
        c = self._c
        alive = c["alive"].view
        if not alive.all():
            self._drop_dead(alive)
        codes, owners = self._codes(np.arange(c["entry_row"].size))
        order = np.argsort(codes)
        codes, owners = codes[order], owners[order]
        starts = np.flatnonzero(np.diff(codes)) + 1 if len(codes) else np.empty(0, np.int64)
        starts = np.concatenate([[0], starts]) if len(codes) else starts
        self._post_keys = codes[starts]
        self._post_start = np.append(starts, len(codes)).astype(np.int64)
        self._post_rows = owners
        self._delta = {}
        self._delta_rows = 0

    def _drop_dead(self, alive: npt.NDArray[np.bool_]) -> None:
        c, t = self._c, self._t
        new_row = np.cumsum(alive) - 1
        keep_entries = alive[c["entry_row"].view]
        keep_slots = alive[c["id_row"].view]
        for name in _ROW_COLUMNS:
            c[name] = c[name].take(alive)
        for name in _ENTRY_COLUMNS:
            c[name] = c[name].take(keep_entries)
        for name in _ENTRY_STRINGS:
            t[name] = t[name].take(keep_entries)
        c["id_row"] = c["id_row"].take(keep_slots)
        t["id_value"] = t["id_value"].take(keep_slots)
        c["entry_row"].data[:] = new_row[c["entry_row"].data]
        c["id_row"].data[:] = new_row[c["id_row"].data]
        for start, count in (("entry_start", "entry_count"), ("id_start", "id_count")):
            counts = c[count].view.astype(np.int64)
            c[start].data[:] = np.cumsum(counts) - counts
        record_ids = c["record_ids"].view
        self._rows = KeyTable.from_pairs(record_ids.copy(), np.arange(len(record_ids), dtype=np.int32))
        keys = np.array([pack_key(v) for v in t["id_value"].strings(range(t["id_value"].size))], np.int64)
        chain, self._identifiers = chain_rows(keys)
        c["id_next"] = Column.of(chain, -1)

    # -- searching ----------------------------------------------------------

    def search(
        self,
        query: PersonQuery,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 10,
        allowed: Callable[[int], bool] | None = None,
    ) -> list[PersonMatch]:
        """Best matches at or above ``threshold``, highest score first.

        ``allowed`` (the access policy) is asked about candidates, best-ranked
        first, before they are scored: a record it rejects is never returned
        and never takes the place of one it accepts.
        """
        return person_search.search(self, query, threshold=threshold, limit=limit, allowed=allowed)

    def screen(
        self, query: PersonQuery, *, allowed: Allowed = None, limit: int | None = None
    ) -> Answer[PersonQuery]:
        """:meth:`search` at :data:`DEFAULT_THRESHOLD` for the screening service (limit None: 10)."""
        matches = self.search(query, limit=10 if limit is None else limit, allowed=allowed)
        return Answer(query, tuple(Candidate(m.record_id, m.score, m.explanation) for m in matches))

    def packed(self, name: str) -> PackedText:
        """A column of name strings as the compiled comparisons read it."""
        column = self._t[name]
        if not column.letters:
            raise KeyError(f"{name} is not a column of letters")
        return column.packed

    # -- persistence --------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the index to ``path``: one file of raw arrays that :meth:`load` maps."""
        self.compact()
        arrays: dict[str, npt.NDArray[Any]] = {}
        columns: dict[str, Column | TextColumn] = {**self._c, **self._t}
        for name, column in columns.items():
            arrays.update({f"{name}.{part}": array for part, array in column.saved().items()})
        for name in _TABLES:
            table: KeyTable = getattr(self, f"_{name}")
            arrays[f"{name}.keys"], arrays[f"{name}.vals"] = table.keys, table.vals
        arrays["post_keys"] = self._post_keys
        arrays["post_start"] = self._post_start
        arrays["post_rows"] = self._post_rows
        meta = {
            "max_tokens": MAX_TOKENS,
            "sizes": {name: column.size for name, column in columns.items()},
            "tables": {name: getattr(self, f"_{name}").count for name in _TABLES},
            "keys": self._key_count,
            "alive": self._alive,
        }
        write_archive(path, meta, arrays)

    @classmethod
    def load(cls, path: str | Path, *, mapped: bool = True) -> PersonIndex:
        """Open a saved index; ``mapped`` (the default) maps the file instead of reading it."""
        meta, arrays = read_archive(path, mapped=mapped)
        if meta.get("max_tokens") != MAX_TOKENS:
            raise ValueError("person index was written with a different token width")
        index = cls()
        sizes = meta["sizes"]

        def parts(name: str) -> dict[str, npt.NDArray[Any]]:
            prefix = f"{name}."
            return {k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)}

        for name, column in index._c.items():
            index._c[name] = Column.loaded(parts(name), sizes[name], column.fill)
        for name, text in index._t.items():
            index._t[name] = TextColumn.loaded(parts(name), sizes[name], text.letters)
        for name in _TABLES:
            table = parts(name)
            setattr(index, f"_{name}", KeyTable(table["keys"], table["vals"], meta["tables"][name]))
        index._key_count = int(meta["keys"])
        index._alive = int(meta["alive"])
        index._post_keys = arrays["post_keys"]
        index._post_start = arrays["post_start"]
        index._post_rows = arrays["post_rows"]
        return index
