"""Every failure under /api/ answers the one documented error body: JSON with `error` and `detail`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

from polnet.network.services import issue_token
from polnet.records import services as records
from polnet.records.models import Person
from tests.factories import Network, signed_in_client


def _token_client(net: Network, **options: Any) -> Client:
    _, secret = issue_token(
        net.actor("FR-admin"), net.users["FR-officer"], name="api", scopes=["records:read", "records:write"]
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", **options)


def _error(response: HttpResponse, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body: dict[str, Any] = json.loads(response.content)
    assert body["error"] == code and isinstance(body["detail"], str) and body["detail"], body
    return body


@pytest.mark.django_db
def test_an_unknown_api_address_answers_json(net: Network) -> None:
    response = _token_client(net).get("/api/records/nothing-here")
    _error(response, 404, "not_found")
    assert response["X-Request-ID"] and "default-src" in response["Content-Security-Policy"]
    _error(Client().get("/api/records/persons/-1"), 404, "not_found")  # no route matches


@pytest.mark.django_db
def test_a_body_that_is_not_json_answers_400(net: Network) -> None:
    response = _token_client(net).post("/api/records/persons", "{not json", content_type="application/json")
    assert "JSON" in _error(response, 400, "bad_request")["detail"]


@pytest.mark.django_db
def test_a_body_over_the_upload_limit_answers_413(net: Network, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _token_client(net).post(
        "/api/records/persons", json.dumps({"place_of_birth": "x" * 2000}), content_type="application/json"
    )
    assert "1,000 bytes" in _error(response, 413, "too_large")["detail"]


@pytest.mark.django_db
def test_a_method_the_address_does_not_take_answers_405(net: Network) -> None:
    response = _token_client(net).put("/api/records/persons", "{}", content_type="application/json")
    body = _error(response, 405, "method_not_allowed")
    assert "PUT" in body["detail"] and "POST" in response["Allow"]


@pytest.mark.django_db
def test_no_credentials_answer_401(net: Network) -> None:
    _error(Client().get("/api/records/persons"), 401, "not_authenticated")


@pytest.mark.django_db
def test_a_session_call_without_its_csrf_token_answers_403(net: Network) -> None:
    browser = signed_in_client(net.users["FR-officer"])
    browser.handler.enforce_csrf_checks = True
    response = browser.post("/api/records/persons", "{}", content_type="application/json")
    _error(response, 403, "forbidden")


@pytest.mark.django_db
def test_a_server_error_answers_json_without_details(net: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(records, "find_records", broken)
    response = _token_client(net, raise_request_exception=False).get("/api/records/persons")
    body = _error(response, 500, "server_error")
    assert "secret" not in response.content.decode()
    assert set(body) == {"error", "detail"}


def test_the_document_describes_the_error_body(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    error = schema["components"]["schemas"]["ErrorOut"]
    assert {"error", "detail"} <= set(error["required"])
    answers = schema["paths"]["/api/records/persons"]["post"]["responses"]
    for status in ("400", "401", "403", "404", "409", "413", "422"):
        assert answers[status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


@pytest.mark.django_db
def test_a_nul_character_in_any_text_answers_422_naming_the_field(net: Network) -> None:
    """PostgreSQL can neither store nor compare text with NUL in it: it is refused up front."""
    client = _token_client(net)
    body = {"names": [{"given": "Iv\x00an"}], "purpose": "investigation"}
    response = client.post("/api/records/persons", json.dumps(body), content_type="application/json")
    assert _error(response, 422, "invalid")["field"] == "names.0.given"
    assert _error(client.get("/api/records/persons?q=a%00b"), 422, "invalid")["field"] == "q"
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_lone_surrogate_in_free_form_text_answers_422(net: Network) -> None:
    client = _token_client(net)
    body = '{"names": [{"given": "Ivan"}], "purpose": "investigation", "x": {"note": "a\\ud800b"}}'
    response = client.post("/api/records/persons", body, content_type="application/json")
    assert _error(response, 422, "invalid")["field"] == "x.note"
