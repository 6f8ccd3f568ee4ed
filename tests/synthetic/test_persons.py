from __future__ import annotations

import re
from collections import Counter

from polnet.synthetic import COUNTRY_CODES

from .conftest import Sample

LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z.' -]*$")


def test_partial_dates_in_expected_proportions(sample: Sample) -> None:
    n = len(sample.persons)
    shapes = Counter(
        (p.dob_year is not None, p.dob_month is not None, p.dob_day is not None) for p in sample.persons
    )
    assert abs(shapes[(False, False, False)] / n - 0.02) < 0.006
    assert abs(shapes[(True, False, False)] / n - 0.10) < 0.012
    assert abs(shapes[(True, True, False)] / n - 0.05) < 0.01
    assert set(shapes) == {
        (False, False, False),
        (True, False, False),
        (True, True, False),
        (True, True, True),
    }


def test_dates_are_valid(sample: Sample) -> None:
    import datetime

    for p in sample.persons:
        if p.dob_day is not None:
            assert p.dob_month is not None and p.dob_year is not None
            datetime.date(p.dob_year, p.dob_month, p.dob_day)
        if p.dob_year is not None:
            assert 1930 <= p.dob_year <= 2025


def test_native_script_names_carry_a_readable_latin_form(sample: Sample) -> None:
    scripts = Counter()
    for p in sample.persons:
        primary = p.names[0]
        assert not primary.is_alias
        scripts[primary.script] += 1
        latin = [n for n in p.names if n.script == "Latn" and not n.is_alias]
        assert latin, p
        for n in latin:
            ascii_form = n.full.isascii()
            if primary.script != "Latn":
                assert ascii_form and LATIN_NAME.match(n.full), n
                # Names read as names: capitalised words, no romanisation marks.
                lower = [w for w in n.full.split() if not w[:1].isupper()]
                assert all(w in ("bin", "bint", "ibn") or w.startswith("al-") for w in lower), n
            assert n.given and n.family and n.given in n.full and n.family in n.full
    expected = "Latn Cyrl Arab Grek Hans Hant Deva Beng Taml Hebr Hang Jpan Thai Geor Armn"
    assert set(expected.split()) <= set(scripts), scripts


def test_diacritics_get_an_ascii_form(sample: Sample) -> None:
    accented = [p for p in sample.persons if p.names[0].script == "Latn" and not p.names[0].full.isascii()]
    assert accented
    for p in accented:
        assert any(n.full.isascii() for n in p.names[1:])


def test_arabic_persons_include_mohammed_spellings(sample: Sample) -> None:
    arabic = [p for p in sample.persons if p.names[0].script == "Arab"]
    latin = Counter(w for p in arabic for n in p.names[1:] for w in n.given.split())
    assert sum(latin[w] for w in ("Mohammed", "Muhammad", "Mohamed", "Mohammad")) > len(arabic) * 0.05
    assert len({w for w in ("Mohammed", "Muhammad", "Mohamed", "Mohammad") if latin[w]}) >= 3
    # Articles and patronymic connectors give particles to play with.
    assert any("Al-" in n.family or "El" in n.family for p in arabic for n in p.names)
    assert any(" bin " in f" {n.given} " for p in arabic for n in p.names)


def test_person_fields(sample: Sample) -> None:
    sexes = Counter(p.sex for p in sample.persons)
    assert set(sexes) == {"M", "F", "U"} and sexes["U"] < sexes["M"] / 10
    for p in sample.persons:
        assert p.owner_country in COUNTRY_CODES
        assert p.country_of_birth == p.nationalities[0]
        assert len(set(p.nationalities)) == len(p.nationalities)
        assert p.place_of_birth
    assert sum(bool(p.identifiers) for p in sample.persons) > len(sample.persons) / 2
    assert sum(any(n.is_alias for n in p.names) for p in sample.persons) > 100
    assert sum(bool(p.distinguishing_marks) for p in sample.persons) > 100


def test_identifier_check_digits(sample: Sample) -> None:
    by_country = [(p.nationalities[0], i) for p in sample.persons for i in p.identifiers[:1]]
    spanish = [i for c, i in by_country if c == "ES"]
    assert spanish
    for number in spanish:
        assert number[-1] == "TRWAGMYFPDXBNJZSQVHLCKE"[int(number[:-1]) % 23]
    chinese = [i for c, i in by_country if c == "CN"]
    assert chinese
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for number in chinese:
        total = sum(int(c) * w for c, w in zip(number[:17], weights, strict=True))
        assert number[17] == "10X98765432"[total % 11]


def test_documents_point_at_persons_of_the_issuing_country(sample: Sample) -> None:
    held = [d for d in sample.documents if d.holder is not None and d.kind in ("passport", "id_card")]
    assert held
    same = sum(sample.persons[d.holder].owner_country == d.issuing_country for d in held)
    assert same / len(held) > 0.95
