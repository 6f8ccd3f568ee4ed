"""Relatives: a shared family and father's name with another given name is not the same person."""

from __future__ import annotations

from polnet.screening.engine.boundary import Feature
from polnet.screening.engine.person.engine import (
    DEFAULT_THRESHOLD,
    NameEntry,
    PartialDate,
    PersonIndex,
    PersonQuery,
    PersonRow,
)

BORN = PartialDate(1988, 4, 17)
RECORDS = [
    PersonRow(1, (NameEntry(full="Алексей Петрович Смирнов", script="Cyrl"),), BORN, "M", ("RU",)),
    PersonRow(2, (NameEntry(given="Juan Carlos", family="García Márquez"),), BORN, "M", ("ES",)),
    PersonRow(3, (NameEntry(full="Ahmed bin Khalid bin Saeed Al Mansouri"),), BORN, "M", ("AE",)),
    PersonRow(4, (NameEntry(given="Helga", family="Jónsdóttir"),), BORN, "F", ("IS",)),
    PersonRow(5, (NameEntry(given="Anar Ilgar oglu", family="Mammadov"),), BORN, "M", ("AZ",)),
]
INDEX = PersonIndex.build(RECORDS)


def name_line(query: str, record_id: int, nationality: str) -> tuple[float, Feature]:
    found = INDEX.search(
        PersonQuery(query, date_of_birth="1988-04-17", sex="M", nationality=nationality), threshold=0.0
    )
    [match] = [m for m in found if m.record_id == record_id]
    return match.score, match.explanation[0]


def labels(feature: Feature) -> list[str]:
    return str(dict(feature.params)["labels"]).split("+")


def test_twins_with_another_given_name_stay_under_the_threshold_and_say_why() -> None:
    for query, record_id, nationality in [
        ("Dmitry Petrovich Smirnov", 1, "RU"),  # the same patronymic
        ("Pedro García Márquez", 2, "ES"),  # the same two surnames
        ("Omar bin Khalid bin Saeed Al Mansouri", 3, "AE"),  # the same father and grandfather
        ("Rashad Ilgar oglu Mammadov", 5, "AZ"),  # son of the same father
    ]:
        score, name = name_line(query, record_id, nationality)
        assert score < DEFAULT_THRESHOLD, query
        assert "given_name_differs" in labels(name), query
        assert "given name differs" in name.detail


def test_the_same_person_with_a_variant_given_name_is_still_found() -> None:
    for query, record_id, nationality in [
        ("Aleksei Petrovich Smirnov", 1, "RU"),  # another romanization of Алексей
        ("Alexey Petrovich Smirnov", 1, "RU"),
        ("A. Petrovich Smirnov", 1, "RU"),  # an initial
        ("Juan Carlso García Márquez", 2, "ES"),  # a typo
        ("Ahmad bin Khalid bin Saeed Al Mansouri", 3, "AE"),  # a spelling variant
        ("Petrovich Smirnov", 1, "RU"),  # the given name left out
    ]:
        score, name = name_line(query, record_id, nationality)
        assert score >= DEFAULT_THRESHOLD, query
        assert "given_name_differs" not in labels(name), query


def test_a_sister_of_two_parts_is_already_far_from_the_threshold() -> None:
    found = INDEX.search(PersonQuery("Sigrun Jonsdottir", date_of_birth="1988-04-17", sex="F"))
    assert 4 not in {m.record_id for m in found}


def test_the_same_document_still_lifts_a_relative_named_alike() -> None:
    row = PersonRow(9, (NameEntry(full="Ivan Petrovich Smirnov"),), BORN, "M", (), ("P1234567",))
    index = PersonIndex.build([row])
    query = PersonQuery("Sergei Petrovich Smirnov", date_of_birth="1988-04-17", identifiers="P1234567")
    [match] = index.search(query)
    assert match.record_id == 9
