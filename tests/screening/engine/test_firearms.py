from __future__ import annotations

from pathlib import Path

import pytest

from polnet.identifiers.serials import normalise_serial
from polnet.screening.engine.firearms import (
    FirearmCheckResult,
    FirearmIndex,
    FirearmRow,
    normalise_make,
    same_make,
)

ROWS = [
    FirearmRow(1, "ABC-123.456", "Glock Ges.m.b.H.", "17", "9x19mm"),
    FirearmRow(2, "0012345", "Sturm, Ruger & Co., Inc.", "GP100", ".357 Magnum"),
    FirearmRow(3, "12345", "Smith & Wesson", "Model 10", ".38 Special"),
    FirearmRow(4, "12345", None, None, None),
    FirearmRow(5, "B-77801", "Beretta S.p.A.", "92FS", "9x19mm"),
]


@pytest.fixture
def index() -> FirearmIndex:
    return FirearmIndex.build(ROWS)


def ids(result: FirearmCheckResult) -> list[int]:
    return [m.record_id for m in result.matches]


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("abc-123.456", "ABC123456"), (" 00 12/345 ", "0012345"), ("b_77801", "B77801")],
)
def test_serial_normalisation(raw: str, normal: str) -> None:
    assert normalise_serial(raw) == normal


def test_empty_serial_is_rejected(index: FirearmIndex) -> None:
    with pytest.raises(ValueError):
        index.check(" -. ")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Ruger", "Sturm, Ruger & Co., Inc.", True),
        ("S&W", "Smith & Wesson", True),
        ("H&K", "Heckler & Koch GmbH", True),
        ("CZ", "\u010cesk\u00e1 zbrojovka a.s.", True),
        ("Berretta", "Beretta S.p.A.", True),
        ("Colt's Manufacturing Company LLC", "colt", True),
        ("Glock", "Beretta", False),
        ("Colt", "Glock", False),
    ],
)
def test_make_normalisation_and_comparison(a: str, b: str, same: bool) -> None:
    assert same_make(normalise_make(a), normalise_make(b)) is same


def test_exact_serial_without_make(index: FirearmIndex) -> None:
    r = index.check("abc 123 456")
    assert ids(r) == [1]
    m = r.matches[0]
    assert (m.exact, m.score, m.make_match, m.calibre) == (True, 1.0, None, "9x19mm")
    assert m.reason == "exact: serial ABC123456"


def test_leading_zeros_are_tolerated_and_explained(index: FirearmIndex) -> None:
    r = index.check("12345")
    assert ids(r)[:2] == [3, 4] and set(ids(r)) == {2, 3, 4}
    dropped = next(m for m in r.matches if m.record_id == 2)
    assert not dropped.exact and dropped.score == 0.95
    assert "leading zeros differ" in dropped.reason
    r = index.check("00012345", "Ruger")  # record 4 has no make: kept, below
    assert ids(r) == [2, 4] and [m.score for m in r.matches] == [0.95, 0.855]
    assert ids(index.check("O012345", "Ruger")) == [2, 4]  # letter O read for a leading zero


def test_one_ocr_confusion_is_near(index: FirearmIndex) -> None:
    r = index.check("ABC1Z3456")
    assert ids(r) == [1] and r.matches[0].score == 0.9
    assert "'Z' at position 5 read for '2'" in r.matches[0].reason
    assert ids(index.check("A8C1Z3456")) == []  # two confusions
    assert ids(index.check("A8C1Z3456", max_confusions=2)) == [1]
    assert ids(index.check("ABC123457")) == []


def test_make_filters_and_ranks(index: FirearmIndex) -> None:
    r = index.check("12345", make="S&W")
    # Ruger's 0012345 is dropped; the record without a make stays, lower
    assert ids(r) == [3, 4]
    assert [m.make_match for m in r.matches] == [True, None]
    assert r.matches[0].score == 1.0 and r.matches[1].score == 0.9
    assert "no make" in r.matches[1].reason and r.make == "SMITH WESSON"
    r = index.check("12345", make="S&W", include_make_mismatch=True)
    assert ids(r) == [3, 4, 2]
    assert r.matches[2].make_match is False and r.matches[2].score == pytest.approx(0.475)
    assert "make differs" in r.matches[2].reason
    assert ids(index.check("B77801", make="Glock")) == []
    assert ids(index.check("B77801", make="berretta")) == [5]


def test_allowed_filters(index: FirearmIndex) -> None:
    assert ids(index.check("12345", allowed=lambda rid: rid != 3)) == [4, 2]
    many = index.check_many([("12345", "S&W"), ("B77801", None)], allowed=lambda rid: rid == 5)
    assert [ids(r) for r in many] == [[], [5]]


def test_add_update_remove_save_load(index: FirearmIndex, tmp_path: Path) -> None:
    index.add(FirearmRow(6, "X1", "Walther"))
    assert ids(index.check("X1")) == [6] and len(index) == 6
    index.update(FirearmRow(6, "X2", "Walther"))
    assert ids(index.check("X1")) == [] and ids(index.check("X2", "Walther")) == [6]
    assert index.remove(3) and not index.remove(3)
    path = tmp_path / "firearms.idx"
    index.save(path)
    loaded = FirearmIndex.load(path, mmap=False)
    queries = [("12345", None), ("12345", "S&W"), ("X2", "Walther"), ("ABC123456", "Glock")]
    assert loaded.check_many(queries) == index.check_many(queries)
    assert len(loaded) == 5
