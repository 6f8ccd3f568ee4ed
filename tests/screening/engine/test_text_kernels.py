"""The compiled string comparisons give rapidfuzz's numbers, and the packed columns follow the index."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from polnet.screening.engine.person.engine import NameEntry, PersonIndex, PersonQuery, PersonRow
from polnet.screening.engine.person.index import _describe
from polnet.screening.engine.person.names import analyse_token
from polnet.screening.engine.text_kernels import best_ratio, level_scores, pack, patterns

# A small alphabet makes long common subsequences and near misses likely.
letters = st.text(alphabet="abeilmnorsu", max_size=24)
long_letters = st.text(alphabet="abeilmnorsu", min_size=60, max_size=90)  # past one 64-bit word


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(letters, long_letters), min_size=1, max_size=4),
    st.lists(st.one_of(letters, long_letters), min_size=1, max_size=30),
)
def test_best_ratio_is_rapidfuzz_ratio(queries: list[str], targets: list[str]) -> None:
    rows = np.arange(len(targets), dtype=np.int64)[::-1].copy()  # any order, as candidates come
    mine = best_ratio(patterns(queries), pack(targets), rows)
    chosen = [targets[r] for r in rows]
    theirs = process.cdist(queries, chosen, scorer=fuzz.ratio, dtype=np.float64, workers=1).max(axis=0)
    assert np.array_equal(mine, theirs)
    # The whole percentages the quick ranking uses are rapidfuzz's integer scores.
    as_bytes = process.cdist(
        queries, [targets[r] for r in rows], scorer=fuzz.ratio, dtype=np.uint8, workers=1
    )
    assert np.array_equal(np.floor(mine + 0.5), as_bytes.max(axis=0))


def _near(word: str, position: int, kind: int) -> str:
    """``word`` with one edit at ``position``: deletion, insertion, substitution or swap."""
    p = position % (len(word) + 1)
    if kind == 0:
        return word[:p] + word[p + 1 :]
    if kind == 1:
        return word[:p] + "x" + word[p:]
    if kind == 2:
        return word[:p] + "z" + word[p + 1 :]
    return word[:p] + word[p + 1 : p + 2] + word[p : p + 1] + word[p + 2 :]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abeilmnorsu", min_size=1, max_size=14), min_size=1, max_size=5),
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 20), st.integers(0, 3)), min_size=1, max_size=40),
    st.lists(st.text(alphabet="abeilmnorsu", max_size=14), max_size=10),
)
def test_level_scores_are_rapidfuzz_ratio_and_capped_edit_distance(
    units: list[str], edits: list[tuple[int, int, int]], others: list[str]
) -> None:
    vocabulary = [_near(units[u % len(units)], p, k) for u, p, k in edits] + others + units
    table = pack(vocabulary)
    ids = np.arange(len(vocabulary), dtype=np.int32)
    query = patterns(units)
    canon, distance, vowel, skeleton = level_scores(query, query, query, query, (table,) * 4, ids)
    expected = process.cdist(units, vocabulary, scorer=fuzz.ratio, dtype=np.float32, workers=1)
    expected *= np.float32(0.01)
    assert canon.dtype == np.float32 and np.array_equal(canon, expected)
    assert np.array_equal(vowel, expected) and np.array_equal(skeleton, expected)
    capped = process.cdist(units, vocabulary, scorer=OSA.distance, dtype=np.int32, workers=1, score_cutoff=1)
    assert np.array_equal(distance, capped)


def _packed_strings(index: PersonIndex, name: str) -> list[str]:
    packed = index.packed(name)
    codes, starts = packed.codes, packed.starts
    return [codes[a:b].tobytes().decode("ascii") for a, b in itertools.pairwise(starts)]


def _entry_texts(index: PersonIndex) -> list[str]:
    return [index.text("entry_text", e) for e in range(len(_packed_strings(index, "entry_concat")))]


def test_packed_columns_follow_adds_updates_removals_and_compaction(tmp_path: Path) -> None:
    rows = [PersonRow(i, (NameEntry(full=f"Nam{chr(97 + i)}o Famil{chr(98 + i)}y"),)) for i in range(20)]
    index = PersonIndex.build(rows)
    index.add(PersonRow(100, (NameEntry(full="Ivan Petrov"), NameEntry(full="Иван Петров", script="Cyrl"))))
    index.update(PersonRow(3, (NameEntry(given="Mohamed", family="Al Rashid"),)))
    index.remove(5)
    for moment in ("edited", "compacted", "reloaded"):
        if moment == "compacted":
            index.compact()
        if moment == "reloaded":
            index.save(tmp_path / "p.idx")
            index = PersonIndex.load(tmp_path / "p.idx")
        # Every packed column stays aligned with the names it was made from.
        texts = _entry_texts(index)
        assert "Иван Петров" in texts, moment
        assert ("Namfo Familgy" in texts) is (moment == "edited"), moment  # removed: gone once compacted
        described = [_describe(t) for t in texts]
        assert _packed_strings(index, "entry_concat") == [d[1] for d in described], moment
        assert _packed_strings(index, "entry_skeleton") == [d[2] for d in described], moment
        forms = _packed_strings(index, "tok_form")
        tokens = [analyse_token(f) for f in forms]
        for name, field in (("tok_canon", "canon"), ("tok_vkey", "vkey"), ("tok_ckey", "ckey")):
            assert _packed_strings(index, name) == [getattr(t, field) for t in tokens], (moment, name)
        assert all(index.token_id(f) == i for i, f in enumerate(forms)), moment
        assert [m.record_id for m in index.search(PersonQuery("Mohamed Alrashid"))] == [3]
        assert [m.record_id for m in index.search(PersonQuery("Petrov Ivan"))] == [100]
