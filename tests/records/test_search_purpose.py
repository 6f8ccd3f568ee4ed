"""Searching the persons list by name states its purpose (`search_purpose`), kept in the audit log."""

from __future__ import annotations

import pytest
from django.test import Client

from polnet.core.models import AuditEntry
from polnet.network.services import issue_token
from tests.factories import Network, make_record, signed_in_client


@pytest.fixture(autouse=True)
def fresh_index(fresh_screening_index: None) -> None:
    """Every test here searches the screening index: a fresh one (`tests/conftest.py`)."""


def _searches() -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="person", action="search").values_list("purpose", flat=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "code"),
    [("", "purpose_required"), ("&search_purpose=nosiness", "purpose_unknown")],
)
def test_the_api_refuses_a_name_search_of_persons_without_a_listed_purpose(
    net: Network, query: str, code: str
) -> None:
    make_record(net.actor("FR-officer"), "person")
    fr = signed_in_client(net.users["FR-officer"])

    for path in ("/api/records/persons", "/api/records/persons/export.csv"):
        r = fr.get(f"{path}?q=Ivanov{query}")
        assert r.status_code == 422, r.content
        assert (r.json()["code"], r.json()["field"]) == (code, "search_purpose")
        assert "investigation" in r.json()["detail"]
    assert _searches() == []


@pytest.mark.django_db
def test_a_stated_purpose_is_audited_with_the_search_and_browsing_needs_none(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    fr = signed_in_client(net.users["FR-officer"])

    found = fr.get("/api/records/persons?q=Ivanov&search_purpose=investigation").json()
    assert [i["id"] for i in found["items"]] == [rec.pk]
    assert fr.get("/api/records/persons?sex=M").status_code == 200  # a list without a name search
    # The records' own purpose stays a filter, apart from the search's purpose.
    same = fr.get("/api/records/persons?q=Ivanov&search_purpose=identification&purpose=locate_wanted")
    assert same.status_code == 200

    assert _searches() == ["investigation", "", "identification"]


@pytest.mark.django_db
def test_a_tokens_default_purpose_applies_to_the_list_search(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    admin, officer = net.actor("FR-admin"), net.users["FR-officer"]
    _, token = issue_token(
        admin, officer, name="case system", scopes=["records:read"], default_purpose="alert"
    )

    r = signed_in_client(officer).get("/api/records/persons?q=Ivanov")  # a person: no default
    assert r.status_code == 422
    ok = Client().get("/api/records/persons?q=Ivanov", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ok.status_code == 200, ok.content
    assert _searches() == ["alert"]


@pytest.mark.django_db
def test_the_list_page_asks_for_the_purpose_beside_the_search(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["FR-officer"])

    refused = client.get("/records/person/?q=Ivanov").content.decode()
    assert 'name="search_purpose"' in refused and "State the purpose of the search" in refused
    assert _searches() == []
    page = client.get("/records/person/?q=Ivanov&search_purpose=forensics").content.decode()

    assert "State the purpose of the search" not in page
    assert '<option value="forensics" selected>' in page
    assert _searches() == ["forensics"]
