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

import numpy as np
import numpy.typing as npt

from polnet.screening.engine.boundary import Allowed, Answer, Candidate
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
from polnet.screening.engine.person.store import (
    FORMAT_NAME,
    FORMAT_VERSION,
    Column,
    TextColumn,
    decode_strings,
    encode_strings,
    read_archive,
    write_archive,
)
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
_ROW_COLUMNS += ("nationalities", "entry_start", "entry_count")
_ENTRY_COLUMNS: tuple[str, ...] = ("entry_row", "entry_tokens", "entry_joins", "entry_strict")
_SYLLABIC_SCRIPTS = frozenset({"Hani", "Hang"})
_TOKEN_COLUMNS: tuple[str, ...] = ("tok_weight", "tok_first", "tok_length", "tok_clen")
_TOKEN_COLUMNS += ("tok_particle", "tok_vowelless", "tok_roman", "tok_exact", "tok_typo_start", "tok_typo")
_ENTRY_STRINGS: tuple[str, ...] = ("entry_concat", "entry_skeleton", "entry_text", "entry_script")
_STRINGS: tuple[str, ...] = (*_ENTRY_STRINGS, "tok_form", "tok_canon", "tok_vkey", "tok_ckey")
# Compared by the compiled string kernels, so kept packed as well.
_PACKED = frozenset(("entry_concat", "entry_skeleton", "tok_form", "tok_canon", "tok_vkey", "tok_ckey"))


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
        }
        for name in _STRINGS:
            self._c[name] = TextColumn() if name in _PACKED else Column(object, fill="")
        self._c["tok_typo_start"].extend([0])
        self._token_ids: dict[str, int] = {}
        self._pending_tokens: list[str] = []
        self._key_ids: dict[str, int] = {}
        self._key_names: list[str] = []
        self._row_of: dict[int, int] = {}
        self._row_identifiers: dict[int, tuple[str, ...]] = {}
        self._identifier_rows: dict[str, list[int]] = {}
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
        return len(self._row_of)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._row_of

    def add(self, row: PersonRow) -> None:
        if row.record_id in self._row_of:
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
        row = self._row_of.pop(record_id, None)
        if row is None:
            return False
        self._c["alive"].data[row] = False
        for identifier in self._row_identifiers.pop(row, ()):
            owners = self._identifier_rows[identifier]
            owners.remove(row)
            if not owners:
                del self._identifier_rows[identifier]
        return True

    def _token_id(self, form: str) -> int:
        token = self._token_ids.get(form)
        if token is None:
            token = self._token_ids[form] = len(self._token_ids)
            self._pending_tokens.append(form)
        return token

    def _key_id(self, key: str) -> int:
        found = self._key_ids.get(key)
        if found is None:
            found = self._key_ids[key] = len(self._key_names)
            self._key_names.append(key)
        return found

    def _flush_tokens(self) -> None:
        if not self._pending_tokens:
            return
        tokens = [analyse_token(form) for form in self._pending_tokens]
        self._pending_tokens = []
        c = self._c
        c["tok_form"].extend([t.form for t in tokens])
        c["tok_canon"].extend([t.canon for t in tokens])
        c["tok_vkey"].extend([t.vkey for t in tokens])
        c["tok_ckey"].extend([t.ckey for t in tokens])
        c["tok_weight"].extend([token_weight(t) for t in tokens])
        c["tok_first"].extend([initial_mask(t.form) for t in tokens])
        c["tok_length"].extend([len(t.form) for t in tokens])
        c["tok_clen"].extend([len(t.ckey) for t in tokens])
        c["tok_particle"].extend([t.particle for t in tokens])
        c["tok_vowelless"].extend([is_vowelless(t) for t in tokens])
        c["tok_roman"].extend([romanized_bits(t.form) for t in tokens])
        exact = [[self._key_id(k) for k in exact_keys(t)] for t in tokens]
        c["tok_exact"].extend([([*keys, -1, -1])[:2] for keys in exact])
        typos = [[self._key_id(k) for k in typo_keys(t)] for t in tokens]
        end = int(c["tok_typo_start"].view[-1])
        c["tok_typo_start"].extend(np.cumsum([len(t) for t in typos]) + end)
        c["tok_typo"].extend([k for keys in typos for k in keys])

    def _ingest(self, rows: Iterable[PersonRow]) -> None:
        c = self._c
        row = c["record_ids"].size
        entry = c["entry_row"].size
        cols: dict[str, list[object]] = {name: [] for name in (*_ROW_COLUMNS, *_ENTRY_COLUMNS)}
        texts: dict[str, list[str]] = {name: [] for name in _ENTRY_STRINGS}
        pad = [-1] * MAX_TOKENS
        for person in rows:
            if person.record_id in self._row_of:
                raise ValueError(f"record {person.record_id} appears twice")
            self._row_of[person.record_id] = row
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
            ):
                cols[column].append(value)
            if person.identifiers:
                self._row_identifiers[row] = person.identifiers
                for identifier in person.identifiers:
                    self._identifier_rows.setdefault(identifier, []).append(row)
            row += 1
            entry += count
        for column, values in cols.items():
            c[column].extend(values)
        for column, strings in texts.items():
            c[column].extend(strings)
        self._flush_tokens()

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
        c = self._c
        new_row = np.cumsum(alive) - 1
        keep_entries = alive[c["entry_row"].view]
        for name in _ROW_COLUMNS:
            c[name] = Column.of(c[name].view[alive].copy(), c[name].fill)
        for name in (*_ENTRY_COLUMNS, *_ENTRY_STRINGS):
            c[name] = type(c[name]).of(c[name].view[keep_entries].copy(), c[name].fill)
        c["entry_row"].data[:] = new_row[c["entry_row"].data]
        counts = c["entry_count"].view.astype(np.int64)
        c["entry_start"].data[:] = np.cumsum(counts) - counts
        self._row_of = {int(r): i for i, r in enumerate(c["record_ids"].view.tolist())}
        self._row_identifiers = {int(new_row[r]): ids for r, ids in self._row_identifiers.items()}
        self._rebuild_identifier_index()

    def _rebuild_identifier_index(self) -> None:
        self._identifier_rows = {}
        for row, identifiers in self._row_identifiers.items():
            for identifier in identifiers:
                self._identifier_rows.setdefault(identifier, []).append(row)

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
        column = self._c[name]
        if not isinstance(column, TextColumn):
            raise KeyError(f"{name} is not a packed column")
        return column.packed

    # -- persistence --------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the index to ``path`` (numpy ``.npz``, no pickled objects)."""
        self.compact()
        c = self._c
        arrays = {name: c[name].view for name in (*_ROW_COLUMNS, *_ENTRY_COLUMNS, *_TOKEN_COLUMNS)}
        arrays.update({name: encode_strings(c[name].view) for name in _STRINGS})
        arrays["key_names"] = encode_strings(self._key_names)
        arrays["post_keys"] = self._post_keys
        arrays["post_start"] = self._post_start
        arrays["post_rows"] = self._post_rows
        id_rows = sorted(self._row_identifiers)
        id_lists = [self._row_identifiers[r] for r in id_rows]
        arrays["id_rows"] = np.array(id_rows, dtype=np.int64)
        arrays["id_counts"] = np.array([len(ids) for ids in id_lists], dtype=np.int64)
        arrays["id_values"] = encode_strings([i for ids in id_lists for i in ids])
        meta = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "max_tokens": MAX_TOKENS,
            "counts": {
                "rows": c["record_ids"].size,
                "entries": c["entry_row"].size,
                "tokens": c["tok_form"].size,
                "keys": len(self._key_names),
                "identifiers": int(arrays["id_counts"].sum()),
            },
        }
        write_archive(path, meta, arrays)

    @classmethod
    def load(cls, path: str | Path) -> PersonIndex:
        meta, arrays = read_archive(path)
        if meta.get("max_tokens") != MAX_TOKENS:
            raise ValueError("person index was written with a different token width")
        counts = meta["counts"]
        index = cls()
        fills = {n: index._c[n].fill for n in index._c}
        for name in (*_ROW_COLUMNS, *_ENTRY_COLUMNS, *_TOKEN_COLUMNS):
            index._c[name] = Column.of(arrays[name], fills[name])
        for name in _STRINGS:
            size = counts["entries"] if name.startswith("entry") else counts["tokens"]
            index._c[name] = type(index._c[name]).of(decode_strings(arrays[name], size), "")
        index._key_names = decode_strings(arrays["key_names"], counts["keys"]).tolist()
        index._key_ids = {k: i for i, k in enumerate(index._key_names)}
        index._token_ids = {f: i for i, f in enumerate(index._c["tok_form"].view.tolist())}
        index._post_keys = arrays["post_keys"]
        index._post_start = arrays["post_start"]
        index._post_rows = arrays["post_rows"]
        record_ids = index._c["record_ids"].view.tolist()
        alive = index._c["alive"].view.tolist()
        index._row_of = {r: i for i, r in enumerate(record_ids) if alive[i]}
        values = decode_strings(arrays["id_values"], counts["identifiers"]).tolist()
        ends = np.cumsum(arrays["id_counts"]).tolist()
        starts = [0, *ends[:-1]][: len(ends)]  # none at all when no record has an identifier
        index._row_identifiers = {
            int(r): tuple(values[s:e])
            for r, s, e in zip(arrays["id_rows"].tolist(), starts, ends, strict=True)
        }
        index._rebuild_identifier_index()
        return index
