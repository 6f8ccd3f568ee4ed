"""A typist's slip or another syllable: Chinese and Korean name parts one syllable apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from polnet.screening.engine.person.engine import (
    DEFAULT_THRESHOLD,
    NameEntry,
    PartialDate,
    PersonIndex,
    PersonQuery,
    PersonRow,
)
from polnet.screening.engine.person.romanization import (
    CHINESE,
    KOREAN,
    KOREAN_SURNAME_BIT,
    other_syllable,
    romanized_bits,
)
from polnet.screening.engine.person.syllables import is_slip, syllable_count
from polnet.screening.engine.person.wadegiles_table import PINYIN_TO_WADEGILES

BORN = PartialDate(1975, 6, 9)
HE, XIAO, GUO, SEO, HAN = range(1, 6)


@pytest.fixture(scope="module")
def index() -> PersonIndex:
    rows = [
        PersonRow(HE, (NameEntry(given="Qianggang", family="He"),), BORN),
        PersonRow(XIAO, (NameEntry(given="Leiting", family="Xiao"),), BORN),
        PersonRow(GUO, (NameEntry(given="Guojian", family="Lin"),), BORN),
        PersonRow(SEO, (NameEntry(given="Jeonghun", family="Seo"),), BORN),
        PersonRow(HAN, (NameEntry(given="Eunha", family="Han"),), BORN),
    ]
    return PersonIndex.build(rows)


def _found(index: PersonIndex, name: str) -> dict[int, float]:
    query = PersonQuery(name, date_of_birth="1975-06-09")
    return {m.record_id: m.score for m in index.search(query, threshold=DEFAULT_THRESHOLD, limit=10)}


@pytest.mark.parametrize(
    ("typed", "meant", "slip"),
    [
        ("fang", "gang", True),  # f and g side by side
        ("hun", "jun", True),  # h and j side by side
        ("bajae", "hajae", True),  # b touches g and h on the row above
        ("ling", "iing", True),  # I and l print alike
        ("jain", "jian", True),  # two letters swapped
        ("gujian", "guojian", True),  # a letter left out
        ("weiting", "leiting", False),  # w and l are far apart
        ("ping", "ning", False),
        ("yunha", "eunha", False),
    ],
)
def test_slips_are_neighbouring_keys_scanner_confusions_swaps_and_dropped_letters(
    typed: str, meant: str, slip: bool
) -> None:
    assert is_slip(typed, meant) is slip
    assert is_slip(meant, typed) is slip


@pytest.mark.parametrize(
    ("left", "right", "language", "syllables"),
    [
        ("weiting", "leiting", CHINESE, ("wei", "lei")),
        ("ping", "ning", CHINESE, ("ping", "ning")),
        ("chenxiu", "chunxiu", CHINESE, ("chen", "chun")),
        ("yunha", "eunha", KOREAN, ("yun", "eun")),
        ("qiangfang", "qianggang", CHINESE, None),  # a neighbouring key: may be a typo
        ("guojian", "gujian", CHINESE, None),  # a letter left out: may be a typo
        ("jeonghun", "jeongjun", KOREAN, None),
        ("weijian", "weijain", CHINESE, None),  # jain is no syllable: a typo
        ("zhiqiang", "zhisiang", CHINESE, None),  # zhi-si-ang would need an apostrophe
    ],
)
def test_one_syllable_for_another_unless_a_slip_explains_it(
    left: str, right: str, language: str, syllables: tuple[str, str] | None
) -> None:
    assert other_syllable(left, right, language) == syllables


def test_the_inventory_is_the_pinyin_table() -> None:
    assert "qiang" in PINYIN_TO_WADEGILES
    assert syllable_count("xiuying", {s: frozenset({s}) for s in PINYIN_TO_WADEGILES}, pinyin=True) == 2


def test_another_syllable_is_another_person(index: PersonIndex) -> None:
    # Same family name, same date of birth: the given names differ by one syllable.
    assert XIAO not in _found(index, "Xiao Weiting")
    assert HAN not in _found(index, "Han Yunha")


def test_a_slip_between_syllables_is_still_found(index: PersonIndex) -> None:
    assert HE in _found(index, "He Qiangfang")
    assert GUO in _found(index, "Lin Gujian")
    assert SEO in _found(index, "Seo Jeongjun")


def test_the_explanation_still_says_why(index: PersonIndex) -> None:
    match = next(m for m in index.search(PersonQuery("He Qiangfang", date_of_birth="1975-06-09")))
    assert match.record_id == HE
    assert "typo" in match.explanation[0].detail


def test_the_index_keeps_each_parts_readings() -> None:
    assert romanized_bits("kim") == 2 | KOREAN_SURNAME_BIT  # Korean syllables, a family name
    assert romanized_bits("ping") == 1 | 2  # Chinese and Korean syllables
    assert romanized_bits("qianggang") == 1
    assert romanized_bits("schmidt") == 0


def test_a_loaded_index_applies_the_rule_as_the_built_one(index: PersonIndex, tmp_path: Path) -> None:
    index.save(tmp_path / "persons.idx")
    loaded = PersonIndex.load(tmp_path / "persons.idx")
    for name in ("Xiao Weiting", "Han Yunha", "He Qiangfang", "Lin Gujian", "Seo Jeongjun"):
        assert _found(loaded, name) == _found(index, name)
