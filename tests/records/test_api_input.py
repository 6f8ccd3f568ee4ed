"""Bad input to the records API answers a 422 that names the field, never a 500, and changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from polnet.core.models import AuditEntry
from polnet.records.models import RECORD_MODELS
from tests.factories import Network, make_record, signed_in_client

# Every field of a change that cannot be empty: null is refused, leaving it out keeps it.
NOT_NULL = {
    "person": ["names", "sex", "nationalities", "place_of_birth", "identifiers", "distinguishing_marks"],
    "document": ["number", "kind", "status", "date_reported"],
    "vehicle": ["vin", "plate", "make", "model", "colour"],
    "firearm": ["make", "model", "calibre", "serial_number", "kind", "status"],
    "artwork": ["title", "artist", "category", "period", "dimensions", "description"],
}
ACCESS_NOT_NULL = [
    "purpose",
    "handling_code",
    "source_reliability",
    "information_accuracy",
    "restriction",
    "listed_countries",
    "bureau_only",
    "review_date",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "dob_year=abc",
        "dob_year=99999999999999999999",
        "offset=99999999999999999999",
        "offset=-1",
    ],
)
def test_a_list_parameter_out_of_range_answers_422(net: Network, query: str) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    for url in (f"/api/records/persons?{query}", f"/api/records/persons/export.csv?{query}"):
        response = fr.get(url)
        assert response.status_code == 422, (url, response.content)
        name = query.split("=")[0]
        assert response.json()["field"] == name and name in response.json()["detail"]


@pytest.mark.django_db
def test_a_year_of_birth_is_a_number(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")  # born 1974
    fr = signed_in_client(net.users["FR-officer"])
    assert fr.get("/api/records/persons?dob_year=1974").json()["count"] == 1
    assert fr.get("/api/records/persons?dob_year=1975").json()["count"] == 0
    assert fr.get("/api/records/persons?dob_year=19x4").status_code == 422
    parameter = client_schema(fr)["paths"]["/api/records/persons"]["get"]["parameters"]
    [year] = [p for p in parameter if p["name"] == "dob_year"]
    assert "integer" in json.dumps(year["schema"])


def client_schema(client: Client) -> dict[str, Any]:
    return client.get("/api/openapi.json").json()  # type: ignore[no-any-return]


def _patch(client: Client, url: str, body: dict[str, object]) -> object:
    return client.patch(url, json.dumps(body), content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "field"),
    [(k, f) for k, fields in NOT_NULL.items() for f in (*fields, *ACCESS_NOT_NULL)],
)
def test_null_on_a_field_that_cannot_be_empty_answers_422(net: Network, kind: str, field: str) -> None:
    rec = make_record(net.actor("FR-officer"), kind)
    fr = signed_in_client(net.users["FR-officer"])
    audit_before = AuditEntry.objects.count()
    response = _patch(fr, f"/api/records/{kind}s/{rec.pk}", {"version": 1, field: None})
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    again = RECORD_MODELS[kind].objects.get(pk=rec.pk)
    assert again.version == 1 and AuditEntry.objects.count() == audit_before


MAY_BE_EMPTY = {
    "person": ["date_of_birth", "country_of_birth"],
    "document": ["holder_id"],
    "vehicle": ["plate_country", "year"],
}


@pytest.mark.django_db
def test_null_clears_only_a_field_that_may_be_empty(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    for kind, fields in MAY_BE_EMPTY.items():
        rec = make_record(net.actor("FR-officer"), kind)
        url = f"/api/records/{kind}s/{rec.pk}"
        response = _patch(fr, url, {"version": 1, **dict.fromkeys(fields)})
        assert response.status_code == 200, response.content
        assert all(response.json()[f] is None for f in fields) and response.json()["version"] == 2
        assert _patch(fr, url, {"version": 2, NOT_NULL[kind][0]: None}).status_code == 422


def test_the_document_says_which_fields_take_null(client: Client) -> None:
    schemas = client_schema(client)["components"]["schemas"]
    for kind, fields in NOT_NULL.items():
        patch = schemas[f"{kind.capitalize()}Patch"]["properties"]
        for name in (*fields, *ACCESS_NOT_NULL):
            assert "null" not in json.dumps(patch[name]), (kind, name, patch[name])
    assert "null" in json.dumps(schemas["DocumentPatch"]["properties"]["holder_id"])


def test_a_serial_number_of_separators_alone_is_refused_and_never_stops_the_search(net: Network) -> None:
    from polnet.core.errors import InvalidInput
    from polnet.records import services as records
    from polnet.records.models import Firearm
    from polnet.screening import index

    officer = net.actor("FR-officer")
    firearm = make_record(officer, "firearm")
    with pytest.raises(InvalidInput) as refused:
        records.update_record(officer, "firearm", firearm.pk, {"version": 1, "serial_number": ";"})
    assert refused.value.code == "serial_number_no_alnum"
    # A row written before the rule (straight into the table) is left out of the check's
    # index, and searching the firearms goes on answering.
    Firearm.objects.filter(pk=firearm.pk).update(serial_number=";")
    records.update_record(
        officer, "firearm", make_record(officer, "firearm").pk, {"version": 1, "make": "Beretta"}
    )
    Firearm.objects.filter(pk=firearm.pk).update(make="Glock")
    from polnet.records.models import RecordChange

    RecordChange.objects.create(kind="firearm", record_id=firearm.pk)
    index.current()  # takes the changes in; the bad row is left out
    total, rows = records.list_records(officer, "firearm", text="Beretta")
    assert total >= 1 and all(r.serial_number != ";" for r in rows)
