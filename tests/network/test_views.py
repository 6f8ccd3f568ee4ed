"""Sign-in pages, security headers and cookies, languages, and bureau administration pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as real_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from polnet.core.actor import Role
from polnet.core.models import AuditEntry
from polnet.network.models import ApiToken, Unit, User
from polnet.network.services import create_user
from tests.factories import PASSWORD, Network, signed_in_client


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _new_user(net: Network, name: str = "fr-newcomer") -> User:
    return create_user(
        net.actor("FR-admin"),
        username=name,
        password=PASSWORD,
        role=Role.BUREAU_OFFICER,
        bureau=net.bureaus["FR"],
    )


# ---- sign-in, enrolment, expiry ---------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_page_is_strict_about_scripts_framing_and_forgery() -> None:
    r = Client().get("/login/")
    assert r.status_code == 200
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r["X-Frame-Options"] == "DENY"
    html = r.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html and 'action="/i18n/setlang/"' in html
    assert "<script>" not in html and " style=" not in html  # no inline script or style


@pytest.mark.django_db
def test_first_sign_in_enrols_the_authenticator_by_qr_code(net: Network, settings: object) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]
    user = _new_user(net)
    client = Client()
    r = client.post("/login/", {"username": user.username, "password": PASSWORD, "next": "/records/"})
    assert r.status_code == 302 and r["Location"] == "/login/enrol/"
    page = client.get("/login/enrol/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "<script>" not in html and " style=" not in html
    assert "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.get("/login/enrol/")
    assert TOTPDevice.objects.get(user=user).key == device.key  # a reload keeps the key
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    assert client.post("/login/enrol/", {"otp_token": wrong}).status_code == 401
    assert client.get("/").status_code == 302  # not signed in yet
    r = client.post("/login/enrol/", {"otp_token": _code(device)})
    assert r.status_code == 302 and r["Location"] == "/records/"
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/").status_code == 200
    actions = set(AuditEntry.objects.filter(actor_name=user.username).values_list("action", flat=True))
    assert {"grant", "login"} <= actions


@pytest.mark.django_db
def test_enrolment_needs_a_correct_password_first(net: Network) -> None:
    user = _new_user(net)
    client = Client()
    assert client.get("/login/enrol/")["Location"] == "/login/"
    r = client.post("/login/", {"username": user.username, "password": "not-the-password"})
    assert r.status_code == 401
    assert client.get("/login/enrol/")["Location"] == "/login/"
    assert not TOTPDevice.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_a_user_with_an_authenticator_must_give_the_code(net: Network) -> None:
    signed_in_client(net.users["FR-officer"])  # sets up the device
    r = Client().post("/login/", {"username": "fr-officer", "password": PASSWORD})
    assert r.status_code == 401 and "Wrong username, password or code" in r.content.decode()


@pytest.mark.django_db
def test_an_idle_session_ends_with_a_message(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    assert client.get("/records/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    r = client.get("/records/")
    assert r.status_code == 302 and "expired=1" in r["Location"] and "next=%2Frecords%2F" in r["Location"]
    page = client.get(r["Location"]).content.decode()
    assert "without activity" in page


@pytest.mark.django_db
def test_lock_out_page_after_repeated_failures(net: Network) -> None:
    client = Client()
    for _ in range(real_settings.POLNET_SIGN_IN_ACCOUNT_LIMIT):
        client.post(
            "/login/", {"username": "de-officer", "password": "wrong-password", "otp_token": "000000"}
        )
    r = client.post("/login/", {"username": "de-officer", "password": PASSWORD, "otp_token": "000000"})
    assert r.status_code == 429
    assert "Too many failed sign-in attempts" in r.content.decode()


@pytest.mark.django_db
def test_sign_out_and_cookies_are_http_only(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    session_cookie = client.cookies[real_settings.SESSION_COOKIE_NAME]
    assert session_cookie["httponly"] and session_cookie["samesite"] == "Lax"
    page = client.get("/")
    assert f'data-idle-seconds="{real_settings.SESSION_COOKIE_AGE}"' in page.content.decode()
    assert client.cookies[real_settings.CSRF_COOKIE_NAME]["httponly"]
    assert client.post("/logout/")["Location"] == "/login/"
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_language_choice_is_remembered_and_arabic_reads_right_to_left(net: Network) -> None:
    client = Client()
    r = client.post("/i18n/setlang/", {"language": "ar", "next": "/login/"})
    assert r.status_code == 302 and r["Location"] == "/login/"
    cookie = client.cookies[real_settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ar" and cookie["httponly"] and cookie["samesite"] == "Lax"
    html = client.get("/login/").content.decode()
    assert 'lang="ar" dir="rtl"' in html and "تسجيل الدخول" in html
    client.post("/i18n/setlang/", {"language": "fr", "next": "/login/"})
    html = client.get("/login/").content.decode()
    assert 'lang="fr" dir="ltr"' in html and "Se connecter" in html


# ---- bureau administration ----------------------------------------------------------------------


@pytest.mark.django_db
def test_only_a_bureau_administrator_opens_the_administration(net: Network) -> None:
    assert signed_in_client(net.users["FR-officer"]).get("/bureau/").status_code == 403
    assert signed_in_client(net.users["gs-sysadmin"]).get("/bureau/units/new/").status_code == 403
    admin = signed_in_client(net.users["FR-admin"])
    page = admin.get("/bureau/").content.decode()
    assert "FR full" in page and "fr-officer" in page and "DE full" not in page
    other = net.units["DE-full"]
    assert admin.get(f"/bureau/units/{other.pk}/").status_code == 404
    assert admin.get(f"/bureau/users/{net.users['DE-officer'].pk}/reset/").status_code == 404


@pytest.mark.django_db
def test_connect_a_unit_and_set_its_scope(net: Network) -> None:
    admin = signed_in_client(net.users["FR-admin"])
    form = {
        "name": "Calais port",
        "kind": "seaport",
        "databases": ["document", "vehicle"],
        "result_level": "hit_only",
    }
    r = admin.post("/bureau/units/new/", form)
    assert r.status_code == 302, r.content.decode()
    unit = Unit.objects.get(name="Calais port")
    assert unit.bureau == net.bureaus["FR"] and unit.databases == ["document", "vehicle"]
    again = admin.post("/bureau/units/new/", form)
    assert again.status_code == 422 and "already has a unit with this name" in again.content.decode()
    r = admin.post(
        f"/bureau/units/{unit.pk}/", {"databases": ["person"], "result_level": "full", "active": "on"}
    )
    assert r.status_code == 302
    unit.refresh_from_db()
    assert unit.databases == ["person"] and unit.result_level == "full" and unit.active


@pytest.mark.django_db
def test_create_users_with_field_errors(net: Network) -> None:
    admin = signed_in_client(net.users["FR-admin"])
    unit = net.units["FR-full"]
    r = admin.post(
        "/bureau/users/new/", {"username": "fr-gate-1", "role": "unit_officer", "password": "short"}
    )
    html = r.content.decode()
    assert r.status_code == 422 and "field-error" in html
    r = admin.post(
        "/bureau/users/new/",
        {"username": "fr-gate-1", "role": "unit_officer", "unit": unit.pk, "password": PASSWORD},
    )
    assert r.status_code == 302
    assert User.objects.get(username="fr-gate-1").unit == unit
    r = admin.post(
        "/bureau/users/new/",
        {"username": "fr-kiosk", "role": "unit_officer", "unit": unit.pk, "is_machine": "on"},
    )
    assert r.status_code == 302
    kiosk = User.objects.get(username="fr-kiosk")
    assert kiosk.is_machine and not kiosk.has_usable_password()
    foreign_unit = net.units["DE-full"]
    r = admin.post(
        "/bureau/users/new/",
        {"username": "fr-x", "role": "unit_officer", "unit": foreign_unit.pk, "password": PASSWORD},
    )
    assert r.status_code == 422 and not User.objects.filter(username="fr-x").exists()


@pytest.mark.django_db
def test_a_token_is_shown_once_and_can_be_revoked(net: Network) -> None:
    admin = signed_in_client(net.users["FR-admin"])
    user = net.users["FR-unit-full"]
    r = admin.post(
        "/bureau/tokens/new/", {"user": user.pk, "name": "gate 2", "scopes": ["screening"], "days": "30"}
    )
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    secret = r.context["secret"]
    assert secret.startswith("pn_") and secret in r.content.decode()
    assert secret not in admin.get("/bureau/").content.decode()
    assert Client().get("/api/network/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    token = ApiToken.objects.get(name="gate 2")
    assert admin.post(f"/bureau/tokens/{token.pk}/revoke/").status_code == 302
    assert Client().get("/api/network/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    foreign = signed_in_client(net.users["DE-admin"])
    assert foreign.post(f"/bureau/tokens/{token.pk}/revoke/").status_code == 404
    bad = admin.post("/bureau/tokens/new/", {"user": user.pk, "name": "x", "scopes": [], "days": "999"})
    assert bad.status_code == 422
