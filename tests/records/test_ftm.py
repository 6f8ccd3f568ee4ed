"""FollowTheMoney out and in: every line checked by the library's model, the access policy
applied on the way out, the importer's bureau owning what comes in, all or nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from followthemoney import model

from polnet.core.errors import Forbidden
from polnet.network.actors import actor_for
from polnet.records import ftm, ftm_io
from polnet.records import services as records
from polnet.records.models import Person, TravelDocument, Vehicle
from tests.factories import Network, access, make_record, signed_in_client


def _actor(net: Network, name: str) -> Any:
    return actor_for(net.users[name], origin="test")


def _entities(lines: list[str]) -> list[dict[str, Any]]:
    out = []
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # the model reads it back whole
        assert proxy.to_dict()["properties"] == data["properties"]
        out.append(data)
    return out


def _seed(fr: Any) -> tuple[Any, Any, Any]:
    person = make_record(fr, "person")
    doc = records.create_record(
        fr,
        "document",
        {"number": "P1234567", "kind": "passport", "status": "lost", "date_reported": "2026-01-05"}
        | access()
        | {"holder_id": person.pk},
    )
    vehicle = make_record(fr, "vehicle")
    return person, doc, vehicle


@pytest.mark.django_db
def test_export_maps_and_validates_every_entity(net: Network) -> None:
    fr = _actor(net, "FR-officer")
    person, doc, vehicle = _seed(fr)
    make_record(fr, "firearm")
    make_record(fr, "artwork")
    ents = _entities(list(ftm_io.export_lines(fr)))
    by_id = {e["id"]: e for e in ents}
    node = ftm_io.this_node()
    p = by_id[f"polnet-{node}-person-{person.pk}"]
    assert p["schema"] == "Person" and p["properties"]["birthDate"] == ["1974-08-12"]
    assert p["properties"]["nationality"] == ["ru"] and p["properties"]["gender"] == ["male"]
    assert set(p["properties"]["name"]) == {"Ivan Ivanov", "Иван Иванов"}
    d = by_id[f"polnet-{node}-document-{doc.pk}"]
    assert d["schema"] == "Passport" and d["properties"]["number"] == ["P1234567"]
    assert d["properties"]["holder"] == [p["id"]] and d["properties"]["country"] == ["fr"]
    v = by_id[f"polnet-{node}-vehicle-{vehicle.pk}"]
    assert "vin:1M8GDM9AXKP042788" in v["properties"]["keywords"]
    assert {e["schema"] for e in ents} == {"Person", "Passport", "Vehicle", "Asset"}
    # Stable: a second export gives the same entities, ids included.
    assert _entities(list(ftm_io.export_lines(fr))) == ents


@pytest.mark.django_db
def test_round_trip_into_another_network(net: Network) -> None:
    fr = _actor(net, "FR-officer")
    person, doc, vehicle = _seed(fr)
    lines = list(ftm_io.export_lines(fr, ["person", "document", "vehicle"]))
    # Another network: the same bureau starts empty and reads the file in.
    for kind, rec in (("document", doc), ("vehicle", vehicle), ("person", person)):
        records.delete_record(fr, kind, rec.pk)
    done = ftm_io.import_entities(fr, lines, {"purpose": "investigation"})
    assert sorted(d.kind for d in done) == ["document", "person", "vehicle"]
    new_p = Person.objects.get(pk=next(d.id for d in done if d.kind == "person"))
    assert new_p.owner_country_id == "FR" and new_p.date_of_birth == "1974-08-12" and new_p.sex == "M"
    assert {n.display for n in new_p.names.all()} == {"Ivan Ivanov", "Иван Иванов"}
    assert [c.code for c in new_p.nationalities.all()] == ["RU"]
    new_d = TravelDocument.objects.get(number="P1234567")
    assert new_d.holder_id == new_p.pk and new_d.status == "lost" and str(new_d.date_reported) == "2026-01-05"
    new_v = Vehicle.objects.get()
    assert (new_v.vin, new_v.plate, new_v.make, new_v.model) == (
        "1M8GDM9AXKP042788",
        "AB123CD",
        "Motor Coach",
        "MC-12",
    )
    assert done[0].external_ref.startswith("polnet-")


@pytest.mark.django_db
def test_another_bureau_imports_persons_and_vehicles_as_its_own(net: Network) -> None:
    fr, de = _actor(net, "FR-officer"), _actor(net, "DE-officer")
    _seed(fr)
    lines = list(ftm_io.export_lines(fr, ["person", "vehicle"]))
    done = ftm_io.import_entities(de, lines, {"purpose": "investigation"})
    assert {Person.objects.get(pk=d.id).owner_country_id for d in done if d.kind == "person"} == {"DE"}
    # A passport issued by France is France's to record (SLTD rule): refused, nothing written.
    before = Person.objects.count()
    with pytest.raises(ftm_io.ImportRefused) as refused:
        ftm_io.import_entities(de, list(ftm_io.export_lines(fr)), {"purpose": "investigation"})
    assert [(e.property, e.code) for e in refused.value.errors] == [("country", "ftm_document_foreign")]
    assert Person.objects.count() == before


PERSON = {"id": "x-1", "schema": "Person", "properties": {"name": ["Ana Lopez"]}}


@pytest.mark.parametrize(
    ("bad", "prop", "code"),
    [
        (
            {"id": "c-1", "schema": "Company", "properties": {"name": ["Acme"]}},
            "schema",
            "ftm_schema_refused",
        ),
        (
            {"id": "p-2", "schema": "Person", "properties": {"name": ["A"], "colour": ["red"]}},
            "colour",
            "ftm_property_unknown",
        ),
        (
            {"id": "p-3", "schema": "Person", "properties": {"name": ["A"], "birthDate": ["1974-13-40"]}},
            "birthDate",
            "ftm_value_invalid",
        ),
        (
            {"id": "d-1", "schema": "Passport", "properties": {"number": ["X1"], "holder": ["nobody"]}},
            "holder",
            "ftm_holder_dangling",
        ),
        (
            {"id": "p-4", "schema": "Person", "properties": {"nationality": ["xx"], "name": ["A"]}},
            "nationality",
            "ftm_value_invalid",
        ),
    ],
)
@pytest.mark.django_db
def test_invalid_entities_are_refused_with_line_and_property(
    net: Network, bad: dict[str, Any], prop: str, code: str
) -> None:
    fr = _actor(net, "FR-officer")
    lines = [json.dumps(PERSON), "", json.dumps(bad)]
    with pytest.raises(ftm_io.ImportRefused) as refused:
        ftm_io.import_entities(fr, lines, {"purpose": "investigation"})
    assert [(e.line, e.property, e.code) for e in refused.value.errors] == [(3, prop, code)]
    assert not Person.objects.exists()  # the valid person on line 1 was not written either


@pytest.mark.django_db
def test_a_record_rule_refusal_names_the_line_and_rolls_back(net: Network) -> None:
    fr = _actor(net, "FR-officer")
    bad_vin = {"id": "v-1", "schema": "Vehicle", "properties": {"keywords": ["vin:123"], "model": ["Golf"]}}
    with pytest.raises(ftm_io.ImportRefused) as refused:
        ftm_io.import_entities(fr, [json.dumps(PERSON), json.dumps(bad_vin)], {"purpose": "investigation"})
    assert [(e.line, e.property) for e in refused.value.errors] == [(2, "keywords")]
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_export_applies_the_access_policy(net: Network) -> None:
    fr = _actor(net, "FR-officer")
    shared = make_record(fr, "person")
    only_it = make_record(fr, "person", restriction="only_listed", listed=["IT"])
    bureau_only = make_record(fr, "person", bureau_only=True)
    node = ftm_io.this_node()

    def ids(name: str) -> set[str]:
        return {json.loads(line)["id"] for line in ftm_io.export_lines(_actor(net, name), ["person"])}

    assert ids("DE-officer") == {f"polnet-{node}-person-{p.pk}" for p in (shared, bureau_only)}
    assert ids("IT-officer") == {f"polnet-{node}-person-{p.pk}" for p in (shared, only_it, bureau_only)}
    assert ids("IT-unit-full") == {f"polnet-{node}-person-{p.pk}" for p in (shared, only_it)}
    with pytest.raises(Forbidden):
        ftm_io.export_lines(_actor(net, "DE-unit-hitonly"))


@pytest.mark.django_db
def test_a_hidden_holder_is_a_stand_in_and_stays_out_on_import(net: Network) -> None:
    fr, de = _actor(net, "FR-officer"), _actor(net, "DE-officer")
    hidden = make_record(fr, "person", restriction="only_listed", listed=["IT"])
    records.create_record(
        fr,
        "document",
        {"number": "P7654321", "kind": "passport", "status": "stolen", "date_reported": "2026-01-05"}
        | access()
        | {"holder_id": hidden.pk},
    )
    ents = _entities(list(ftm_io.export_lines(de)))
    assert [e["schema"] for e in ents] == ["Person", "Passport"]
    assert ents[0]["properties"]["keywords"] == [ftm.STAND_IN]
    assert "Ivan Ivanov" not in json.dumps(ents)


@pytest.mark.django_db
def test_api_routes(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    make_record(_actor(net, "FR-officer"), "person")
    r = fr.get("/api/records/ftm/export?kind=person")
    assert r.status_code == 200
    body = b"".join(r.streaming_content).decode()  # type: ignore[attr-defined]
    assert [json.loads(line)["schema"] for line in body.splitlines()] == ["Person"]
    de = signed_in_client(net.users["DE-officer"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("p.ftm.json", body.encode(), content_type="application/json")
    r = de.post("/api/records/ftm/import", {"file": upload, "purpose": "investigation"})
    assert r.status_code == 201, r.content
    assert r.json()[0]["record_kind"] == "person"
    bad = SimpleUploadedFile("b.json", b'{"id": "c", "schema": "Company", "properties": {}}\n')
    r = de.post("/api/records/ftm/import", {"file": bad, "purpose": "investigation"})
    assert r.status_code == 422 and r.json()["code"] == "ftm_import_refused"
    assert r.json()["rows"] == [
        {
            "line": 1,
            "property": "schema",
            "code": "ftm_schema_refused",
            "message": r.json()["rows"][0]["message"],
        }
    ]
    hit_only = signed_in_client(net.users["DE-unit-hitonly"])
    assert hit_only.get("/api/records/ftm/export").status_code == 403
