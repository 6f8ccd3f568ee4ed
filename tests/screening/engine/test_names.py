"""Name normalisation: spelling variants of one name must meet, others must not."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from polnet.screening.engine.person.names import (
    analyse_token,
    canonical,
    consonant_key,
    detect_script,
    exact_keys,
    join_forms,
    name_forms,
    tokenise,
    typo_keys,
    vowel_key,
)


def one(text: str) -> str:
    (form,) = name_forms(text)
    return form


def test_nfkc_case_and_diacritics_fold() -> None:
    assert one("ＭÜＬＬＥＲ") == "muller"  # fullwidth letters, umlaut, capitals
    assert one("Straße") == "strasse"
    assert one("Łukasz") == "lukasz"
    assert one("Nguyễn") == "nguyen"


def test_transliteration_of_scripts() -> None:
    assert name_forms("Иванов") == ("ivanov",)
    assert name_forms("Γεώργιος") == ("georgios",)
    assert name_forms("محمد") == ("mhmd",)


@pytest.mark.parametrize(
    "variants",
    [
        ("Мухаммед", "Muhammad", "Mohamed", "Mohammed", "Mukhammed"),
        ("Иванов", "Ivanov", "Iwanow"),
        ("Yusuf", "Jusuf", "Iusuf", "Юсуф"),
        ("Dmitriy", "Dmitry", "Dmitrii", "Dmitrij"),
        ("Khaled", "Khalid", "Халид"),
    ],
)
def test_transliteration_variants_share_the_vowel_key(variants: tuple[str, ...]) -> None:
    keys = {analyse_token(one(v)).vkey for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Iwanow", "Ivanov"),  # w / v
        ("Stephan", "Stefan"),  # ph / f
        ("Papadopoylos", "Papadopulos"),  # ou / u (Greek via anyascii)
        ("Khrushchev", "Hrushchev"),  # kh / h
        ("Smyth", "Smith"),  # y / i
        ("Jakob", "Yakob"),  # j / y
        ("Mohammed", "Mohamed"),  # doubled letters
        ("Mueller", "Müller"),  # ICAO ue / ü
        ("Tschernow", "Chernow"),  # German tsch
        ("Tschechow", "Chekhov"),  # Duden TSCH for ч and CH for х  # noqa: RUF003
        ("Kasakow", "Kazakov"),  # Duden S for з between vowels
        ("Tschernow", "Chernov"),
        ("Yelena", "Elena"),  # Russian initial е: BGN/PCGN YE, ICAO 9303 E  # noqa: RUF003
        ("Jermolai", "Ermolai"),  # Duden JE
    ],
)
def test_spelling_rules_merge_canonical_forms(left: str, right: str) -> None:
    assert canonical(one(left)) == canonical(one(right))


def test_different_names_keep_different_keys() -> None:
    assert canonical("wang") != canonical("yang")
    # Ye is kept where it is a name of its own (Chinese Ye, Yeh) or Korean yeo (Yeong).
    assert canonical("ye") != canonical("e") and canonical("yeh") != canonical("eh")
    assert canonical("yeong") != canonical("eong")
    assert vowel_key(canonical("xiao")) != vowel_key(canonical("xu"))
    assert vowel_key(canonical("li")) != vowel_key(canonical("lu"))


def test_abjad_spelling_meets_latin_on_consonants() -> None:
    assert analyse_token(one("محمد")).ckey == analyse_token("mohammed").ckey == "mhmd"
    assert analyse_token(one("يوسف")).ckey == analyse_token("yusuf").ckey
    assert analyse_token(one("فاطمة")).ckey == analyse_token("fatima").ckey
    assert analyse_token(one("عبدالله")).ckey == analyse_token("abdullah").ckey


def test_arabic_article_is_split_off_but_allah_is_kept() -> None:
    assert name_forms("البيطار") == ("al", "btr")
    assert name_forms("عبد الله") == ("bd", "allah")


def test_cjk_names_split_into_family_and_given() -> None:
    assert name_forms("张伟") == ("zhang", "wei")
    assert name_forms("王秀英") == ("wang", "xiuying")
    assert name_forms("김민수") == ("gim", "minsu")
    assert set(name_forms("Wei Zhang")) == set(name_forms("张伟"))


@pytest.mark.parametrize("text", ["Al-Rashid", "Al Rashid", "al rashid", "AL-RASHID"])
def test_particles_split_forms_meet(text: str) -> None:
    assert name_forms(text) == ("al", "rashid")
    assert join_forms(name_forms(text)) == name_forms("Alrashid")


def test_van_der_joined_and_split_meet() -> None:
    assert "".join(name_forms("van der Berg")) == one("Vanderberg")
    assert [t.particle for t in tokenise("van der Berg")] == [True, True, False]


def test_ocr_digits_read_as_letters() -> None:
    assert one("J0HN") == "john"
    assert one("1van") == "ivan"  # a leading 1 is a capital I
    assert one("A1i") == "ali"  # inside a word it is an l
    assert one("GÜ1GEN") == "gulgen"


def test_ocr_rn_and_m_meet_on_loose_keys() -> None:
    turner, tumer = analyse_token("turner"), analyse_token("tumer")
    assert turner.vkey == tumer.vkey
    assert set(exact_keys(turner)) & set(exact_keys(tumer))
    # The unfolded key stays, so a typo next to "rn" still meets.
    assert set(exact_keys(turner)) & set(exact_keys(analyse_token("truner")))


def test_mrz_fillers_separate_names() -> None:
    assert name_forms("ERIKSSON<<ANNA<MARIA") == ("eriksson", "anna", "maria")


def test_detect_script() -> None:
    assert detect_script("Ivan Иванов Иванович") == "Cyrl"
    assert detect_script("张伟") == "Hani"
    assert detect_script("محمد") == "Arab"
    assert detect_script("John") == "Latn"
    assert detect_script("123") == ""


def test_exact_keys_add_canonical_spelling_for_short_skeletons() -> None:
    assert exact_keys(analyse_token("mohamed")) == ("c:mhmd",)
    assert "v:li" in exact_keys(analyse_token("li"))


_words = st.text(alphabet="bdfgklmnprstvz", min_size=4, max_size=9)


@given(_words, st.integers(min_value=0, max_value=8), st.sampled_from("bdgklmnprst"), st.integers(0, 3))
def test_one_edit_keeps_a_shared_blocking_key(word: str, position: int, letter: str, kind: int) -> None:
    """Names one edit apart (at the consonant level) always share a blocking key."""
    position %= len(word)
    edited = [
        word[:position] + letter + word[position + 1 :],  # substitution
        word[:position] + word[position + 1 :],  # deletion
        word[:position] + letter + word[position:],  # insertion
        word[:position] + word[position + 1 : position + 2] + word[position] + word[position + 2 :],
    ][kind]
    left, right = analyse_token(word), analyse_token(edited)
    left_skeleton, right_skeleton = consonant_key(left.canon), consonant_key(right.canon)
    assume(min(len(left_skeleton), len(right_skeleton)) >= 4)
    assume(OSA.distance(left_skeleton, right_skeleton) <= 1)
    left_keys = set(exact_keys(left)) | set(typo_keys(left))
    right_keys = set(exact_keys(right)) | set(typo_keys(right))
    assert left_keys & right_keys


@pytest.mark.parametrize(
    ("left", "right"), [("Sara", "Zara"), ("Rosa", "Roza"), ("Sacharow", "Zakharov"), ("Schwarz", "Zhvarz")]
)
def test_s_is_read_as_z_only_in_duden_surnames(left: str, right: str) -> None:
    # S at the start and SCH may be с / з and ш / ж; elsewhere S stays S without the Duden endings.  # noqa: RUF003
    assert canonical(left.lower()) != canonical(right.lower())
