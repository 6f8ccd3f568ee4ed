from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polnet.identifiers.documents import normalise_country
from polnet.identifiers.normalise import OCR_CONFUSABLE_PAIRS
from polnet.screening.engine.documents import (
    DocumentCheckResult,
    DocumentIndex,
    DocumentRow,
)

ROWS = [
    DocumentRow(1, "L898902C3", "UTO", "passport", "stolen"),
    DocumentRow(2, "D23145890", "UTO", "identity_card", "lost"),
    DocumentRow(3, "L898902C3", "DEU", "passport", "revoked"),
    DocumentRow(4, "X12345678", "FR", "passport", "stolen"),
    DocumentRow(5, "0123456", "GBR", "passport", "stolen"),
    DocumentRow(6, "AB1234567890123456", "USA", "passport", "stolen_blank"),  # > 12: hashed key
]


@pytest.fixture
def index() -> DocumentIndex:
    return DocumentIndex.build(ROWS)


def ids(result: DocumentCheckResult) -> list[int]:
    return [m.record_id for m in result.matches]


def test_exact_match(index: DocumentIndex) -> None:
    r = index.check("L898902C3", "UTO")
    assert ids(r) == [1] and r.hit
    m = r.matches[0]
    assert (m.exact, m.confusions, m.kind, m.status) == (True, (), "passport", "stolen")
    assert m.reason == "exact: number L898902C3 issued by UTO"
    assert r.exact == r.matches and r.near == ()


def test_query_is_normalised(index: DocumentIndex) -> None:
    assert ids(index.check(" l898-902 c3<<", "uto")) == [1]
    assert ids(index.check("x 1234 5678", "FRA")) == [4]  # FR stored as FRA
    assert ids(index.check("L898902C3", "D")) == [3]  # ICAO's Germany
    assert ids(index.check("L898902C3", "de")) == [3]
    # Cyrillic capitals typed for look-alike Latin ones
    assert ids(index.check("\u0425123456\u0417\u0412", "FRA")) == []  # Ze is no homoglyph
    assert ids(index.check("\u0425" + "12345678", "FRA")) == [4]


@pytest.mark.parametrize(("letter", "digit"), OCR_CONFUSABLE_PAIRS)
def test_each_ocr_confusion_is_a_near_match(letter: str, digit: str) -> None:
    stored = f"AA{letter}1{digit}7"
    index = DocumentIndex.build([DocumentRow(10, stored, "UTO"), DocumentRow(11, "ZZ999", "UTO")])
    for i, c in enumerate(stored):
        if c not in (letter, digit):
            continue
        other = digit if c == letter else letter
        query = stored[:i] + other + stored[i + 1 :]
        r = index.check(query, "UTO")
        assert ids(r) == [10], query
        m = r.matches[0]
        assert not m.exact and m.confusions == (i,)
        assert m.reason.startswith("near: ") and f"position {i + 1}" in m.reason
        assert r.near == r.matches and r.exact == ()


def test_two_confusions_away_is_not_a_match_by_default(index: DocumentIndex) -> None:
    assert ids(index.check("L8989O2C3", "UTO")) == [1]  # one: O for 0
    assert ids(index.check("L8989O2CE", "UTO")) == []  # E/3 is no confusion
    assert ids(index.check("LB989O2C3", "UTO")) == []  # two: B for 8, O for 0
    r = index.check("LB989O2C3", "UTO", max_confusions=2)
    assert ids(r) == [1] and r.matches[0].confusions == (1, 5)


def test_leading_zeros_are_significant(index: DocumentIndex) -> None:
    assert ids(index.check("0123456", "GBR")) == [5]
    assert ids(index.check("123456", "GBR")) == []
    assert ids(index.check("O123456", "GBR")) == [5]  # O for 0 is a confusion


def test_country_must_match_unless_not_given(index: DocumentIndex) -> None:
    assert ids(index.check("L898902C3", "FRA")) == []
    assert ids(index.check("L898902C3", "ZZZ")) == []  # a country never indexed
    r = index.check("L898902C3", None)
    assert ids(r) == [1, 3]
    assert all("issuing country not given" in m.reason for m in r.matches)
    assert {m.issuing_country for m in r.matches} == {"UTO", "DEU"}


def test_long_numbers_use_hashed_keys(index: DocumentIndex) -> None:
    assert ids(index.check("AB1234567890123456", "US")) == [6]
    assert ids(index.check("A81234567890123456", "USA")) == [6]
    assert ids(index.check("AB123456789012345", "USA")) == []


def test_exact_matches_come_before_near_ones() -> None:
    index = DocumentIndex.build([DocumentRow(2, "AO1", "UTO"), DocumentRow(1, "A01", "UTO")])
    assert ids(index.check("A01", "UTO")) == [1, 2]
    assert ids(index.check("AO1", "UTO")) == [2, 1]


def test_allowed_filters_out_rejected_records(index: DocumentIndex) -> None:
    seen: list[int] = []

    def allowed(record_id: int) -> bool:
        seen.append(record_id)
        return record_id != 1

    assert ids(index.check("L898902C3", None, allowed=allowed)) == [3]
    assert sorted(seen) == [1, 3]
    assert ids(index.check("L8989O2C3", "UTO", allowed=allowed)) == []
    many = index.check_many([("L898902C3", "UTO"), ("L898902C3", "DEU")], allowed=allowed)
    assert [ids(r) for r in many] == [[], [3]]


def test_invalid_queries_raise(index: DocumentIndex) -> None:
    with pytest.raises(ValueError, match="country"):
        index.check("L898902C3", "U1")
    with pytest.raises(ValueError, match="empty"):
        index.check(" - ", "UTO")


def test_add_update_remove(index: DocumentIndex) -> None:
    assert len(index) == 6 and 1 in index and 99 not in index
    index.add(DocumentRow(7, "N0000001", "NLD", "passport", "stolen"))
    assert ids(index.check("N0000001", "NL")) == [7] and len(index) == 7
    with pytest.raises(KeyError):
        index.add(DocumentRow(7, "N0000002", "NLD"))
    index.update(DocumentRow(7, "N0000002", "NLD", "passport", "recovered"))
    assert ids(index.check("N0000001", "NLD")) == []
    r = index.check("N0000002", "NLD")
    assert ids(r) == [7] and r.matches[0].status == "recovered" and len(index) == 7
    index.update(DocumentRow(8, "N0000003", "NLD"))  # update of an unknown record adds it
    assert ids(index.check("N0000003", "NLD")) == [8] and len(index) == 8
    assert index.remove(1) and not index.remove(1) and not index.remove(12345)
    assert ids(index.check("L898902C3", None)) == [3] and 1 not in index and len(index) == 7
    index.add(DocumentRow(1, "L898902C3", "UTO"))  # a removed id may come back
    assert ids(index.check("L898902C3", "UTO")) == [1]


def test_bad_update_keeps_the_old_version(index: DocumentIndex) -> None:
    with pytest.raises(ValueError):
        index.update(DocumentRow(1, "L898902C3", "??"))
    assert ids(index.check("L898902C3", "UTO")) == [1]


def test_build_rejects_duplicate_or_negative_ids() -> None:
    with pytest.raises(ValueError, match="unique"):
        DocumentIndex.build([DocumentRow(1, "A1", "UTO"), DocumentRow(1, "A2", "UTO")])
    with pytest.raises(ValueError):
        DocumentIndex.build([DocumentRow(-1, "A1", "UTO")])
    with pytest.raises(ValueError):
        DocumentIndex().add(DocumentRow(-1, "A1", "UTO"))


def test_many_single_adds_grow_every_table() -> None:
    index = DocumentIndex()
    for i in range(3000):
        index.add(DocumentRow(i * 7, f"N{i:06d}", "UTO" if i % 2 else "FRA", "passport"))
    assert len(index) == 3000
    assert all(ids(index.check(f"N{i:06d}", None)) == [i * 7] for i in range(0, 3000, 37))
    for i in range(0, 3000, 2):
        index.remove(i * 7)
    index._s.compact()  # renumbers rows; results must not change
    assert len(index) == 1500
    assert ids(index.check("N000002", None)) == [] and ids(index.check("N000003", "UTO")) == [21]


@pytest.mark.parametrize("mmap", [True, False])
def test_save_load_round_trip(index: DocumentIndex, tmp_path: Path, mmap: bool) -> None:
    index.remove(2)
    path = tmp_path / "docs.idx"
    index.save(path)
    loaded = DocumentIndex.load(path, mmap=mmap)
    assert len(loaded) == len(index) == 5
    queries = [(r.number, r.issuing_country) for r in ROWS] + [("L8989O2C3", None), ("Q1", "UTO")]
    assert loaded.check_many(queries) == index.check_many(queries)
    # a loaded index stays writable; the file does not change
    loaded.add(DocumentRow(9, "M1", "UTO"))
    loaded.remove(1)
    assert ids(loaded.check("M1", "UTO")) == [9] and ids(loaded.check("L898902C3", "UTO")) == []
    again = DocumentIndex.load(path, mmap=mmap)
    assert ids(again.check("L898902C3", "UTO")) == [1] and ids(again.check("M1", "UTO")) == []
    # saving over the file an index was mapped from leaves that index intact
    loaded.save(path)
    assert ids(again.check("L898902C3", "UTO")) == [1] and ids(again.check("M1", "UTO")) == []
    assert ids(DocumentIndex.load(path, mmap=mmap).check("M1", "UTO")) == [9]


def test_load_rejects_other_files(tmp_path: Path) -> None:
    bad = tmp_path / "x.idx"
    bad.write_bytes(b"not an index")
    with pytest.raises(ValueError):
        DocumentIndex.load(bad)


def test_check_many_equals_check(index: DocumentIndex) -> None:
    queries = [("L898902C3", "UTO"), ("l8989o2c3", "UTO"), ("nothing", None), ("L898902C3", None)]
    assert index.check_many(queries) == [index.check(n, c) for n, c in queries]
    assert index.check_many([]) == []


def test_empty_index() -> None:
    assert DocumentIndex().check("A1", "UTO").matches == ()
    assert len(DocumentIndex.build([])) == 0


# Against a brute-force reading of the rule on small random data.
_SWAP = {a: b for p in OCR_CONFUSABLE_PAIRS for a, b in (p, p[::-1])}
_numbers = st.text(alphabet="0O1IS5B8AZ2X", min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    stored=st.lists(st.tuples(_numbers, st.sampled_from(["UTO", "FRA"])), max_size=25),
    query=_numbers,
    country=st.sampled_from(["UTO", "FRA", None]),
)
def test_matches_brute_force(stored: list[tuple[str, str]], query: str, country: str | None) -> None:
    index = DocumentIndex.build(DocumentRow(i, n, c) for i, (n, c) in enumerate(stored))
    expected = set()
    for i, (num, c) in enumerate(stored):
        if (country is not None and normalise_country(country) != c) or len(num) != len(query):
            continue
        diffs = [(a, b) for a, b in zip(query, num, strict=True) if a != b]
        if len(diffs) <= 1 and all(_SWAP.get(a) == b for a, b in diffs):
            expected.add(i)
    assert set(ids(index.check(query, country))) == expected


@settings(max_examples=40, deadline=None)
@given(
    ops=st.lists(
        st.tuples(
            st.sampled_from(["add", "update", "remove", "compact", "reload"]),
            st.integers(0, 12),
            _numbers,
        ),
        max_size=40,
    ),
    probes=st.lists(_numbers, min_size=1, max_size=5),
)
def test_random_maintenance_matches_a_model(
    ops: list[tuple[str, int, str]], probes: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    index, model = DocumentIndex(), {}
    path = tmp_path_factory.mktemp("idx") / "docs.idx"
    for op, rid, number in ops:
        if op == "add" and rid not in model:
            index.add(DocumentRow(rid, number, "UTO"))
            model[rid] = number
        elif op == "update":
            index.update(DocumentRow(rid, number, "UTO"))
            model[rid] = number
        elif op == "remove":
            assert index.remove(rid) is (model.pop(rid, None) is not None)
        elif op == "compact":
            index._s.compact()
        elif op == "reload":
            index.save(path)
            index = DocumentIndex.load(path)
        assert len(index) == len(model)
    for query in probes:
        expected = {
            rid
            for rid, num in model.items()
            if len(num) == len(query)
            and sum(a != b for a, b in zip(query, num, strict=True)) <= 1
            and all(a == b or _SWAP.get(a) == b for a, b in zip(query, num, strict=True))
        }
        assert set(ids(index.check(query, None))) == expected
