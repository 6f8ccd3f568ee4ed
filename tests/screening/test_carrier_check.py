"""A carrier's check of one passenger: a status and a reference, never the record nor why;
logged as every check is; open to a carrier's token and to nothing else with it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from polnet.core.models import AuditEntry
from polnet.network.services import issue_token
from polnet.screening.models import Hit, QueryLog
from tests.factories import Network, make_record

URL = "/api/screening/carrier-check"


def _passenger(**changes: str) -> dict[str, str]:
    return {
        "document_number": "PA1234567",
        "document_country": "IRL",
        "family": "O'Brien",
        "given": "Mary Anne",
        "date_of_birth": "1988-02-29",
        "nationality": "IRL",
        "flight": "XY123",
        "flight_date": "2025-03-14",
        **changes,
    }


def _carrier(net: Network, scopes: list[str] | None = None) -> Client:
    """The airline's client, with a token its authority (the German bureau) issued."""
    _, token = issue_token(
        net.actor("DE-admin"), net.users["DE-officer"], name="XY airline", scopes=scopes or ["carrier:check"]
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _ask(client: Client, **changes: str) -> Any:
    return client.post(URL, _passenger(**changes), content_type="application/json")


@pytest.mark.django_db
def test_a_passenger_with_nothing_found_may_board_and_the_check_is_logged(net: Network) -> None:
    r = _ask(_carrier(net))

    assert r.status_code == 200, r.content
    assert r.json()["status"] == "board"
    reference = r.json()["reference"]
    assert reference.startswith("CC-")
    assert sorted(QueryLog.objects.values_list("kind", flat=True)) == ["document", "person"]
    entry = AuditEntry.objects.get(object_type="carrier_check")
    assert entry.object_id == reference
    assert entry.detail == {"status": "board", "flight": "XY123", "flight_date": "2025-03-14", "hits": []}


@pytest.mark.django_db
def test_a_stolen_document_is_do_not_board_and_the_carrier_learns_nothing_more(net: Network) -> None:
    stolen = make_record(net.actor("FR-officer"), "document")

    r = _ask(_carrier(net), document_number=stolen.number, document_country="FR")

    assert r.status_code == 200, r.content
    assert set(r.json()) == {"status", "reference"}
    assert r.json()["status"] == "do_not_board"
    hit = Hit.objects.get()  # the owner is told as of any hit, and the place names the reference
    assert hit.record_id == stolen.pk
    assert r.json()["reference"] in hit.location and "XY123" in hit.location
    assert AuditEntry.objects.get(object_type="carrier_check").detail["hits"] == [hit.pk]


@pytest.mark.django_db
def test_a_wanted_person_is_contact_the_authority(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12

    r = _ask(_carrier(net), family="IVANOV", given="IVAN", date_of_birth="1974-08-12", nationality="RUS")

    assert r.status_code == 200, r.content
    assert r.json()["status"] == "contact_authority"
    assert str(r.content).count("Ivanov") == 0 and set(r.json()) == {"status", "reference"}


@pytest.mark.django_db
def test_the_carriers_token_opens_the_carrier_check_only(net: Network) -> None:
    client = _carrier(net)

    person = client.post("/api/screening/person", {"name": "Ivan Ivanov"}, content_type="application/json")
    records = client.get("/api/records/persons?q=Ivanov")

    assert person.status_code == 403 and person.json()["code"] == "scope_not_granted"
    assert records.status_code == 403
    screening_only = _carrier(net, ["screening"])
    assert _ask(screening_only).json()["code"] == "scope_not_granted"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"flight_date": "2025-02-30"}, "carrier_flight_date"),
        ({"flight": "X-12"}, "carrier_flight"),
        ({"family": " "}, "carrier_passenger_incomplete"),
        ({"date_of_birth": "1988-13-01"}, "date_out_of_range"),
    ],
)
def test_a_passenger_that_cannot_be_read_is_refused_before_any_search(
    net: Network, changes: dict[str, str], code: str
) -> None:
    r = _ask(_carrier(net), **changes)

    assert r.status_code == 422, r.content
    assert r.json()["code"] == code
    assert not QueryLog.objects.exists()
    assert not AuditEntry.objects.filter(object_type="carrier_check").exists()
