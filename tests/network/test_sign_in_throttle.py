"""Sign-in throttling: a growing wait per account, a limit per address that spares colleagues,
and every failed sign-in in the audit log. The throttle's clock is set by the tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp

from polnet.core.audit import verify_chain
from polnet.core.models import AuditEntry
from polnet.network import throttle
from polnet.network.models import SignInThrottle, User
from polnet.network.services import add_totp_device
from tests.factories import PASSWORD, Network

OFFICE = "198.51.100.7"  # one address, as a bureau's officers share behind one proxy


@dataclass
class Clock:
    now: datetime = field(default_factory=timezone.now)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(throttle, "_now", lambda: c.now)
    return c


def _code(user: User) -> str:
    device = add_totp_device(user)  # a new device each time: no code is ever a replay
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _try(username: str, address: str = OFFICE, password: str = "wrong-password", **extra: Any) -> Any:
    form = {"username": username, "password": password, "otp_token": extra.pop("code", "000000")}
    return Client(REMOTE_ADDR=address).post("/login/", form, **extra)


def _sign_in(user: User, address: str = OFFICE) -> Any:
    return _try(user.username, address, PASSWORD, code=_code(user))


@pytest.mark.django_db
def test_failures_against_one_account_do_not_lock_out_a_colleague_at_the_same_address(
    net: Network, clock: Clock
) -> None:
    for _ in range(settings.POLNET_SIGN_IN_ACCOUNT_LIMIT):
        assert _try("de-officer").status_code == 401
    assert _sign_in(net.users["DE-officer"]).status_code == 429  # the account waits
    assert _sign_in(net.users["FR-officer"]).status_code == 302  # its colleague does not


@pytest.mark.django_db
def test_guesses_from_many_addresses_slow_the_account_for_a_minute_not_half_an_hour(
    net: Network, clock: Clock
) -> None:
    owner = net.users["DE-officer"]
    for i in range(settings.POLNET_SIGN_IN_ACCOUNT_LIMIT):
        assert _try(owner.username, address=f"203.0.113.{i}").status_code == 401
    refused = _sign_in(owner, address="192.0.2.1")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Sign-in is blocked for 1 minute." in refused.content.decode()
    clock.advance(61)
    assert _sign_in(owner).status_code == 302
    assert not SignInThrottle.objects.filter(key="account:de-officer").exists()  # cleared


@pytest.mark.django_db
def test_the_wait_doubles_after_each_further_failure_up_to_the_longest(net: Network, clock: Clock) -> None:
    for _ in range(settings.POLNET_SIGN_IN_ACCOUNT_LIMIT):
        _try("it-officer")
    waits = []
    for _ in range(6):
        refused = _try("it-officer")
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        clock.advance(waits[-1] - 1)
        assert _try("it-officer").status_code == 429  # a second early
        clock.advance(1)
        assert _try("it-officer").status_code == 401  # one more guess, then a longer wait
    longest = int(settings.POLNET_SIGN_IN_LONGEST_WAIT.total_seconds())
    assert waits == [60, 120, 240, 480, min(960, longest), longest]
    assert "15 minutes" in _try("it-officer").content.decode()


@pytest.mark.django_db
def test_an_address_trying_many_accounts_waits_except_for_accounts_that_signed_in_from_it(
    net: Network, clock: Clock
) -> None:
    known, unknown = net.users["FR-officer"], net.users["FR-analyst"]
    assert _sign_in(known).status_code == 302
    for i in range(settings.POLNET_SIGN_IN_ADDRESS_LIMIT):
        assert _try(f"somebody-{i}").status_code == 401
    assert _try("somebody-else").status_code == 429
    assert _sign_in(unknown).status_code == 429
    assert _sign_in(unknown, address="192.0.2.1").status_code == 302  # elsewhere it may
    assert _sign_in(known).status_code == 302  # signed in from this address before


@pytest.mark.django_db
def test_every_failed_sign_in_is_audited_with_the_name_tried_and_never_the_password(
    net: Network, clock: Clock
) -> None:
    wrong_code = f"{(int(_code(net.users['ES-officer'])) + 1) % 1_000_000:06d}"
    _try("es-officer", password="Guess-Number-1", HTTP_X_REQUEST_ID="probe-1")
    _try("es-officer", password=PASSWORD, code=wrong_code, HTTP_X_REQUEST_ID="probe-2")
    _try("nobody-by-that-name", password="Guess-Number-3", HTTP_X_REQUEST_ID="probe-3")
    for _ in range(settings.POLNET_SIGN_IN_ACCOUNT_LIMIT - 2):
        _try("es-officer")
    for _ in range(3):  # refused while the account waits: one entry for the whole wait
        assert _try("es-officer", HTTP_X_REQUEST_ID="probe-4").status_code == 429

    failed = list(AuditEntry.objects.filter(action="login_failed").order_by("seq"))
    assert [(e.detail["username"], e.detail["reason"]) for e in failed] == [
        ("es-officer", "password"),
        ("es-officer", "second_factor"),
        ("nobody-by-that-name", "password"),
        *[("es-officer", "password")] * (settings.POLNET_SIGN_IN_ACCOUNT_LIMIT - 2),
        ("es-officer", "waiting"),
    ]
    assert [e.request_id for e in failed[:3]] == ["probe-1", "probe-2", "probe-3"]
    assert failed[-1].request_id == "probe-4"
    assert {(e.origin, e.user_id, e.actor_name, e.object_type) for e in failed} == {
        (OFFICE, None, "anonymous", "user")
    }
    everything = json.dumps(list(AuditEntry.objects.values()), default=str)
    assert "Guess-Number" not in everything and PASSWORD not in everything
    assert verify_chain().ok


@pytest.mark.django_db
def test_the_admin_has_no_sign_in_form_of_its_own(net: Network) -> None:
    client = Client()
    r = client.get("/admin/login/?next=/admin/core/auditentry/")
    assert r.status_code == 302 and r["Location"] == "/login/?next=/admin/core/auditentry/"
    r = client.post("/admin/login/", {"username": "gs-sysadmin", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"].startswith("/login/")
    assert client.get("/admin/").status_code == 302  # not signed in


@pytest.mark.django_db
def test_the_bureau_administrator_lets_a_waiting_user_sign_in_now(net: Network, clock: Clock) -> None:
    from tests.factories import signed_in_client

    owner = net.users["DE-officer"]
    for _ in range(settings.POLNET_SIGN_IN_ACCOUNT_LIMIT):
        _try(owner.username)
    admin = signed_in_client(net.users["DE-admin"])
    page = admin.get("/bureau/").content.decode()
    assert "sign-in waits until" in page and f"/bureau/users/{owner.pk}/clear-sign-in-wait/" in page
    # Another bureau's administrator cannot: the user is not theirs (hidden is 404).
    other = signed_in_client(net.users["FR-admin"])
    assert other.post(f"/bureau/users/{owner.pk}/clear-sign-in-wait/").status_code == 404
    assert _sign_in(owner).status_code == 429
    assert admin.post(f"/bureau/users/{owner.pk}/clear-sign-in-wait/").status_code == 302
    entry = AuditEntry.objects.filter(object_type="sign_in_wait").get()
    assert entry.object_id == str(owner.pk) and entry.actor_name == "de-admin"
    assert _sign_in(owner).status_code == 302
    assert "sign-in waits until" not in admin.get("/bureau/").content.decode()
