"""A namesake's year of birth: a typist's slip is forgiven, any other year is not."""

from __future__ import annotations

from polnet.screening.engine.person.dates import DATE_CONTRIBUTION, DateMatch
from polnet.screening.engine.person.engine import NameEntry, PartialDate, PersonIndex, PersonQuery, PersonRow

INDEX = PersonIndex.build(
    [PersonRow(1, (NameEntry(given="Maria", family="Lopez"),), PartialDate(1975, 5, 14), "F")]
)


def found(dob: str) -> dict[str, str] | None:
    matches = INDEX.search(PersonQuery("Maria Lopez", date_of_birth=dob, sex="F"))
    if not matches:
        return None
    [match] = matches
    return {k: str(v) for k, v in match.explanation[1].params}


def test_a_namesake_born_years_apart_with_only_a_year_is_not_alerted() -> None:
    assert found("1979") is None  # 9 is no neighbour of 5
    assert found("1980") is None  # a year off, but three digits
    assert found("1955") is None


def test_a_year_one_neighbouring_key_or_transposition_away_is_still_found() -> None:
    assert found("1976") == {"query": "1976", "record": "1975-05-14", "match": "year_digit_slip"}
    assert found("1957") == {"query": "1957", "record": "1975-05-14", "match": "year_digit_slip"}
    assert found("1975") == {"query": "1975", "record": "1975-05-14", "match": "year"}


def test_a_slipped_year_with_the_month_agreeing_costs_something() -> None:
    assert found("1976-05") == {"query": "1976-05", "record": "1975-05-14", "match": "year_slip_same_month"}
    [match] = INDEX.search(PersonQuery("Maria Lopez", date_of_birth="1976-05", sex="F"))
    assert match.explanation[1].contribution == DATE_CONTRIBUTION[DateMatch.YEAR_SLIP_SAME_MONTH] < 0
    [exact] = INDEX.search(PersonQuery("Maria Lopez", date_of_birth="1975-05", sex="F"))
    assert match.score < exact.score
