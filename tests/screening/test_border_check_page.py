"""The border check page's answers (Django client): where focus goes, how a hit reads, what a
hit says of its record, and the hit lists (the browser side is tests/web/test_border_check.py)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import Network, make_record, signed_in_client

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/check/"}


def _check(client: Client, kind: str, status: int = 200, **fields: str) -> str:
    r = client.post("/check/", {"check": kind, **fields}, **HTMX)
    assert r.status_code == status, r.content.decode()[:2000]
    return r.content.decode()


@pytest.mark.django_db
def test_a_refusal_focuses_the_first_field_to_correct(net: Network) -> None:
    client = signed_in_client(net.users["DE-officer"])
    html = _check(client, "person", status=422, name="Ivan Ivanov", date_of_birth="1962-13-45")
    assert re.search(r'<input[^>]*autofocus[^>]*id="id_date_of_birth"', html)
    assert 'id="id_date_of_birth_error"' in html and "result-h" not in html
    assert html.count("autofocus") == 1


@pytest.mark.django_db
def test_the_answer_takes_focus_and_a_hit_is_an_alert(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["DE-officer"])
    html = _check(client, "person", name="Ivan Ivanov", location="Frankfurt")
    banner = r'<div class="verdict-banner" role="alert">\s*<h2 id="result-h"[^>]*tabindex="-1" autofocus'
    assert re.search(banner, html)
    assert html.count("autofocus") == 1  # the empty form for the next traveller does not take it back
    assert "data-next-traveller" in html and 'value="Frankfurt"' in html
    html = _check(client, "person", name="Maria Gonzalez")
    assert '<div class="verdict-banner" role="status">' in html and "data-next-traveller" in html
    # Without JavaScript, the same: the whole page, focus on the answer.
    page = client.post("/check/", {"check": "person", "name": "Maria Gonzalez"}).content.decode()
    assert re.search(r'id="result-h"[^>]*autofocus', page) and page.count("autofocus") == 1
