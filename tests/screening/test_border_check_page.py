"""The border check page's answers (Django client): where focus goes, how a hit reads, what a
hit says of its record, and the hit lists (the browser side is tests/web/test_border_check.py)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from polnet.network.models import Bureau
from polnet.notices import workflow
from polnet.notices.images import add_image, placeholder_png
from tests.factories import Network, make_record, signed_in_client
from tests.notices.helpers import draft, review, submit

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


TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


@pytest.mark.django_db
def test_the_zone_reads_open_and_an_expired_document_is_flagged(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    html = _check(client, "document", mrz=TD3)  # the zone says it expired on 2012-04-15
    assert "<details" not in html and 'id="parsed-h"' in html and "ERIKSSON" in html
    assert "Expired document" in html and "the document expired on 2012-04-15." in html
    html = _check(client, "document", number="X1", expiry_date="2020-01-31")
    assert "the document expired on 2020-01-31." in html
    html = _check(client, "document", number="X1", expiry_date="2099-01-31")
    assert "Expired document" not in html
    html = _check(client, "document", status=422, number="X1", expiry_date="2020-02-30")
    assert 'id="id_expiry_date_error"' in html and "YYYY-MM-DD" in html


@pytest.mark.django_db
def test_a_vehicle_hit_says_stolen(net: Network) -> None:
    make_record(net.actor("FR-officer"), "vehicle")
    html = _check(signed_in_client(net.users["DE-officer"]), "vehicle", vin="1M8GDM9AXKP042788")
    assert re.search(r'<strong class="tag status-tag">Stolen</strong>', html)
    ar = signed_in_client(net.users["IT-officer"])
    ar.cookies["django_language"] = "ar"
    assert "مسروقة" in _check(ar, "vehicle", vin="1M8GDM9AXKP042788")


@pytest.mark.django_db
def test_a_notice_hit_names_the_subject_and_says_what_to_do(net: Network) -> None:
    notice = draft(net)
    add_image(net.actor("FR-officer"), notice.pk, placeholder_png())
    submit(net, notice)
    review(net, notice)
    notice = workflow.publish(net.actor("gs-reviewer"), notice.pk)
    html = _check(signed_in_client(net.users["DE-officer"]), "person", name="Viktor Petrenko")
    assert re.search(r'<h3 class="candidate-title"><a href="/notices/\d+/">Viktor Petrenko</a>', html)
    assert notice.reference in html and "Red" in html and "Виктор Петренко" in html
    assert "Locate and provisionally arrest a person pending extradition" in html
    bureau = Bureau.objects.get(country_id="FR")
    assert f"<dt>Contact</dt><dd><bdi>{bureau.name}" in html
    image = notice.images.get()
    assert f'src="/notices/{notice.pk}/images/{image.pk}/"' in html
    # The API says the same, in data: the subject's names, the photo and the bureau.
    api = signed_in_client(net.users["IT-officer"])
    sent = {"name": "Viktor Petrenko"}
    body = api.post("/api/screening/person", sent, content_type="application/json").json()
    record = body["candidates"][0]["record"]
    assert record["names"][0] == "Viktor Petrenko" and record["owner_bureau"]["name"] == bureau.name
    assert record["photo_url"] == f"/notices/{notice.pk}/images/{image.pk}/" and record["kind"] == "red"
    # A unit whose scope is hit / no hit is told none of it.
    html = _check(signed_in_client(net.users["DE-unit-hitonly"]), "person", name="Viktor Petrenko")
    assert ">Hit</h2>" in html
    secrets = ("Петренко", "candidate-title", notice.reference, "extradition", bureau.name, "/images/", "Red")
    for secret in secrets:
        assert secret not in html, secret
