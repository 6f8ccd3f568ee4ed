"""A machine client's API call passes by the web pages' middleware; a browser's does not."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory

from polnet.core.middleware import is_token_api_call
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
    response = client.get("/api/network/me", HTTP_AUTHORIZATION="Bearer pn_nothing_like_a_token")
    # The bad token is not this caller's identity; its verified session is.
    assert response.status_code == 200 and response.json()["username"] == net.users["DE-officer"].username
    assert response["X-Frame-Options"] == "DENY" and response["Content-Language"]


def test_django_and_its_libraries_find_the_middleware_they_need() -> None:
    # The wrapped middleware are subclasses of the ones Django and its libraries look for.
    call_command("check", fail_level="WARNING")
