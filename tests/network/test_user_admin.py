"""An administrator's acts on a user of the bureau: deactivate and reactivate, reset the
sign-in, change the role, unlock; through the services, the pages and the API."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from polnet.core.actor import Role, TokenScope
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.network import services, throttle
from polnet.network.models import SignInThrottle, User
from tests.factories import PASSWORD, Network, signed_in_client

TEMPORARY = "temporary-passphrase-77"
NEW = "my-own-new-passphrase-31"


def _code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _sign_in(user: User, password: str = PASSWORD) -> Client:
    """A try with the password and, if the user has a confirmed authenticator, its code."""
    client = Client()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    data = {"username": user.username, "password": password}
    if device is not None:
        data["otp_token"] = _code(user)
    client.post("/login/", data)
    return client


def _audited(action: str, user: User) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, object_type="user", object_id=str(user.pk)))


# ---- deactivate and reactivate ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_deactivated_user_cannot_sign_in_or_use_a_session_or_a_token(
    net: Network, settings: object
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]
    officer = net.users["FR-officer"]
    session = signed_in_client(officer)
    assert session.get("/").status_code == 200
    _record, secret = services.issue_token(
        net.actor("FR-admin"), officer, name="desk", scopes=["records:read"]
    )
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert Client().get("/api/network/me", **bearer).status_code == 200

    admin = signed_in_client(net.users["FR-admin"])
    page = admin.get(f"/bureau/users/{officer.pk}/deactivate/")
    assert page.status_code == 200 and 'name="confirm"' in page.content.decode()
    unconfirmed = admin.post(f"/bureau/users/{officer.pk}/deactivate/", {})
    assert unconfirmed.status_code == 422
    officer.refresh_from_db()
    assert officer.is_active  # the confirmation step was not passed: nothing happened
    r = admin.post(f"/bureau/users/{officer.pk}/deactivate/", {"confirm": "on"})
    assert r.status_code == 302 and r["Location"] == f"/bureau/users/{officer.pk}/"
    officer.refresh_from_db()
    assert not officer.is_active
    assert [e.detail for e in _audited("update", officer)] == [{"active": False}]
    assert "deactivated" in admin.get("/bureau/").content.decode()

    assert session.get("/").status_code == 302  # the open session ended
    assert Client().get("/api/network/me", **bearer).status_code == 401
    refused = Client().post(
        "/login/", {"username": officer.username, "password": PASSWORD, "otp_token": _code(officer)}
    )
    assert refused.status_code == 401

    assert admin.post(f"/bureau/users/{officer.pk}/reactivate/").status_code == 302
    officer.refresh_from_db()
    assert officer.is_active and session.get("/").status_code == 302  # the old session stays ended
    TOTPDevice.objects.filter(user=officer).update(last_t=-1)  # the code of this step may be used again
    assert _sign_in(officer).get("/").status_code == 200
    assert Client().get("/api/network/me", **bearer).status_code == 200


@pytest.mark.django_db
def test_only_the_users_own_bureau_acts_on_them(net: Network) -> None:
    officer = net.users["FR-officer"]
    foreign = signed_in_client(net.users["DE-admin"])
    for path in ("", "role/", "reset/", "deactivate/"):
        assert foreign.get(f"/bureau/users/{officer.pk}/{path}").status_code == 404
    for path in ("deactivate/", "reactivate/", "clear-sign-in-wait/", "reset/", "role/"):
        assert foreign.post(f"/bureau/users/{officer.pk}/{path}", {"confirm": "on"}).status_code == 404
    assert signed_in_client(net.users["FR-analyst"]).get(f"/bureau/users/{officer.pk}/").status_code == 403
    de_admin = net.actor("DE-admin")
    with pytest.raises(NotFound):
        services.managed_user(de_admin, officer.pk)
    with pytest.raises(Forbidden):
        services.set_user_active(de_admin, officer, active=False)
    with pytest.raises(Forbidden):
        services.reset_sign_in(de_admin, officer, temporary_password=TEMPORARY)
    with pytest.raises(Forbidden):
        services.change_role(de_admin, officer, role=Role.ANALYST)
    with pytest.raises(Forbidden):
        services.clear_sign_in_wait(de_admin, officer)
    with pytest.raises(Forbidden):  # nobody acts on their own account this way
        services.set_user_active(net.actor("FR-admin"), net.users["FR-admin"], active=False)
    officer.refresh_from_db()
    assert officer.is_active and officer.role == Role.BUREAU_OFFICER
    assert not AuditEntry.objects.filter(
        object_type="user", object_id=str(officer.pk), action="update"
    ).exists()


@pytest.mark.django_db
def test_the_system_administrator_acts_on_a_bureaus_administrator_not_its_officers(net: Network) -> None:
    sysadmin = net.actor("gs-sysadmin")
    services.set_user_active(sysadmin, net.users["FR-admin"], active=False)
    assert not User.objects.get(pk=net.users["FR-admin"].pk).is_active
    with pytest.raises(NotFound):
        services.managed_user(sysadmin, net.users["FR-officer"].pk)
    with pytest.raises(Forbidden):
        services.set_user_active(sysadmin, net.users["FR-officer"], active=False)


# ---- reset of the sign-in -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reset_makes_the_user_enrol_again_and_choose_a_new_password(net: Network, settings: object) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]
    officer = net.users["FR-officer"]
    session = signed_in_client(officer)
    admin = signed_in_client(net.users["FR-admin"])
    page = admin.get(f"/bureau/users/{officer.pk}/reset/").content.decode()
    assert 'name="password"' in page and 'name="confirm"' in page
    unconfirmed = admin.post(f"/bureau/users/{officer.pk}/reset/", {"password": TEMPORARY})
    assert unconfirmed.status_code == 422 and TOTPDevice.objects.filter(user=officer).exists()
    weak = admin.post(f"/bureau/users/{officer.pk}/reset/", {"password": "short", "confirm": "on"})
    assert weak.status_code == 422 and "field-error" in weak.content.decode()
    r = admin.post(f"/bureau/users/{officer.pk}/reset/", {"password": TEMPORARY, "confirm": "on"})
    assert r.status_code == 302
    officer.refresh_from_db()
    assert officer.must_set_password and not TOTPDevice.objects.filter(user=officer).exists()
    entry = AuditEntry.objects.get(action="revoke", object_type="second_factor", object_id=str(officer.pk))
    assert entry.actor_name == "fr-admin" and entry.detail["password"] == "reset"
    assert session.get("/").status_code == 302  # the open session ended with the password

    assert Client().post("/login/", {"username": officer.username, "password": PASSWORD}).status_code == 401
    client = Client()
    r = client.post("/login/", {"username": officer.username, "password": TEMPORARY})
    assert r["Location"] == "/login/enrol/"
    enrol = client.get("/login/enrol/").content.decode()
    assert 'name="new_password"' in enrol and "reset your sign-in" in enrol
    counted = SignInThrottle.objects.get(key=f"account:{officer.username}").failures
    missing = client.post("/login/enrol/", {"otp_token": _code(officer)})
    assert missing.status_code == 422
    same = client.post(
        "/login/enrol/",
        {"otp_token": _code(officer), "new_password": TEMPORARY, "new_password_again": TEMPORARY},
    )
    assert same.status_code == 422 and "not the temporary one" in same.content.decode()
    assert not TOTPDevice.objects.get(user=officer).confirmed  # nothing was saved
    # A refused new password checks no code: it is not a counted sign-in try.
    assert SignInThrottle.objects.get(key=f"account:{officer.username}").failures == counted
    r = client.post(
        "/login/enrol/", {"otp_token": _code(officer), "new_password": NEW, "new_password_again": NEW}
    )
    assert r.status_code == 302 and client.get("/").status_code == 200
    officer.refresh_from_db()
    assert not officer.must_set_password and officer.check_password(NEW)
    assert TOTPDevice.objects.get(user=officer).confirmed


@pytest.mark.django_db
def test_a_machine_client_is_not_reset(net: Network) -> None:
    admin = net.actor("FR-admin")
    kiosk = services.create_user(
        admin,
        username="fr-kiosk",
        password=None,
        role=Role.UNIT_OFFICER,
        unit=net.units["FR-full"],
        is_machine=True,
    )
    with pytest.raises(InvalidInput) as refused:
        services.reset_sign_in(admin, kiosk, temporary_password=TEMPORARY)
    assert refused.value.code == "reset_machine"


# ---- role ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_role_change_stays_within_what_the_bureau_gives(net: Network) -> None:
    admin = net.actor("FR-admin")
    officer = net.users["FR-officer"]
    for role in (Role.SYSTEM_ADMIN, Role.SECRETARIAT_REVIEWER):
        with pytest.raises(InvalidInput) as refused:
            services.change_role(admin, officer, role=role)
        assert refused.value.code == "role_not_grantable"
    with pytest.raises(InvalidInput):
        services.change_role(admin, officer, role=Role.UNIT_OFFICER)  # a unit officer needs a unit
    with pytest.raises(InvalidInput) as refused:
        services.change_role(admin, officer, role=Role.UNIT_OFFICER, unit=net.units["DE-full"])
    assert refused.value.code == "unit_of_other_bureau"
    token_admin = replace(admin, token_scopes=frozenset({TokenScope.NETWORK_ADMIN}))
    with pytest.raises(Forbidden):  # a token does not make administrators
        services.change_role(token_admin, officer, role=Role.BUREAU_ADMIN)
    officer.refresh_from_db()
    assert officer.role == Role.BUREAU_OFFICER

    services.change_role(admin, officer, role=Role.UNIT_OFFICER, unit=net.units["FR-hitonly"])
    officer.refresh_from_db()
    assert (
        officer.role == Role.UNIT_OFFICER
        and officer.unit == net.units["FR-hitonly"]
        and officer.bureau is None
    )
    entry = _audited("update", officer)[-1]
    assert entry.detail["from"]["role"] == "bureau_officer" and entry.detail["to"]["role"] == "unit_officer"


@pytest.mark.django_db
def test_a_demoted_administrator_loses_the_network_admin_tokens(net: Network) -> None:
    admin = net.actor("FR-admin")
    second = services.create_user(
        admin, username="fr-admin-2", password=PASSWORD, role=Role.BUREAU_ADMIN, bureau=net.bureaus["FR"]
    )
    record, secret = services.issue_token(admin, second, name="ops", scopes=["network:admin"])
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert Client().get("/api/network/users", **bearer).status_code == 200
    services.change_role(admin, second, role=Role.BUREAU_OFFICER)
    record.refresh_from_db()
    assert record.revoked_at is not None
    assert Client().get("/api/network/users", **bearer).status_code == 401


@pytest.mark.django_db
def test_the_role_page(net: Network) -> None:
    officer = net.users["FR-officer"]
    admin = signed_in_client(net.users["FR-admin"])
    page = admin.get(f"/bureau/users/{officer.pk}/role/").content.decode()
    assert 'value="analyst"' in page and "sysadmin" not in page
    refused = admin.post(f"/bureau/users/{officer.pk}/role/", {"role": "sysadmin"})
    assert refused.status_code == 422
    r = admin.post(f"/bureau/users/{officer.pk}/role/", {"role": "analyst"})
    assert r.status_code == 302
    officer.refresh_from_db()
    assert officer.role == Role.ANALYST
    assert admin.get(f"/bureau/users/{net.users['FR-admin'].pk}/role/").status_code == 200
    assert (
        admin.post(f"/bureau/users/{net.users['FR-admin'].pk}/role/", {"role": "analyst"}).status_code == 403
    )


# ---- locked accounts -------------------------------------------------------------------------------


def _lock(username: str) -> Client:
    client = Client()
    for _ in range(settings.POLNET_SIGN_IN_ACCOUNT_LIMIT):
        client.post("/login/", {"username": username, "password": "wrong-password", "otp_token": "000000"})
    return client


@pytest.mark.django_db
def test_the_locked_page_names_who_can_unlock_and_the_administrator_unlocks(net: Network) -> None:
    officer = net.users["DE-officer"]
    client = _lock(officer.username)
    locked = client.post(
        "/login/", {"username": officer.username, "password": PASSWORD, "otp_token": "000000"}
    )
    html = locked.content.decode()
    assert locked.status_code == 429
    assert "An administrator of NCB Germany (role: bureau administrator) can unlock" in html
    assert "de-admin" not in html  # no one's personal data

    _lock("gs-reviewer")
    html = Client().post("/login/", {"username": "gs-reviewer", "password": PASSWORD}).content.decode()
    assert "its system administrator" in html and "NCB" not in html

    admin = signed_in_client(net.users["DE-admin"])
    page = admin.get(f"/bureau/users/{officer.pk}/").content.decode()
    assert "sign-in waits until" in page and "/clear-sign-in-wait/" in page
    r = admin.post(f"/bureau/users/{officer.pk}/clear-sign-in-wait/", {"back": "user"})
    assert r["Location"] == f"/bureau/users/{officer.pk}/"
    assert AuditEntry.objects.filter(object_type="sign_in_wait", object_id=str(officer.pk)).count() == 1
    assert "not locked" in admin.get(f"/bureau/users/{officer.pk}/").content.decode()


@pytest.mark.django_db
def test_a_wait_of_the_address_alone_names_no_administrator(net: Network) -> None:
    for i in range(settings.POLNET_SIGN_IN_ADDRESS_LIMIT):
        throttle.admit(f"guess-{i}", "127.0.0.1")
    r = Client().post("/login/", {"username": "fr-officer", "password": PASSWORD, "otp_token": "000000"})
    html = r.content.decode()
    assert r.status_code == 429 and "this network address" in html
    assert "NCB France" not in html and "unlocked-by" not in html
