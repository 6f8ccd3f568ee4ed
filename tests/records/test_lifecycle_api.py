"""The life of a record through the API: locate, cancel, reactivate, history; each route's scope."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from polnet.core.models import AuditEntry
from polnet.network.services import issue_token
from polnet.screening import index as screening_index
from tests.factories import Network, make_record, signed_in_client


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A new index per test, following the change feed at every check: a reactivated record
    comes back with the index (within 0.5 s in a running server), a closed one leaves at once."""
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


def _post(client: Client, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def _vin_check(client: Client, vin: str) -> bool:
    r = _post(client, "/api/screening/vehicle", {"vin": vin})
    assert r.status_code == 200, r.content
    return bool(r.json()["hit"])


@pytest.mark.django_db
def test_recover_cancel_reactivate_and_history_through_the_api(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "vehicle")
    url = f"/api/records/vehicles/{rec.pk}"
    fr, de = signed_in_client(net.users["FR-officer"]), signed_in_client(net.users["DE-officer"])
    assert _vin_check(de, rec.vin)  # before: a stolen car hits

    assert _post(de, f"{url}/locate", {}).status_code == 403  # not the owner
    r = _post(fr, f"{url}/locate", {"reason": "Found in a car park in Lille"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "recovered" and body["state_reason"] == "Found in a car park in Lille"
    assert body["state_changed_at"] and body["version"] == 2
    assert not _vin_check(de, rec.vin)  # after: no hit, at once

    # Still readable where it was, marked; the list shows active records unless asked.
    assert de.get(url).json()["state"] == "recovered"
    assert de.get("/api/records/vehicles").json()["count"] == 0
    assert [i["id"] for i in de.get("/api/records/vehicles?state=recovered").json()["items"]] == [rec.pk]
    assert de.get("/api/records/vehicles?state=").json()["count"] == 1

    assert _post(fr, f"{url}/cancel", {"reason": "x"}).status_code == 409  # closed already
    r = _post(fr, f"{url}/reactivate", {})
    assert r.status_code == 200 and r.json()["state"] == "active" and r.json()["state_reason"] == ""
    assert _vin_check(de, rec.vin)  # back in screening

    assert _post(fr, f"{url}/cancel", {}).status_code == 422  # the reason is required
    blank = _post(fr, f"{url}/cancel", {"reason": "  "})
    assert blank.status_code == 422 and blank.json()["field"] == "reason"
    r = _post(fr, f"{url}/cancel", {"reason": "Reported by mistake"})
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    assert not _vin_check(de, rec.vin)

    history = fr.get(f"{url}/history")
    assert history.status_code == 200
    steps = history.json()["steps"]
    assert [s["act"] for s in steps] == ["cancelled", "reactivated", "recovered", "create"]
    assert steps[0]["reason"] == "Reported by mistake" and steps[0]["by"] == "fr-officer"
    assert [s["by"] for s in de.get(f"{url}/history").json()["steps"]] == ["", "", "", ""]
    hidden = make_record(net.actor("FR-officer"), "vehicle", restriction="only_listed", listed=["IT"])
    assert de.get(f"/api/records/vehicles/{hidden.pk}/history").status_code == 404

    actions = AuditEntry.objects.filter(object_type="vehicle", object_id=str(rec.pk)).order_by("seq")
    assert list(actions.values_list("action", flat=True)) == [
        "create",
        "recovered",
        "reactivated",
        "cancelled",
    ]

    assert de.delete(url).status_code == 403
    assert fr.delete(url).status_code == 204
    assert fr.get(f"{url}/history").status_code == 404


@pytest.mark.django_db
def test_a_located_person_through_the_api(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    fr = signed_in_client(net.users["FR-officer"])
    r = _post(fr, f"/api/records/persons/{rec.pk}/locate", {})
    assert r.status_code == 200 and r.json()["state"] == "located"


@pytest.mark.django_db
def test_each_route_takes_the_scope_it_declares(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "firearm")
    url = f"/api/records/firearms/{rec.pk}"
    admin = net.actor("FR-admin")
    _, reader = issue_token(admin, net.users["FR-unit-writer"], name="reader", scopes=["records:read"])
    _, writer = issue_token(
        admin, net.users["FR-unit-writer"], name="writer", scopes=["records:read", "records:write"]
    )
    client = Client()
    as_reader = {"HTTP_AUTHORIZATION": f"Bearer {reader}"}
    as_writer = {"HTTP_AUTHORIZATION": f"Bearer {writer}"}
    for act, body in (("locate", {}), ("cancel", {"reason": "r"}), ("reactivate", {})):
        refused = _post(client, f"{url}/{act}", body, **as_reader)
        assert (refused.status_code, refused.json()["code"]) == (403, "scope_not_granted"), act
    assert client.get(f"{url}/history", **as_reader).status_code == 200
    assert _post(client, f"{url}/cancel", {"reason": "Seized"}, **as_writer).status_code == 200
    assert _post(client, f"{url}/reactivate", {}, **as_writer).status_code == 200
    assert _post(client, f"{url}/locate", {}).status_code == 401  # no token, no session


@pytest.mark.django_db
def test_the_schema_names_the_new_routes(net: Network) -> None:
    schema = signed_in_client(net.users["FR-officer"]).get("/api/openapi.json").json()
    ops = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    for kind in ("person", "document", "vehicle", "firearm", "artwork"):
        assert {f"locate_{kind}", f"cancel_{kind}", f"reactivate_{kind}", f"history_{kind}"} <= ops
