"""The projects API: the analysis scope on every route, participants only, clear 4xx answers,
and the same rules on contributions as the services and the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from polnet.analysis.models import Contribution
from polnet.network.services import issue_token
from tests.analysis.conftest import open_fr_project, review
from tests.factories import Network, make_record, signed_in_client

pytestmark = pytest.mark.django_db
BASE = "/api/analysis/projects/"


def _post(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, json.dumps(body, default=str), content_type="application/json", **extra)


def _token(net: Network, user: str, scopes: list[str]) -> dict[str, str]:
    admin = net.actor(f"{user[:2]}-admin")
    _, secret = issue_token(admin, net.users[user], name="analysis", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_an_analysis_token_opens_invites_contributes_and_reads(net: Network) -> None:
    client, auth = Client(), _token(net, "FR-analyst", ["analysis"])
    body = {
        "name": "Ring",
        "purpose": "investigation",
        "crime_area": "people_smuggling",
        "review_date": review(),
        "participants": ["DE"],
    }
    opened = _post(client, BASE, body, **auth)
    assert opened.status_code == 201, opened.content
    pk = opened.json()["id"]
    assert [p["party"] for p in opened.json()["participants"]] == ["FR", "DE"]
    assert _post(client, f"{BASE}{pk}/participants", {"party": "secretariat"}, **auth).status_code == 201
    assert _post(client, f"{BASE}{pk}/participants", {"party": "secretariat"}, **auth).status_code == 409
    record = make_record(net.actor("FR-officer"), "person")
    added = _post(client, f"{BASE}{pk}/contributions", {"kind": "person", "object_id": record.pk}, **auth)
    assert added.status_code == 201 and added.json()["label"] == "Ivan Ivanov"
    text = {
        "kind": "text",
        "text": "Seen together in Nice.",
        "source_reliability": "B",
        "information_accuracy": "3",
        "handling_code": "H2",
        "restriction": "only_listed",
        "listed_countries": ["DE"],
    }
    assert _post(client, f"{BASE}{pk}/contributions", text, **auth).status_code == 201
    page = client.get(f"{BASE}{pk}/contributions", **auth).json()
    assert page["count"] == 2 and page["by_kind"] == {"person": 1, "text": 1}
    assert page["items"][0]["listed_countries"] == ["DE"] and page["items"][0]["handling_code"] == "H2"
    # The secretariat's analyst reads the record, not the text kept for DE.
    gs = signed_in_client(net.users["gs-analyst"]).get(f"{BASE}{pk}/contributions").json()
    assert [i["kind"] for i in gs["items"]] == ["person"] and gs["count"] == 1
    changed = client.patch(f"{BASE}{pk}", json.dumps({"handling_code": "H3"}), "application/json", **auth)
    assert changed.status_code == 200 and changed.json()["handling_code"] == "H3"
    withdrawn = client.post(f"{BASE}{pk}/contributions/{added.json()['id']}/withdraw", **auth)
    assert withdrawn.status_code == 204
    assert client.post(f"{BASE}{pk}/close", **auth).json()["closed_at"] is not None
    assert _post(client, f"{BASE}{pk}/contributions", text, **auth).status_code == 409


def test_tokens_units_and_other_roles_are_refused(net: Network) -> None:
    project = open_fr_project(net)
    url = f"{BASE}{project.pk}"
    records_token = _token(net, "FR-analyst", ["records:read"])
    refused = Client().get(url, **records_token)
    assert refused.status_code == 403 and refused.json()["code"] == "scope_not_granted"
    # A unit's token with the analysis scope is still no analyst.
    unit_token = _token(net, "FR-unit-full", ["analysis"])
    assert Client().get(BASE, **unit_token).json()["code"] == "not_an_analyst"
    assert Client().get(url, **unit_token).status_code == 403
    assert signed_in_client(net.users["FR-officer"]).get(url).status_code == 403
    hidden = signed_in_client(net.users["ES-analyst"]).get(url)
    assert hidden.status_code == 404 and hidden.json()["code"] == "project_not_found"
    assert signed_in_client(net.users["ES-analyst"]).get(BASE).json() == []
    assert Client().get(url).status_code == 401


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"kind": "spaceship", "object_id": 1}, 422, "kind"),
        ({"kind": "person"}, 422, "object_id"),
        ({"kind": "person", "object_id": 0}, 422, "object_id"),
        ({"kind": "person", "object_id": 987654}, 404, "object_id"),
        (
            {"kind": "text", "text": "x", "information_accuracy": "2", "handling_code": "H0"},
            422,
            "source_reliability",
        ),
        (
            {
                "kind": "text",
                "text": "x",
                "source_reliability": "Z",
                "information_accuracy": "2",
                "handling_code": "H0",
            },
            422,
            "source_reliability",
        ),
        (
            {
                "kind": "text",
                "text": " ",
                "source_reliability": "A",
                "information_accuracy": "2",
                "handling_code": "H0",
            },
            422,
            "text",
        ),
        (
            {
                "kind": "text",
                "text": "x",
                "source_reliability": "A",
                "information_accuracy": "2",
                "handling_code": "H0",
                "restriction": "only_listed",
            },
            422,
            "listed_countries",
        ),
        (
            {
                "kind": "text",
                "text": "x",
                "source_reliability": "A",
                "information_accuracy": "2",
                "handling_code": "H0",
                "listed_countries": ["DE"],
            },
            422,
            "listed_countries",
        ),
    ],
)
def test_bad_contributions_get_a_clear_answer_and_write_nothing(
    net: Network, body: dict[str, Any], status: int, field: str
) -> None:
    project = open_fr_project(net)
    answer = _post(signed_in_client(net.users["DE-analyst"]), f"{BASE}{project.pk}/contributions", body)
    assert answer.status_code == status, answer.content
    assert answer.json()["field"] == field
    assert not Contribution.objects.exists()


def test_bad_projects_and_invitations_get_a_clear_answer(net: Network) -> None:
    client = signed_in_client(net.users["FR-analyst"])
    good = {"name": "R", "purpose": "investigation", "crime_area": "drugs", "review_date": review()}
    for change, field in (
        ({"purpose": "curiosity"}, "purpose"),
        ({"crime_area": "jaywalking"}, "crime_area"),
        ({"review_date": "2000-01-01"}, "review_date"),
        ({"review_date": "soon"}, "review_date"),
        ({"participants": ["XX"]}, "participants"),
        ({"name": ""}, "name"),
    ):
        answer = _post(client, BASE, {**good, **change})
        assert answer.status_code == 422 and answer.json()["field"] == field, (change, answer.content)
    project = open_fr_project(net)
    for party, status in (("ZZ", 422), ("france", 422), ("DE", 409)):
        assert _post(client, f"{BASE}{project.pk}/participants", {"party": party}).status_code == status
    assert client.patch(f"{BASE}{project.pk}", "{", "application/json").status_code == 400
    not_owner = signed_in_client(net.users["DE-analyst"])
    assert _post(not_owner, f"{BASE}{project.pk}/participants", {"party": "ES"}).status_code == 403
    assert not_owner.post(f"{BASE}{project.pk}/leave").status_code == 204
    assert not_owner.get(f"{BASE}{project.pk}").status_code == 404
    assert client.post(f"{BASE}{project.pk}/leave").json()["code"] == "project_owner_leaves"
