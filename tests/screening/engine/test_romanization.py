"""Chinese and Korean names in other romanizations: Wade-Giles / pinyin, MR and passport / RR."""

from __future__ import annotations

import pytest

from polnet.screening.engine.person.engine import (
    DEFAULT_THRESHOLD,
    NameEntry,
    PartialDate,
    PersonIndex,
    PersonQuery,
    PersonRow,
)
from polnet.screening.engine.person.names import name_forms
from polnet.screening.engine.person.romanization import (
    alternative_spellings,
    readings,
    romanized_notes,
    shared_reading,
)

ZHANG, CHEN, BAK, CHOE, WANG = range(1, 6)
BORN = PartialDate(1980, 3, 2)


@pytest.fixture(scope="module")
def index() -> PersonIndex:
    rows = [
        PersonRow(ZHANG, (NameEntry(given="Xiuying", family="Zhang"),), BORN),
        PersonRow(CHEN, (NameEntry(full="陈志强", script="Hani"),), BORN),
        PersonRow(BAK, (NameEntry(given="Jiyeong", family="Bak"),), BORN),
        PersonRow(CHOE, (NameEntry(full="최경수", script="Hang"),), BORN),
        PersonRow(WANG, (NameEntry(given="Ping", family="Wang"),), BORN),
    ]
    return PersonIndex.build(rows)


def _found(index: PersonIndex, name: str) -> dict[int, float]:
    query = PersonQuery(name, date_of_birth="1980-03-02")
    return {m.record_id: m.score for m in index.search(query, threshold=DEFAULT_THRESHOLD, limit=10)}


@pytest.mark.parametrize(
    ("name", "record"),
    [
        ("Chang Hsiu-ying", ZHANG),
        ("Hsiuying Chang", ZHANG),
        ("Chen Chih-chiang", CHEN),
        ("Park Chi-yong", BAK),
        ("Pak Chiyong", BAK),
        ("Choi Kyong-su", CHOE),
    ],
)
def test_other_romanizations_find_the_person(index: PersonIndex, name: str, record: int) -> None:
    assert record in _found(index, name)


def test_the_explanation_names_the_romanization(index: PersonIndex) -> None:
    match = next(m for m in index.search(PersonQuery("Chang Hsiu-ying"), threshold=0.0, limit=5))
    name = match.explanation[0]
    assert match.record_id == ZHANG
    assert "romanization" in dict(name.params)["labels"]
    codes = {(c.code, dict(c.params)["query"], dict(c.params)["reading"]) for c in name.notes}
    assert ("wade_giles_of_pinyin", "Chang", "Zhang") in codes
    assert "Chang: Wade-Giles spelling of pinyin Zhang" in name.detail


def test_korean_explanation(index: PersonIndex) -> None:
    match = next(m for m in index.search(PersonQuery("Pak Chiyong"), threshold=0.0, limit=5))
    assert match.record_id == BAK
    codes = {c.code for c in match.explanation[0].notes}
    assert codes == {"korean_romanization"}


@pytest.mark.parametrize(
    ("left", "right"),
    [("ping", "ning"), ("jun", "yun"), ("bae", "ba"), ("jae", "ja"), ("xiuying", "xiuyang")],
)
def test_different_syllables_share_no_reading(left: str, right: str) -> None:
    assert shared_reading(left, right, {"zh", "ko"}) is None


def test_readings_keep_the_ambiguity_of_chang() -> None:
    assert {"chang", "zhang"} <= readings("chang")["zh"]
    assert readings("zhang")["zh"] == frozenset({"zhang"})
    assert readings("smith") == {}
    assert "zhang" in alternative_spellings("chang")
    assert "bak" in readings("park")["ko"]


def test_a_different_given_name_is_not_matched_as_a_romanization(index: PersonIndex) -> None:
    match = next(m for m in index.search(PersonQuery("Wang Ning"), threshold=0.0, limit=5))
    assert not match.explanation[0].notes


def test_notes_word_each_pair() -> None:
    clauses, words = romanized_notes([("hsiuying", "xiuying"), ("wang", "wang")])
    assert [c.code for c in clauses] == ["wade_giles_of_pinyin"]
    assert words == ["Hsiuying: Wade-Giles spelling of pinyin Xiuying"]


def test_short_syllables_one_letter_apart_are_different_people(index: PersonIndex) -> None:
    # Same family name and date of birth: only the different reading keeps Ning from Ping.
    assert WANG not in _found(index, "Wang Ning")
    assert WANG in _found(index, "Wang Ping")


def test_merged_spellings_with_different_readings_are_kept_apart() -> None:
    rows = [PersonRow(1, (NameEntry(given="Jun", family="Lv"),), BORN)]
    found = PersonIndex.build(rows).search(PersonQuery("Lv Yun"), threshold=0.0, limit=3)
    # Once j and y are merged the whole name is one string; the readings keep them apart.
    assert found[0].score < DEFAULT_THRESHOLD
    assert "joined/split parts" not in found[0].explanation[0].detail


def test_another_one_syllable_given_name_is_not_a_part_left_out() -> None:
    rows = [
        PersonRow(1, (NameEntry(given="Chao", family="Ding"),), BORN),
        PersonRow(2, (NameEntry(given="Wei Ming", family="Ding"),), BORN),
    ]
    index = PersonIndex.build(rows)
    query = PersonQuery("Ding Wei", date_of_birth="1980-03-02")
    found = {m.record_id for m in index.search(query, limit=5)}
    # Wei and Chao are each a whole given name: another person, not Chao left out.
    assert 1 not in found
    # A second syllable present on one side only is still a part left out.
    assert 2 in found
    low = index.search(PersonQuery("Ding Wei"), threshold=0.0, limit=5)
    detail = next(m for m in low if m.record_id == 1).explanation[0].detail
    assert "given name differs" in detail
    assert "more parts" not in detail


def test_a_one_letter_korean_family_name_keeps_the_name_korean() -> None:
    rows = [PersonRow(1, (NameEntry(given="Huijun", family="I"),), BORN)]
    index = PersonIndex.build(rows)
    # Revised Romanization writes 이 as I: Huijong is another syllable, not a typo of Huijun.
    assert not index.search(PersonQuery("I Huijong", date_of_birth="1980-03-02"), limit=3)
    assert index.search(PersonQuery("Lee Huijun", date_of_birth="1980-03-02"), limit=3)


@pytest.mark.parametrize(
    ("hangul", "forms"),
    [
        ("백도준", ("baek", "dojun")),  # final ㄱ sounds k: Baek, as passports write it
        ("박민수", ("bak", "minsu")),
        ("성바숙", ("seong", "basuk")),
        ("김석우", ("gim", "seogu")),  # before a silent initial the final is said as it
        ("한복남", ("han", "boknam")),  # no sound change written inside a given name
    ],
)
def test_hangul_is_written_in_revised_romanization_with_its_final_sounds(
    hangul: str, forms: tuple[str, ...]
) -> None:
    assert name_forms(hangul) == forms


def test_a_hangul_record_is_found_by_its_mccune_reischauer_spelling() -> None:
    index = PersonIndex.build(
        [PersonRow(1, (NameEntry(full="백도준", script="Hang"),), PartialDate(1950, 3, 15))]
    )
    assert [m.record_id for m in index.search(PersonQuery("Paik To-chun"))] == [1]
    assert [m.record_id for m in index.search(PersonQuery("Paek Tongsok"))] == []


def test_another_syllable_two_letters_shorter_is_another_person() -> None:
    # 천숙석 and 천우석: Sukseok / Useok differ in one syllable, two letters in length apart.
    index = PersonIndex.build([PersonRow(1, (NameEntry(full="천우석", script="Hang"),), BORN)])
    assert not index.search(PersonQuery("Cheon Sukseok", date_of_birth="1980-03-02"))
    assert index.search(PersonQuery("Cheon Useok", date_of_birth="1980-03-02"))
