"""Digits read as letters in names, initials across romanisations, and two variations at once."""

from __future__ import annotations

import numpy as np
import pytest

from polnet.screening.engine.person.engine import (
    DEFAULT_THRESHOLD,
    NameEntry,
    PartialDate,
    PersonIndex,
    PersonQuery,
    PersonRow,
)
from polnet.screening.engine.person.initials import initial_mask
from polnet.screening.engine.person.names import analyse_token
from polnet.screening.engine.person.ocr_names import ocr_labels, ocr_readings, read_digits
from polnet.screening.engine.text_kernels import level_scores, pack, patterns

BORN = PartialDate(1981, 4, 9)
PEOPLE = [
    ("Giannone", "Nadia"),
    ("Vorontsov", "Vladimir"),
    ("Khristoforov", "Khariton"),
    ("Tsvetkov", "Tsvetan"),
    ("Iurev", "Iurii"),
    ("Odintsov", "Viktor"),
    ("Sazonov", "Kseniia"),
    ("Molina", "Olga"),
]


def row(number: int, given: str, family: str, born: PartialDate = BORN) -> PersonRow:
    return PersonRow(number, (NameEntry(given=given, family=family),), born)


@pytest.fixture(scope="module")
def index() -> PersonIndex:
    rows = [row(i + 1, given, family) for i, (family, given) in enumerate(PEOPLE)]
    # Different people with names close to the targets, born on other days.
    rows += [
        row(100, "Olya", "Molina", PartialDate(1981, 7, 2)),
        row(101, "Viktor", "Odintsev", PartialDate(1975, 1, 1)),
    ]
    rows += [row(102, "Lev", "Vorontsov", PartialDate(1981, 4, 9))]
    return PersonIndex.build(rows)


def name_line(index: PersonIndex, text: str, record_id: int) -> tuple[float, str, str]:
    found = index.search(PersonQuery(text, date_of_birth="1981-04-09"), threshold=0.0, limit=20)
    match = next(m for m in found if m.record_id == record_id)
    name = next(f for f in match.explanation if f.name == "name")
    return match.score, name.detail, dict(name.params)["labels"]


def test_digits_read_with_the_identifier_table() -> None:
    assert read_digits("5erge1") == "sergel"
    assert read_digits("1van") == "ivan"
    assert read_digits("8oris") == "boris"
    assert read_digits("2oya") == "zoya"
    assert ocr_readings("Nad1a G1ann0ne") == ("NadIa GIann0ne", "Nadla Glann0ne")
    assert ocr_readings("Nadia 1981") == ()  # a number alone is not a name
    assert ocr_labels("J0HN 5MITH 1980") == ["read 0 as O (OCR)", "read 5 as S (OCR)"]


def test_a_1_read_as_i_finds_the_name_and_says_so(index: PersonIndex) -> None:
    # The usual reading of an inner 1 is l (Glannone); the I reading finds Giannone.
    score, detail, labels = name_line(index, "Nad1a G1ann0ne", 1)
    assert score >= DEFAULT_THRESHOLD
    assert "read 1 as I or l (OCR)" in detail and "read 0 as O (OCR)" in detail
    assert labels.split("+")[:2] == ["ocr_0", "ocr_1"]
    assert detail.startswith("Nad1a G1ann0ne ~ ")  # shown as typed


def test_ocr_digits_do_not_make_another_person(index: PersonIndex) -> None:
    found = index.search(PersonQuery("0LGA M0LINA", date_of_birth="1981-04-09"), threshold=DEFAULT_THRESHOLD)
    assert [m.record_id for m in found] == [8]  # not Olya Molina, born on another day


def bits(form: str) -> str:
    mask = initial_mask(form)
    return "".join(chr(ord("a") + i) for i in range(26) if mask >> i & 1)


def test_initial_letters_follow_the_romanisation_standards() -> None:
    assert bits("vladimir") == bits("walter") == "vw"
    assert bits("khariton") == "chk"
    assert bits("tsvetan") == "tz"
    assert bits("iurii") == bits("yuri") == bits("julia") == "ijy"
    assert bits("olga") == "o"
    assert bits("w") == "w"  # an initial is its own letter only


@pytest.mark.parametrize(
    ("text", "record_id"),
    [("W. Vorontsov", 2), ("H. Khristoforov", 3), ("Z. Tsvetkov", 4), ("J. Iurev", 5), ("Y. Iurev", 5)],
)
def test_initials_that_differ_by_transliteration_meet(index: PersonIndex, text: str, record_id: int) -> None:
    score, _, labels = name_line(index, text, record_id)
    assert score >= DEFAULT_THRESHOLD
    assert "initial" in labels.split("+")


def test_an_unrelated_initial_does_not_meet(index: PersonIndex) -> None:
    found = index.search(PersonQuery("K. Vorontsov", date_of_birth="1981-04-09"), threshold=DEFAULT_THRESHOLD)
    assert 2 not in [m.record_id for m in found]  # Vladimir Vorontsov is no K.


def test_a_typo_in_another_romanisation_counts_as_one_edit() -> None:
    query, record = analyse_token("wiktr"), analyse_token("viktor")
    query_units = [
        patterns([query.canon]),
        patterns([query.form]),
        patterns([query.vkey]),
        patterns([query.ckey]),
    ]
    canon, form, vkey, ckey = (pack([getattr(record, k)]) for k in ("canon", "form", "vkey", "ckey"))
    _, edits, _, _ = level_scores(*query_units, (canon, form, vkey, ckey), np.array([0], dtype=np.int32))
    assert edits[0, 0] == 1  # two edits as typed (w/v and the dropped o), one once canonical


# German (Duden) Ksenija Sasonow for ICAO Kseniia Sazonov, with d typed for s.
@pytest.mark.parametrize(("text", "record_id"), [("Kdenija Sasonow", 7)])
def test_transliteration_plus_typo_reaches_the_threshold(
    index: PersonIndex, text: str, record_id: int
) -> None:
    score, _, labels = name_line(index, text, record_id)
    assert score >= DEFAULT_THRESHOLD
    assert "typo" in labels.split("+")


def test_a_name_one_letter_apart_born_another_day_is_not_alerted(index: PersonIndex) -> None:
    found = index.search(
        PersonQuery("Viktor Odintsov", date_of_birth="1981-04-09"), threshold=DEFAULT_THRESHOLD
    )
    assert [m.record_id for m in found] == [6]


@pytest.mark.parametrize(
    "spellings",
    [
        ("Valeriia", "Valeriya", "Walerija"),  # ICAO 9303, BGN/PCGN, Duden for -ия
        ("Sergeev", "Sergeyev", "Sergejew"),  # -еев
        ("Nikolaev", "Nikolayev", "Nikolajew"),  # -аев
        ("Solovev", "Solovyev", "Solowjew"),  # -ьев
        ("Vorontsov", "Vorontsov", "Woronzow"),  # ц: TS, TS, Z
        ("Tsvetaeva", "Tsvetayeva", "Zwetajewa"),  # ц at the start, feminine -аева
    ],
)
def test_russian_endings_meet_across_standards(spellings: tuple[str, str, str]) -> None:
    assert len({analyse_token(s.lower()).canon for s in spellings}) == 1


def test_the_ending_rules_leave_other_names_apart() -> None:
    assert analyse_token("mayer").canon != analyse_token("mar").canon
    assert analyse_token("maya").canon != analyse_token("ma").canon
    assert analyse_token("yevgeni").canon != analyse_token("vgeni").canon  # -yev only at the end
    assert analyse_token("sarev").canon != analyse_token("tsarev").canon  # Duden S is з, not ц


@pytest.mark.parametrize(("text", "record_id"), [("W. Woronzow", 2), ("Wiktor Odinzow", 6)])
def test_duden_z_for_ts_is_a_spelling_variant(index: PersonIndex, text: str, record_id: int) -> None:
    score, _, labels = name_line(index, text, record_id)
    assert score >= DEFAULT_THRESHOLD
    assert labels.split("+")[0] == "spelling_variant"


def test_duden_z_does_not_bring_a_namesake_born_another_day(index: PersonIndex) -> None:
    query = PersonQuery("Viktor Odinzow", date_of_birth="1981-04-09")
    found = index.search(query, threshold=DEFAULT_THRESHOLD)
    assert [m.record_id for m in found] == [6]  # not Viktor Odintsev, born in 1975


def test_an_initial_and_a_short_surname_with_a_typo_are_found(index: PersonIndex) -> None:
    # Movina for Molina: a skeleton of three letters has no typo keys; the year codes of its
    # neighbours find the record.
    score, _, labels = name_line(index, "O. Movina", 8)
    assert score >= DEFAULT_THRESHOLD
    assert labels.split("+")[:2] == ["typo", "initial"]
    found = index.search(PersonQuery("K. Movina", date_of_birth="1981-04-09"), threshold=DEFAULT_THRESHOLD)
    assert found == []  # Olga Molina is no K.


def test_an_initial_and_a_surname_whose_typo_keys_are_common_are_found() -> None:
    # Standey for Stanley: the typo keys of a four-consonant skeleton (stn, snd ...) are shared
    # by more records than a typo key's list holds, so they are skipped; the one-edit
    # neighbours' year codes still find Morgan Stanley, born that year.
    fillers = [
        PersonRow(100 + i, (NameEntry(given=f"Filler{chr(97 + i % 26)}{chr(97 + i // 26)}", family="Stan"),))
        for i in range(300)
    ]
    stanley = PersonRow(7, (NameEntry(given="Morgan", family="Stanley"),), PartialDate(1969, 4, 26), "M")
    index = PersonIndex.build([*fillers, stanley])
    found = index.search(PersonQuery("M. Standey", date_of_birth="1969-04-26"), threshold=DEFAULT_THRESHOLD)
    assert [m.record_id for m in found] == [7]


def test_a_typo_that_leaves_a_doubled_consonant_still_meets() -> None:
    # Atkinon's skeleton is tkn (nn folded); Atkinson's with its s left out must fold the same.
    index = PersonIndex.build(
        [PersonRow(3, (NameEntry(given="Juan", family="Atkinson"),), PartialDate(1988, 7, 6))]
    )
    found = index.search(PersonQuery("J. Atkinon", date_of_birth="1988-07-06"), threshold=DEFAULT_THRESHOLD)
    assert [m.record_id for m in found] == [3]
