from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp

from polnet import settings as real_settings
from polnet.core.actor import Role
from polnet.core.errors import Forbidden, InvalidInput
from polnet.network.models import ApiToken, User
from polnet.network.services import add_totp_device, create_unit, create_user, issue_token, revoke_token
from tests.factories import PASSWORD, Network, signed_in_client


def _code(user: User) -> str:
    device = add_totp_device(user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_production_settings_hash_passwords_with_argon2() -> None:
    assert real_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_stored_passwords_are_argon2(net: Network) -> None:
    assert net.users["FR-officer"].password.startswith("argon2$argon2id$")


@pytest.mark.django_db
def test_sign_in_needs_password_and_second_factor(net: Network, settings: object) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]  # retry at once; throttling is tested below
    user = net.users["FR-officer"]
    code = _code(user)
    client = Client()
    wrong_code = f"{(int(code) + 1) % 1_000_000:06d}"
    r = client.post("/login/", {"username": user.username, "password": PASSWORD, "otp_token": wrong_code})
    assert r.status_code == 401
    assert client.get("/api/network/me").status_code == 401
    r = client.post("/login/", {"username": user.username, "password": PASSWORD, "otp_token": code})
    assert r.status_code == 302
    me = client.get("/api/network/me").json()
    assert me["username"] == "fr-officer" and me["country"] == "FR" and me["role"] == "bureau_officer"


@pytest.mark.django_db
def test_a_wrong_code_throttles_the_next_attempt(net: Network) -> None:
    user = net.users["FR-officer"]
    code = _code(user)
    client = Client()
    wrong_code = f"{(int(code) + 1) % 1_000_000:06d}"
    client.post("/login/", {"username": user.username, "password": PASSWORD, "otp_token": wrong_code})
    r = client.post("/login/", {"username": user.username, "password": PASSWORD, "otp_token": code})
    assert r.status_code == 401  # even the right code waits out the back-off


@pytest.mark.django_db
def test_password_alone_does_not_open_the_api(net: Network) -> None:
    client = Client()
    client.force_login(net.users["FR-officer"])  # a session without the second factor
    assert client.get("/api/records/persons").status_code == 401
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_lock_out_after_repeated_failures(net: Network) -> None:
    user = net.users["DE-officer"]
    client = Client()
    for _ in range(real_settings.POLNET_SIGN_IN_ACCOUNT_LIMIT):
        client.post(
            "/login/", {"username": user.username, "password": "wrong-password", "otp_token": "000000"}
        )
    r = client.post("/login/", {"username": user.username, "password": PASSWORD, "otp_token": _code(user)})
    assert r.status_code == 429
    assert "locked" in r.content.decode().lower()


@pytest.mark.django_db
def test_sign_out_ends_the_session(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    assert client.get("/api/network/me").status_code == 200
    client.post("/logout/")
    assert client.get("/api/network/me").status_code == 401


@pytest.mark.django_db
def test_only_a_bureau_administrator_creates_units_and_users(net: Network) -> None:
    fr_bureau = net.bureaus["FR"]
    for name in ("FR-officer", "DE-admin", "gs-sysadmin", "FR-unit-writer"):
        with pytest.raises(Forbidden):
            create_unit(
                net.actor(name), fr_bureau, name="x", kind="airport", databases=[], result_level="full"
            )
        with pytest.raises(Forbidden):
            create_user(
                net.actor(name),
                username=f"new-{name}",
                password=PASSWORD,
                role=Role.BUREAU_OFFICER,
                bureau=fr_bureau,
            )
    unit = create_unit(
        net.actor("FR-admin"),
        fr_bureau,
        name="Calais",
        kind="seaport",
        databases=["document"],
        result_level="hit_only",
    )
    user = create_user(
        net.actor("FR-admin"), username="calais-1", password=PASSWORD, role=Role.UNIT_OFFICER, unit=unit
    )
    assert user.unit == unit and user.bureau is None


@pytest.mark.django_db
def test_user_affiliation_must_fit_the_role(net: Network) -> None:
    admin = net.actor("FR-admin")
    with pytest.raises(InvalidInput):
        create_user(admin, username="u1", password=PASSWORD, role=Role.UNIT_OFFICER, bureau=net.bureaus["FR"])
    with pytest.raises(InvalidInput):
        create_user(
            admin, username="u2", password=PASSWORD, role=Role.SECRETARIAT_REVIEWER, bureau=net.bureaus["FR"]
        )
    with pytest.raises(InvalidInput):
        create_user(
            admin, username="u3", password="short", role=Role.BUREAU_OFFICER, bureau=net.bureaus["FR"]
        )


@pytest.mark.django_db
def test_unit_scope_through_the_api(net: Network) -> None:
    admin = signed_in_client(net.users["FR-admin"])
    r = admin.post(
        "/api/network/units",
        json.dumps(
            {
                "name": "Orly",
                "kind": "airport",
                "databases": ["person", "document"],
                "result_level": "hit_only",
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    unit_id = r.json()["id"]
    bad = admin.put(
        f"/api/network/units/{unit_id}/scope",
        json.dumps({"databases": ["weather"], "result_level": "full"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["field"] == "databases"
    ok = admin.put(
        f"/api/network/units/{unit_id}/scope",
        json.dumps({"databases": ["vehicle"], "result_level": "full"}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["databases"] == ["vehicle"]
    other = signed_in_client(net.users["DE-admin"])
    assert (
        other.put(
            f"/api/network/units/{unit_id}/scope",
            json.dumps({"databases": [], "result_level": "full"}),
            content_type="application/json",
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_tokens_are_hashed_expire_and_can_be_revoked(net: Network) -> None:
    admin = net.actor("FR-admin")
    record, secret = issue_token(
        admin, net.users["FR-unit-full"], name="gate", scopes=["records:read"], days=30
    )
    assert secret not in record.secret_hash and record.prefix in secret
    assert not ApiToken.objects.filter(secret_hash__contains=secret).exists()
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/network/me", **auth).json()["token_scopes"] == ["records:read"]
    ApiToken.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/network/me", **auth).status_code == 401
    record2, secret2 = issue_token(admin, net.users["FR-unit-full"], name="gate2", scopes=["screening"])
    assert client.get("/api/network/me", HTTP_AUTHORIZATION=f"Bearer {secret2}").status_code == 200
    revoke_token(admin, record2)
    assert client.get("/api/network/me", HTTP_AUTHORIZATION=f"Bearer {secret2}").status_code == 401
    with pytest.raises(Forbidden):
        issue_token(net.actor("DE-admin"), net.users["FR-unit-full"], name="x", scopes=["records:read"])
    with pytest.raises(InvalidInput):
        issue_token(admin, net.users["FR-unit-full"], name="x", scopes=["everything"])


@pytest.mark.django_db
def test_token_issued_through_the_api_is_shown_once(net: Network) -> None:
    admin = signed_in_client(net.users["FR-admin"])
    body = {"user_id": net.users["FR-unit-full"].pk, "name": "kiosk", "scopes": ["records:read"], "days": 7}
    r = admin.post("/api/network/tokens", json.dumps(body), content_type="application/json")
    assert r.status_code == 201
    secret = r.json()["token"]
    listed = admin.get("/api/network/tokens").json()
    assert listed and all("token" not in t for t in listed)
    assert Client().get("/api/network/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    foreign = {**body, "user_id": net.users["DE-officer"].pk}
    assert (
        admin.post("/api/network/tokens", json.dumps(foreign), content_type="application/json").status_code
        == 404
    )


@pytest.mark.django_db
def test_a_resolved_token_is_kept_briefly_and_revocation_ends_it_at_once(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    from polnet.network import services

    monkeypatch.setattr(services, "TOKEN_CACHE_SECONDS", 2.0)
    services.forget_resolved_tokens()
    clock = [1000.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: clock[0])
    record, secret = issue_token(
        net.actor("FR-admin"), net.users["FR-unit-full"], name="gate", scopes=["screening"], days=30
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    client = Client()
    assert client.get("/api/network/me", **auth).status_code == 200

    # Changed behind the service's back: still served from the cache for the moment ...
    ApiToken.objects.filter(pk=record.pk).update(scopes=["records:read"])
    assert client.get("/api/network/me", **auth).json()["token_scopes"] == ["screening"]
    # ... and read again once it is over.
    clock[0] += 2.5
    assert client.get("/api/network/me", **auth).json()["token_scopes"] == ["records:read"]

    # Expired in the database: refused once the moment is over.
    ApiToken.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    clock[0] += 2.5
    assert client.get("/api/network/me", **auth).status_code == 401

    # A revocation through the service ends the token in this process at once.
    record2, secret2 = issue_token(
        net.actor("FR-admin"), net.users["FR-unit-full"], name="gate2", scopes=["screening"], days=30
    )
    auth2 = {"HTTP_AUTHORIZATION": f"Bearer {secret2}"}
    assert client.get("/api/network/me", **auth2).status_code == 200
    revoke_token(net.actor("FR-admin"), record2)
    assert client.get("/api/network/me", **auth2).status_code == 401
    services.forget_resolved_tokens()
