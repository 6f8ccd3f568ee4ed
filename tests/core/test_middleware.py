"""A machine client's API call passes by the web pages' middleware; a browser's does not."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory

from polnet.core.middleware import is_token_api_call
from polnet.core.models import AuditEntry
from polnet.network.services import issue_token
from tests.factories import Network, signed_in_client


def test_which_calls_are_a_machine_clients() -> None:
    factory = RequestFactory()
    bearer = {"HTTP_AUTHORIZATION": "Bearer pn_x"}
    assert is_token_api_call(factory.post("/api/screening/document", **bearer))
    assert not is_token_api_call(factory.post("/api/screening/document"))  # no token
    assert not is_token_api_call(factory.get("/records/", **bearer))  # a page
    assert not is_token_api_call(
        factory.post("/api/screening/document", HTTP_COOKIE="polnet_session=1", **bearer)
    )
    assert not is_token_api_call(factory.post("/api/screening/document", HTTP_AUTHORIZATION="Basic eDp5"))


@pytest.mark.django_db
def test_a_token_call_keeps_the_security_headers_and_gets_no_session(net: Network) -> None:
    _, secret = issue_token(
        net.actor("FR-admin"), net.users["FR-unit-full"], name="gate", scopes=["screening"]
    )
    response = Client().post(
        "/api/screening/document",
        {"number": "X1234567", "country": "FR"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200 and response.json()["hit"] is False
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Request-ID"]
    # Passed by: no session cookie set, no language negotiated, no page framing rule.
    assert not response.cookies and "Content-Language" not in response
    assert "X-Frame-Options" not in response


@pytest.mark.django_db
def test_a_bad_token_without_a_session_is_refused_not_an_error(net: Network) -> None:
    response = Client().get("/api/network/me", HTTP_AUTHORIZATION="Bearer pn_nothing_like_a_token")
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_browser_call_with_a_session_still_goes_through_the_pages_middleware(net: Network) -> None:
    client = signed_in_client(net.users["DE-officer"])
    response = client.get("/api/network/me")
    assert response.status_code == 200 and response.json()["username"] == net.users["DE-officer"].username
    assert response["X-Frame-Options"] == "DENY" and response["Content-Language"]
    # A token that is not valid is refused as such, even beside a session: the caller sent it
    # as its identity and must learn that it does not work.
    refused = client.get("/api/network/me", HTTP_AUTHORIZATION="Bearer pn_nothing_like_a_token")
    assert refused.status_code == 401 and refused.json()["code"] == "token_invalid"
    assert refused["X-Frame-Options"] == "DENY"


def test_django_and_its_libraries_find_the_middleware_they_need() -> None:
    # The wrapped middleware are subclasses of the ones Django and its libraries look for.
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_api_answers_are_not_stored_by_browsers_or_caches(net: Network) -> None:
    _, secret = issue_token(
        net.actor("FR-admin"), net.users["FR-unit-full"], name="gate", scopes=["screening"]
    )
    token = Client().post(
        "/api/screening/document",
        {"number": "X1234567", "country": "FR"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    session = signed_in_client(net.users["FR-officer"])
    for response in (
        token,
        session.get("/api/network/me"),
        session.get("/api/records/persons"),
        Client().get("/api/records/persons"),  # refused: 401
    ):
        assert response["Cache-Control"] == "no-store", response.status_code


@pytest.mark.django_db
def test_the_audit_log_keeps_a_clients_request_id_only_if_it_looks_like_one(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])

    def audited(sent: str) -> str:
        response = client.get("/api/records/persons", HTTP_X_REQUEST_ID=sent)
        entry = AuditEntry.objects.filter(action="search").latest("seq")
        assert entry.request_id == response["X-Request-ID"]
        return entry.request_id

    for odd in ("x" * 65, "two words", "<script>", "id\r\nSet-Cookie: a=b", "ünïcode", "a/b"):
        assert re.fullmatch(r"[0-9a-f]{32}", audited(odd)), odd  # one of our own instead
    well_formed = "gate-7:2024.06.01_" + "x" * 46  # 64 characters of the kinds allowed
    assert audited(well_formed) == well_formed


@pytest.mark.django_db
def test_pages_refuse_text_no_database_can_store(net: Network) -> None:
    """A NUL in a page's query or form made PostgreSQL fail (500); now a 400 page says why."""
    client = signed_in_client(net.users["FR-officer"])
    client.cookies["django_language"] = "fr"
    answers = [
        client.get("/records/person/", {"q": "Ivan\x00"}),
        client.post("/records/person/new/", {"family_name": "Petrov\x00", "given_names": "Ivan"}),
        client.get("/records/person/", {"q\x00": "x"}),
    ]
    for response in answers:
        assert response.status_code == 400
        assert "ne peut pas être enregistré" in response.content.decode()
    assert client.get("/records/person/", {"q": "Ivan"}).status_code == 200
