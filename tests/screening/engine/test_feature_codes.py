"""Each explanation line says as data what its English detail says: a code, values and notes."""

from __future__ import annotations

from polnet.screening.engine.boundary import Clause, DocumentQuery, Feature, FirearmQuery, VehicleQuery
from polnet.screening.engine.documents import DocumentIndex
from polnet.screening.engine.firearms import FirearmIndex
from polnet.screening.engine.person.engine import PersonIndex, PersonQuery
from polnet.screening.engine.vehicles import VehicleIndex
from tests.screening.engine.test_boundary import DOCUMENTS, FIREARMS, PERSONS, VEHICLES, VIN


def said(f: Feature) -> list[tuple[str, dict[str, object]]]:
    return [(c.code, dict(c.params)) for c in (Clause(f.code, f.params), *f.notes)]


def test_a_document_one_confusion_away_names_the_character_and_its_place() -> None:
    answer = DocumentIndex.build(DOCUMENTS).screen(DocumentQuery("L898902C3"))
    near = next(c for c in answer.candidates if c.record_id == 3)
    number, status = near.explanation
    assert number.detail.startswith("near: number L8989O2C3 issued by UTO; '0' at position 6 read for 'O'")
    assert said(number) == [
        ("document_near", {"number": "L8989O2C3", "country": "UTO"}),
        ("ocr_confusion", {"read": "0", "position": 6, "record": "O"}),
        ("document_any_country", {}),
    ]
    assert said(status) == [("document_status", {"kind": "passport", "status": "stolen"})]


def test_a_vehicle_by_vin_and_plate_says_both() -> None:
    answer = VehicleIndex.build(VEHICLES).screen(VehicleQuery(vin=VIN[:-1] + "B", plate="AB123CD"))
    [found] = answer.candidates
    assert said(found.explanation[0]) == [
        ("vin_near", {"vin": VIN}),
        ("ocr_confusion", {"read": "B", "position": 17, "record": "8"}),
        ("plate_exact", {"plate": "AB123CD", "country": "FRA"}),  # as the engine keeps it
    ]
    unknown = VehicleIndex.build(VEHICLES).screen(VehicleQuery(plate="XY995", plate_country="FR"))
    assert said(unknown.candidates[0].explanation[0]) == [
        ("plate_exact", {"plate": "XY995", "country": ""}),  # worded "country unknown" by the page
        ("plate_no_country", {}),
    ]
    letter = VehicleIndex.build(VEHICLES).screen(VehicleQuery(vin=VIN.replace("0", "O")))
    assert said(letter.candidates[0].explanation[0])[1] == (
        "vin_letter",
        {"read": "O", "position": 12, "record": "0"},
    )


def test_a_firearm_says_its_tolerances() -> None:
    [found] = FirearmIndex.build(FIREARMS).screen(FirearmQuery("12345", "Ruger")).candidates
    assert [code for code, _ in said(found.explanation[0])] == ["serial_near", "leading_zeros", "make_same"]
    [typo] = FirearmIndex.build(FIREARMS).screen(FirearmQuery("A8C123")).candidates
    assert said(typo.explanation[0]) == [
        ("serial_near", {"serial": "ABC123"}),
        ("ocr_confusion", {"read": "8", "position": 2, "record": "B"}),
    ]


def test_a_person_says_how_the_name_and_the_evidence_matched() -> None:
    query = PersonQuery("Ivan Ivanob", date_of_birth="1974-12-08", sex="M", nationality="RU")
    [found] = PersonIndex.build(PERSONS).screen(query).candidates
    name, date, sex, nationality = (said(f)[0] for f in found.explanation)
    assert (
        name[0] == "name_match" and name[1]["query"] == "Ivan Ivanob" and name[1]["record"] == "Ivan Ivanov"
    )
    assert "typo" in str(name[1]["labels"]).split("+")
    assert date == (
        "date_compared",
        {"query": "1974-12-08", "record": "1974-08-12", "match": "day_month_swapped"},
    )
    assert sex == ("sex_same", {"query_sex": "M", "record_sex": "M"})
    assert nationality == ("nationality_shared", {"countries": "RU"})
