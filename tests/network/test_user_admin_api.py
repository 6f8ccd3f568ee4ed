"""The API's answer to a bad or missing token (401, never a CSRF 403), CSRF for sessions, and
the user administration operations of the network API."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from polnet.core.models import AuditEntry
from polnet.network import services
from polnet.network.models import User
from tests.factories import Network, signed_in_client

BAD = {"HTTP_AUTHORIZATION": "Bearer pn_0123456789ab_not-a-real-secret"}


def _strict() -> Client:
    return Client(enforce_csrf_checks=True)


def _post(client: Client, path: str, body: dict[str, Any] | None = None, **extra: Any) -> Any:
    return client.post(path, body or {}, content_type="application/json", **extra)


@pytest.mark.django_db
def test_a_bad_token_answers_401_saying_the_token_is_not_valid(net: Network) -> None:
    stale = _strict()
    stale.cookies[settings.SESSION_COOKIE_NAME] = "an-ended-session"
    for client in (_strict(), stale):
        for r in (client.get("/api/network/me", **BAD), _post(client, "/api/network/units", **BAD)):
            assert r.status_code == 401 and r["Content-Type"].startswith("application/json")
            body = r.json()
            assert body["code"] == "token_invalid" and "Invalid or expired API token" in body["detail"]
    # A bad token is refused even beside a signed-in session: it is not ignored.
    assert signed_in_client(net.users["FR-admin"]).get("/api/network/me", **BAD).status_code == 401


@pytest.mark.django_db
def test_no_token_and_no_session_answers_401(net: Network) -> None:
    stale = _strict()
    stale.cookies[settings.SESSION_COOKIE_NAME] = "an-ended-session"
    for client in (_strict(), stale):
        r = _post(client, "/api/network/units", {"name": "x", "kind": "airport"})
        assert r.status_code == 401 and r.json()["error"] == "not_authenticated"


@pytest.mark.django_db
def test_a_signed_in_browser_still_needs_the_csrf_token_for_changes(net: Network) -> None:
    client = signed_in_client(net.users["FR-admin"])
    client.handler.enforce_csrf_checks = True
    assert client.get("/api/network/me").status_code == 200  # reading needs no CSRF token
    body = {"name": "Lyon airport", "kind": "airport"}
    forged = _post(client, "/api/network/units", body)
    assert forged.status_code == 403 and forged.json()["code"] == "csrf_failed"
    client.get("/bureau/")  # the page sets the CSRF cookie
    csrf = client.cookies[settings.CSRF_COOKIE_NAME].value
    r = _post(client, "/api/network/units", body, HTTP_X_CSRFTOKEN=csrf)
    assert r.status_code == 201, r.content


def _admin_token(
    net: Network, bureau: str = "FR", scopes: tuple[str, ...] = ("network:admin",)
) -> dict[str, str]:
    _record, secret = services.issue_token(
        net.actor(f"{bureau}-admin"), net.users[f"{bureau}-admin"], name="ops", scopes=list(scopes)
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.django_db
def test_user_administration_through_the_api(net: Network) -> None:
    auth = _admin_token(net)
    client = Client()
    officer = net.users["FR-officer"]
    r = _post(client, f"/api/network/users/{officer.pk}/deactivate", **auth)
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert AuditEntry.objects.filter(
        object_type="user", object_id=str(officer.pk), detail={"active": False}
    ).exists()
    r = _post(client, f"/api/network/users/{officer.pk}/reactivate", **auth)
    assert r.status_code == 200 and r.json()["is_active"] is True

    r = client.put(
        f"/api/network/users/{officer.pk}/role",
        {"role": "unit_officer", "unit_id": net.units["FR-full"].pk},
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 200 and r.json()["role"] == "unit_officer"
    r = client.put(
        f"/api/network/users/{officer.pk}/role",
        {"role": "bureau_admin"},
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 403 and r.json()["code"] == "role_admin_by_token"
    r = client.put(
        f"/api/network/users/{officer.pk}/role", {"role": "sysadmin"}, content_type="application/json", **auth
    )
    assert r.status_code == 422 and r.json()["code"] == "role_not_grantable"

    services.add_totp_device(officer)
    r = _post(
        client, f"/api/network/users/{officer.pk}/reset-sign-in", {"temporary_password": "short"}, **auth
    )
    assert r.status_code == 422 and TOTPDevice.objects.filter(user=officer).exists()
    r = _post(
        client,
        f"/api/network/users/{officer.pk}/reset-sign-in",
        {"temporary_password": "temporary-pass-88"},
        **auth,
    )
    assert r.status_code == 204 and not TOTPDevice.objects.filter(user=officer).exists()
    assert User.objects.get(pk=officer.pk).must_set_password

    r = _post(client, f"/api/network/users/{officer.pk}/unlock", **auth)
    assert r.status_code == 200 and r.json() == {"cleared": False}


@pytest.mark.django_db
def test_the_api_acts_only_on_the_own_bureau_and_with_the_scope(net: Network) -> None:
    foreign = net.users["DE-officer"]
    client = Client()
    for path in ("deactivate", "reactivate", "unlock"):
        r = _post(client, f"/api/network/users/{foreign.pk}/{path}", **_admin_token(net))
        assert r.status_code == 404
    r = client.put(
        f"/api/network/users/{foreign.pk}/role",
        {"role": "analyst"},
        content_type="application/json",
        **_admin_token(net),
    )
    assert r.status_code == 404
    assert User.objects.get(pk=foreign.pk).is_active
    narrow = _admin_token(net, scopes=("records:read",))
    r = _post(client, f"/api/network/users/{net.users['FR-officer'].pk}/deactivate", **narrow)
    assert r.status_code == 403 and r.json()["code"] == "scope_not_granted"
    assert User.objects.get(pk=net.users["FR-officer"].pk).is_active
