"""Behind a TLS-terminating proxy: its headers count when it sent them, and only then."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client, RequestFactory, override_settings
from django_otp.oath import totp

from polnet.core.models import AuditEntry
from polnet.core.proxies import client_address
from polnet.network.services import add_totp_device
from tests.factories import PASSWORD, Network
from tests.servers import REPO

PROXY = "10.0.0.5"
BEHIND_PROXY = override_settings(
    POLNET_TRUSTED_PROXIES=["10.0.0.5", "10.9.0.0/16"],
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    ALLOWED_HOSTS=["polnet.example"],
    SECURE_HSTS_SECONDS=3600,
)


@BEHIND_PROXY
def test_the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy() -> None:
    def address(peer: str, forwarded: str | None = None) -> str:
        extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
        return client_address(RequestFactory().get("/", REMOTE_ADDR=peer, **extra))

    assert address("192.0.2.1", "203.0.113.9") == "192.0.2.1"  # not a proxy: its claim is ignored
    assert address(PROXY, "203.0.113.9") == "203.0.113.9"
    assert address(PROXY, "1.1.1.1, 203.0.113.9") == "203.0.113.9"  # the client wrote 1.1.1.1
    assert address(PROXY, "203.0.113.9, 10.9.3.4") == "203.0.113.9"  # two proxies in a row
    assert address(PROXY, "203.0.113.9, not-an-address, 10.9.3.4") == "10.9.3.4"
    assert address(PROXY, "2001:DB8:0:0::1") == "2001:db8::1"
    assert address(PROXY) == PROXY


def _browser_sign_in(net: Network, peer: str) -> tuple[Any, Any]:
    """A browser at https://polnet.example signing in with its CSRF cookie, token and Origin."""
    user = net.users["FR-officer"]
    device = add_totp_device(user)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    proxy = {
        "REMOTE_ADDR": peer,
        "HTTP_HOST": "polnet.example",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_FOR": "203.0.113.9",
    }
    client = Client(enforce_csrf_checks=True, **proxy)
    page = client.get("/login/")
    form = {
        "csrfmiddlewaretoken": page.context["csrf_token"],
        "username": user.username,
        "password": PASSWORD,
        "otp_token": code,
    }
    return page, client.post(
        "/login/", form, HTTP_ORIGIN="https://polnet.example", HTTP_REFERER="https://polnet.example/login/"
    )


@pytest.mark.django_db
@BEHIND_PROXY
def test_a_browser_signs_in_over_https_through_a_trusted_proxy(net: Network) -> None:
    page, signed_in = _browser_sign_in(net, PROXY)
    assert page["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
    login = AuditEntry.objects.get(action="login")
    assert login.origin == "203.0.113.9"  # the client, not the proxy


@pytest.mark.django_db
@BEHIND_PROXY
def test_the_same_headers_from_anyone_else_are_not_believed(net: Network) -> None:
    page, refused = _browser_sign_in(net, "192.0.2.1")
    assert "Strict-Transport-Security" not in page  # plain HTTP, whatever the header said
    assert refused.status_code == 403  # an https Origin on an http request: forged
    assert not AuditEntry.objects.filter(action="login").exists()


@pytest.mark.django_db
@BEHIND_PROXY
@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_sent_to_https_whatever_a_client_claims() -> None:
    proxy = Client(REMOTE_ADDR=PROXY, HTTP_HOST="polnet.example")
    r = proxy.get("/login/", HTTP_X_FORWARDED_PROTO="http")
    assert r.status_code == 301 and r["Location"] == "https://polnet.example/login/"
    assert proxy.get("/login/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    direct = Client(REMOTE_ADDR="192.0.2.1", HTTP_HOST="polnet.example")
    assert direct.get("/login/", HTTP_X_FORWARDED_PROTO="https").status_code == 301


def _settings_under(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    names = [
        "SECURE_PROXY_SSL_HEADER",
        "CSRF_TRUSTED_ORIGINS",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "POLNET_TRUSTED_PROXIES",
    ]
    script = (
        f"import json, polnet.settings as s; print(json.dumps({{n: getattr(s, n, None) for n in {names}}}))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("POLNET_", "DJANGO_", "DATABASE_URL"))}
    base |= {"PYTHONPATH": str(REPO / "src"), "POLNET_SECRET_KEY": "k" * 50, "POLNET_ENV": "production"}
    return subprocess.run(
        [sys.executable, "-c", script],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_come_from_the_environment_and_a_wrong_value_is_named() -> None:
    plain = json.loads(_settings_under({}).stdout)
    assert plain["SECURE_PROXY_SSL_HEADER"] is None and not plain["SECURE_SSL_REDIRECT"]
    assert plain["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600  # production: sent on HTTPS answers
    proxied = json.loads(
        _settings_under(
            {
                "POLNET_TRUSTED_PROXIES": "10.0.0.5, 10.9.0.0/16",
                "POLNET_CSRF_TRUSTED_ORIGINS": "https://polnet.example",
                "POLNET_HSTS_SECONDS": "600",
            }
        ).stdout
    )
    assert proxied == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "CSRF_TRUSTED_ORIGINS": ["https://polnet.example"],
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_SSL_REDIRECT": True,  # the proxy tells HTTPS from HTTP: redirect by default
        "POLNET_TRUSTED_PROXIES": ["10.0.0.5", "10.9.0.0/16"],
    }
    assert not json.loads(
        _settings_under({"POLNET_TRUSTED_PROXIES": "10.0.0.5", "POLNET_SSL_REDIRECT": "0"}).stdout
    )["SECURE_SSL_REDIRECT"]
    for env, sentence in (
        ({"POLNET_TRUSTED_PROXIES": "10.0.0.5, proxy.internal"}, "'proxy.internal' is not an IP address"),
        ({"POLNET_HSTS_SECONDS": "a year"}, "POLNET_HSTS_SECONDS must be a whole number of at least 0"),
        ({"POLNET_LOCKOUT_MINUTES": "0"}, "POLNET_LOCKOUT_MINUTES must be a whole number of at least 1"),
    ):
        wrong = _settings_under(env)
        assert wrong.returncode != 0 and sentence in wrong.stderr, wrong.stderr
