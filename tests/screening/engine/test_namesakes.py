"""Common names: a date that many namesakes could share by chance does not make an alert."""

from __future__ import annotations

import numpy as np
import pytest

from polnet.screening.engine.person.dates import DateMatch, parts_in_common
from polnet.screening.engine.person.engine import NameEntry, PartialDate, PersonIndex, PersonQuery, PersonRow
from polnet.screening.engine.person.namesakes import (
    CHANCE_AGREEMENT,
    MAX_PENALTY,
    common_name_amount,
    namesakes,
    sample_chances,
)

# The ways a date agrees (the others count against the record).
CHANCE_AGREEMENT_KINDS = {kind for _, kind in CHANCE_AGREEMENT}

WANTED = 1


def _index(namesakes_born: list[int]) -> PersonIndex:
    """The wanted Aisha Al-Qahtani (no date of birth) and namesakes born in the given years."""
    rows = [PersonRow(WANTED, (NameEntry(given="Aisha", family="Al-Qahtani"),), None, "F", ("SA",))]
    for n, year in enumerate(namesakes_born, 2):
        born = PartialDate(year, 1 + n % 12, 1 + n % 28)
        rows.append(PersonRow(n, (NameEntry(given="Aisha", family="Al-Qahtani"),), born, "F", ("SA",)))
    rows.append(PersonRow(999, (NameEntry(given="Olga", family="Turner"),), PartialDate(1983), "F"))
    return PersonIndex.build(rows)


def _found(index: PersonIndex, query: PersonQuery, limit: int = 10) -> dict[int, float]:
    return {m.record_id: m.score for m in index.search(query, threshold=0.3, limit=limit)}


QUERY = PersonQuery("Aisha Yahya Al-Qahtani", date_of_birth=PartialDate(1990, 4, 2), sex="F")


def test_a_record_without_a_date_among_many_namesakes_is_no_longer_an_alert() -> None:
    alone = _index([])
    crowded = _index([1950 + (n % 40) for n in range(30)])
    assert alone.search(QUERY)[0].record_id == WANTED  # a rare name: the partial match alerts
    assert _found(crowded, QUERY)[WANTED] < alone.search(QUERY)[0].score - 0.1
    assert WANTED not in {m.record_id for m in crowded.search(QUERY)}


def test_the_explanation_says_how_many_namesakes_and_the_score_is_its_sum() -> None:
    index = _index([1950 + (n % 40) for n in range(30)])
    [match] = [m for m in index.search(QUERY, threshold=0.3) if m.record_id == WANTED]
    common = next(f for f in match.explanation if f.name == "namesakes")
    params = dict(common.params)
    assert common.code == "common_name"
    assert params["others"] == "30" and params["match"] == DateMatch.MISSING.value
    assert "30 other records match the name as well" in common.detail
    assert common.contribution == pytest.approx(-MAX_PENALTY * 30 / 31)
    assert match.score == pytest.approx(sum(f.contribution for f in match.explanation))


def test_an_exact_date_tells_a_record_from_its_namesakes() -> None:
    index = _index([1950 + (n % 40) for n in range(30)])
    born = PartialDate(1955, 1 + 7 % 12, 1 + 7 % 28)  # record 7's whole date
    query = PersonQuery("Aisha Al-Qahtani", date_of_birth=born, sex="F")
    best = index.search(query)[0]
    assert best.record_id == 7
    assert all(f.name != "namesakes" for f in best.explanation)


def test_a_year_alone_weighs_less_the_more_namesakes_share_the_name() -> None:
    query = PersonQuery("Aisha Al-Qahtani", date_of_birth=PartialDate(1960), sex="F")
    few = _found(_index([1960, 1975]), query)
    many = _found(_index([1960] + [1961 + n % 40 for n in range(120)]), query)
    assert many[2] < few[2]


def test_a_score_does_not_depend_on_how_many_matches_were_asked_for() -> None:
    index = _index([1950 + (n % 40) for n in range(200)])
    few, many = _found(index, QUERY, limit=5), _found(index, QUERY, limit=60)
    assert few[WANTED] == many[WANTED]
    assert all(many[record] == score for record, score in few.items())


def test_only_namesakes_the_user_may_see_are_counted() -> None:
    index = _index([1950 + (n % 40) for n in range(30)])
    everyone = _found(index, QUERY)[WANTED]
    only_wanted = index.search(QUERY, threshold=0.3, allowed=lambda record: record == WANTED)
    assert only_wanted[0].score > everyone
    assert all(f.name != "namesakes" for f in only_wanted[0].explanation)


def test_counting_namesakes_and_what_they_cost() -> None:
    scores = np.array([0.95, 0.94, 0.80, 0.96])
    counted = np.array([True, True, True, False])
    # 0.95 and 0.94 are within the margin of each other; 0.96 is not counted, but counts them.
    assert namesakes(scores, counted).tolist() == [1, 1, 2, 2]
    assert common_name_amount(0, DateMatch.MISSING, 0) == 0.0
    assert common_name_amount(1, DateMatch.MISSING, 0) == pytest.approx(-MAX_PENALTY / 2)
    assert common_name_amount(1000, DateMatch.EXACT, 3) == 0.0  # 1,000 namesakes: 0.03 share the day
    year = common_name_amount(70, DateMatch.YEAR, 1)
    assert year == pytest.approx(-MAX_PENALTY * 0.98 / 1.98)  # 70 namesakes, 1 in 70 born that year
    assert common_name_amount(70, DateMatch.CONTRADICTION, 3) == 0.0  # that costs enough already
    assert all(common_name_amount(10**6, kind, known) >= -MAX_PENALTY for known, kind in CHANCE_AGREEMENT)


def test_the_parts_of_a_date_both_sides_know() -> None:
    assert parts_in_common(None, 5, 12) == 0
    assert parts_in_common(PartialDate(1990), 5, 12) == 1
    assert parts_in_common(PartialDate(1990, 5, 12), 5, 0) == 2
    assert parts_in_common(PartialDate(1990, 5, 12), 5, 12) == 3


def test_the_chances_are_what_the_date_rules_give_for_random_dates() -> None:
    sampled = sample_chances(40_000, seed=7)
    for (known, kind), chance in CHANCE_AGREEMENT.items():
        if chance > 1e-3:  # rarer ones need more pairs than a test affords
            assert sampled[known, kind] == pytest.approx(chance, rel=0.2), (known, kind)
    agreeing = {key for key, share in sampled.items() if key[1] in CHANCE_AGREEMENT_KINDS and share}
    assert agreeing <= set(CHANCE_AGREEMENT)  # every way a date can agree has its chance


def test_a_query_by_name_only_still_finds_every_namesake() -> None:
    index = _index([1950 + (n % 40) for n in range(30)])
    found = index.search(PersonQuery("Aisha Al-Qahtani", sex="F"), limit=50)
    assert {m.record_id for m in found} == set(range(1, 32))
    assert all(f.name != "namesakes" for m in found for f in m.explanation)


def test_a_shared_identifier_tells_a_record_from_its_namesakes() -> None:
    rows = [
        PersonRow(n, (NameEntry(given="Aisha", family="Al-Qahtani"),), PartialDate(1990), "F", (), ids)
        for n, ids in [(1, ("N1234567",)), *((n, ()) for n in range(2, 80))]
    ]
    index = PersonIndex.build(rows)
    query = PersonQuery("Aisha Al-Qahtani", date_of_birth=PartialDate(1990), identifiers=("N1234567",))
    found = {m.record_id: m for m in index.search(query, threshold=0.3, limit=100)}
    assert all(f.name != "namesakes" for f in found[1].explanation)
    assert any(f.name == "namesakes" for f in found[2].explanation)
    assert found[1].score > found[2].score
