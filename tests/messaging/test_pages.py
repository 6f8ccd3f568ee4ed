"""The messaging pages: frames only (no message text on the server), strict CSP, four languages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import Network, signed_in_client

PAGES = [
    "/messages/",
    "/messages/sent/",
    "/messages/compose/",
    "/messages/forwarding/",
    "/messages/thread/3f2c8a52-8d0e-4a7e-9a51-3d3b1b0c2f10/",
]


@pytest.mark.django_db
def test_pages_render_for_members_without_inline_script(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "script-src 'self'" in response["Content-Security-Policy"]
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
        assert 'name="password"' not in html  # the unlock field has no name: it is never submitted


@pytest.mark.django_db
def test_anonymous_callers_go_to_sign_in_and_only_the_secretariat_s_reviewers_have_its_mailbox(
    net: Network,
) -> None:
    for url in PAGES:
        assert Client().get(url).status_code == 302
    assert signed_in_client(net.users["gs-analyst"]).get("/messages/").status_code == 403
    page = signed_in_client(net.users["gs-reviewer"]).get("/messages/")
    assert page.status_code == 200 and 'data-mailbox="secretariat"' in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        ("fr", "Déverrouiller votre messagerie"),
        ("es", "Desbloquear su buzón"),
        ("ar", "افتح صندوق بريدك"),
        ("en", "Unlock your mailbox"),
    ],
)
def test_pages_are_translated(net: Network, lang: str, phrase: str) -> None:
    client = signed_in_client(net.users["FR-officer"])
    html = client.get("/messages/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert phrase in html


@pytest.mark.django_db
def test_the_scripts_are_served(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    for name in ("envelope", "client", "ui", "inbox", "thread", "compose", "forwarding"):
        response = client.get(f"/static/messaging/{name}.js")
        assert response.status_code == 200, name


def test_catalogues_are_complete_and_compiled() -> None:
    from pathlib import Path

    from django.utils.translation import override, pgettext

    from polnet.messaging.views import strings

    base = Path(__file__).resolve().parents[2] / "src/polnet/messaging/locale"
    for lang in ("ar", "es", "fr", "en"):
        po = (base / lang / "LC_MESSAGES/django.po").read_text(encoding="utf-8")
        assert "#, fuzzy" not in po
        assert re.findall(r'msgstr ""\n\n', po) == [], lang  # every entry translated
        assert (base / lang / "LC_MESSAGES/django.mo").stat().st_mtime >= (
            base / lang / "LC_MESSAGES/django.po"
        ).stat().st_mtime - 1
    with override("es"):
        assert pgettext("messaging", "Sent") == "Enviados"
        assert strings()["tampered"] == "Alterado o falsificado: no se muestra"
    with override("ar"):
        assert strings()["not_for_court"].startswith("H1: لا يُستخدم")
