"""The typed boundary: every kind's index answers ``screen`` with scored, explained candidates."""

from __future__ import annotations

from pathlib import Path

import pytest

from polnet.screening.engine.boundary import (
    NEAR_IDENTIFIER_SCORE,
    Answer,
    DocumentQuery,
    FirearmQuery,
    VehicleQuery,
)
from polnet.screening.engine.documents import DocumentIndex, DocumentRow
from polnet.screening.engine.engines import KINDS, Engines
from polnet.screening.engine.firearms import FirearmIndex, FirearmRow
from polnet.screening.engine.person.engine import NameEntry, PartialDate, PersonIndex, PersonQuery, PersonRow
from polnet.screening.engine.vehicles import VehicleIndex, VehicleRow

DOCUMENTS = [
    DocumentRow(1, "L898902C3", "UTO", "passport", "stolen"),
    DocumentRow(2, "L898902C3", "DEU", "passport", "lost"),
    DocumentRow(3, "L8989O2C3", "UTO", "passport", "stolen"),  # letter O: one confusion from 1
]
VIN = "1M8GDM9AXKP042788"
VEHICLES = [VehicleRow(1, VIN, "AB-123-CD", "FR", "Mercury"), VehicleRow(2, None, "XY995", None)]
FIREARMS = [FirearmRow(1, "0012345", "Sturm, Ruger & Co., Inc."), FirearmRow(2, "ABC123", "Glock")]
PERSONS = [
    PersonRow(1, (NameEntry(given="Ivan", family="Ivanov"),), PartialDate(1974, 8, 12), "M", ("RU",)),
    PersonRow(2, (NameEntry(given="Anna", family="Eriksson"),), None, "F", ("SE",)),
]


def rows(kind: str) -> list[object]:
    return {
        "person": PERSONS,
        "document": DOCUMENTS,
        "vehicle": VEHICLES,
        "firearm": FIREARMS,
        "artwork": [],
    }[kind]


def scores(answer: Answer[object]) -> list[tuple[int, float]]:
    return [(c.record_id, c.score) for c in answer.candidates]


def test_a_document_is_read_as_the_engine_compares_it_and_scored() -> None:
    index = DocumentIndex.build(DOCUMENTS)
    answer = index.screen(DocumentQuery("l898 902-c3", "uto"))
    assert answer.read == DocumentQuery("L898902C3", "UTO")
    assert scores(answer) == [(1, 1.0), (3, NEAR_IDENTIFIER_SCORE)]
    exact = answer.candidates[0]
    assert [f.name for f in exact.explanation] == ["document_number", "status"]
    assert exact.explanation[0].detail == "exact: number L898902C3 issued by UTO"
    assert sum(f.contribution for f in exact.explanation) == exact.score  # the status adds nothing
    assert exact.explanation[1].detail == "passport reported stolen"


def test_the_access_predicate_and_the_limit_hold_back_candidates() -> None:
    index = DocumentIndex.build(DOCUMENTS)
    everyone = index.screen(DocumentQuery("L898902C3"))
    assert [c.record_id for c in everyone.candidates] == [1, 2, 3]
    assert everyone.read.issuing_country is None
    hidden = index.screen(DocumentQuery("L898902C3"), allowed=lambda rid: rid != 1)
    assert [c.record_id for c in hidden.candidates] == [2, 3]
    assert [c.record_id for c in index.screen(DocumentQuery("L898902C3"), limit=1).candidates] == [1]


def test_a_query_the_engine_cannot_read_is_refused() -> None:
    index = DocumentIndex.build(DOCUMENTS)
    with pytest.raises(ValueError, match="empty document number"):
        index.screen(DocumentQuery(" - "))
    with pytest.raises(ValueError, match="not a country code"):
        index.screen(DocumentQuery("L898902C3", "QQ"))


def test_a_vehicle_names_what_matched() -> None:
    index = VehicleIndex.build(VEHICLES)
    answer = index.screen(VehicleQuery(vin=VIN, plate="AB 123 CD", plate_country="FR"))
    assert answer.read == VehicleQuery(VIN, "AB123CD", "FRA")
    assert scores(answer) == [(1, 1.0)]
    assert answer.candidates[0].explanation[0].name == "vin+plate"
    near = index.screen(VehicleQuery(plate="XY99S"))  # S read for 5
    assert scores(near) == [(2, NEAR_IDENTIFIER_SCORE)]


def test_a_firearm_keeps_the_engine_score_for_dropped_zeros() -> None:
    index = FirearmIndex.build(FIREARMS)
    answer = index.screen(FirearmQuery("12345", "Ruger"))
    assert answer.read == FirearmQuery("12345", "RUGER")
    [found] = answer.candidates
    assert found.record_id == 1 and found.score == pytest.approx(0.95)
    assert found.explanation[0].name == "serial_number"
    assert "leading zeros differ" in found.explanation[0].detail


def test_a_person_is_searched_at_the_default_threshold() -> None:
    index = PersonIndex.build(PERSONS)
    query = PersonQuery("Ivan Ivanov", date_of_birth="1974-08-12")
    answer = index.screen(query)
    assert answer.read is query
    assert [c.record_id for c in answer.candidates] == [1]
    found = answer.candidates[0]
    assert found.explanation == index.search(query)[0].explanation
    assert index.screen(query, allowed=lambda rid: rid != 1).candidates == ()


def test_the_set_of_engines_has_one_index_per_kind() -> None:
    assert KINDS == ("person", "document", "vehicle", "firearm", "artwork")
    empty = Engines.empty()
    assert [(kind, len(engine)) for kind, engine in empty.items()] == [(k, 0) for k in KINDS]
    assert empty.of("document") is empty.document
    with pytest.raises(KeyError):
        empty.of("notice")  # notices' subjects are screened through the person index


def test_the_set_of_engines_is_built_saved_and_loaded_by_kind(tmp_path: Path) -> None:
    built = Engines.build(rows)
    assert {kind: len(engine) for kind, engine in built.items()} == {
        "person": 2,
        "document": 3,
        "vehicle": 2,
        "firearm": 2,
        "artwork": 0,
    }
    built.save(tmp_path)
    loaded = Engines.load(tmp_path)
    assert scores(loaded.document.screen(DocumentQuery("L898902C3", "DEU"))) == [(2, 1.0)]
    assert [c.record_id for c in loaded.person.screen(PersonQuery("Anna Eriksson")).candidates] == [2]


def test_a_kind_without_rows_gets_an_empty_index() -> None:
    engines = Engines.build(lambda kind: rows(kind) if kind == "document" else [])
    assert len(engines.person) == len(engines.vehicle) == len(engines.firearm) == 0
    assert engines.firearm.screen(FirearmQuery("ABC123")).candidates == ()
