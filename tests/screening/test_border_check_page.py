"""The border check page's answers (Django client): where focus goes, how a hit reads, what a
hit says of its record, and the hit lists (the browser side is tests/web/test_border_check.py)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from polnet.core.models import AuditEntry
from polnet.network.models import Bureau
from polnet.network.services import issue_token
from polnet.notices import workflow
from polnet.notices.images import add_image, placeholder_png
from polnet.notices.models import Notice
from polnet.records.models import Person
from polnet.screening.models import Hit
from tests.factories import Network, make_record, signed_in_client
from tests.notices.helpers import draft, published, review, submit

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/check/"}


def _check(client: Client, kind: str, status: int = 200, **fields: str) -> str:
    r = client.post("/check/", {"check": kind, "purpose": "identification", **fields}, **HTMX)
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
    page = client.post(
        "/check/", {"check": "person", "purpose": "identification", "name": "Maria Gonzalez"}
    ).content.decode()
    assert re.search(r'id="result-h"[^>]*autofocus', page) and page.count("autofocus") == 1


TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


@pytest.mark.django_db
def test_the_zone_reads_open_and_an_expired_document_is_flagged(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    html = _check(client, "document", mrz=TD3)  # the zone says it expired on 2012-04-15
    assert "<details" not in html and 'id="parsed-h"' in html and "ERIKSSON" in html
    assert "Expired document" in html and "the document expired on \u20662012-04-15\u2069." in html
    html = _check(client, "document", number="X1", expiry_date="2020-01-31")
    assert "the document expired on \u20662020-01-31\u2069." in html
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
    sent = {"name": "Viktor Petrenko", "purpose": "identification"}
    body = api.post("/api/screening/person", sent, content_type="application/json").json()
    record = body["candidates"][0]["record"]
    assert record["names"][0] == "Viktor Petrenko" and record["owner_bureau"]["name"] == bureau.name
    assert record["photo_url"] == f"/notices/{notice.pk}/images/{image.pk}/" and record["kind"] == "red"
    # A token that may screen but not read records gets no photo (the image would be refused).
    _, token = issue_token(net.actor("IT-admin"), net.users["IT-officer"], name="gate", scopes=["screening"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = Client().post("/api/screening/person", sent, content_type="application/json", **auth).json()
    assert body["candidates"][0]["record"]["photo_url"] == ""
    # A unit whose scope is hit / no hit is told none of it.
    html = _check(signed_in_client(net.users["DE-unit-hitonly"]), "person", name="Viktor Petrenko")
    assert ">Hit</h2>" in html
    secrets = ("Петренко", "candidate-title", notice.reference, "extradition", bureau.name, "/images/", "Red")
    for secret in secrets:
        assert secret not in html, secret


def _notice_hit(net: Network, client: Client) -> Hit:
    published(net)
    _check(client, "person", name="Viktor Petrenko")
    return Hit.objects.filter(kind="notice").latest("id")


@pytest.mark.django_db
def test_hit_lists_name_what_the_reader_may_see(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    officer = signed_in_client(net.users["DE-officer"])
    _check(officer, "person", name="Ivan Ivanov")
    person_hit = Hit.objects.get(kind="person")
    notice_hit = _notice_hit(net, officer)
    notice = Notice.objects.get()
    page = officer.get("/check/our-hits/").content.decode()
    assert f'<a href="/records/person/{rec.pk}/"><bdi>Ivan Ivanov</bdi></a>' in page
    assert f"<bdi>{notice.reference} · Viktor Petrenko</bdi>" in page
    assert f"Person {rec.pk}" not in page and f"Notice {notice.pk}" not in page
    assert AuditEntry.objects.filter(action="search", object_type="person", detail__list="hits").exists()
    # The owner bureau's panel names its record too.
    panel = signed_in_client(net.users["FR-officer"]).get("/check/").content.decode()
    assert "<bdi>Ivan Ivanov</bdi>" in panel
    # A record no longer shared with the reader keeps its kind and number only.
    Person.objects.filter(pk=rec.pk).update(restriction="only_listed")
    page = officer.get("/check/our-hits/").content.decode()
    assert "Ivan Ivanov" not in page and f"Person {rec.pk}" in page
    assert person_hit.pk != notice_hit.pk


@pytest.mark.django_db
def test_a_hit_only_unit_list_names_nothing(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    unit = signed_in_client(net.users["DE-unit-hitonly"])
    _check(unit, "person", name="Ivan Ivanov")
    _notice_hit(net, unit)
    page = unit.get("/check/our-hits/").content.decode()
    for secret in ("Ivanov", "Petrenko", Notice.objects.get().reference, "/records/", "/notices/"):
        assert secret not in page, secret


@pytest.mark.django_db
def test_an_outcome_reported_on_my_hits_updates_its_row(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    make_record(net.actor("FR-officer"), "vehicle")
    officer = signed_in_client(net.users["DE-officer"])
    _check(officer, "person", name="Ivan Ivanov")
    _check(officer, "vehicle", vin="1M8GDM9AXKP042788")
    hit = Hit.objects.get(kind="person")
    r = officer.post(
        f"/check/hits/{hit.pk}/outcome/", {"outcome": "not_same_person", "next": "/check/our-hits/"}, **HTMX
    )
    html = r.content.decode()
    assert r.status_code == 200 and r["HX-Retarget"] == f"#hit-{hit.pk}" and r["HX-Reswap"] == "outerHTML"
    assert r["HX-Trigger"] == "polnet:hit-outcome"
    assert html.startswith(f'<li class="hit own-hit" id="hit-{hit.pk}">') and "Not the same person" in html
    assert 'id="waiting-count"' in html and 'hx-swap-oob="outerHTML"' in html and "1 hit waits" in html
    # From the check page: the box, and the panel is told to refresh.
    vehicle = Hit.objects.get(kind="vehicle")
    r = officer.post(f"/check/hits/{vehicle.pk}/outcome/", {"outcome": "seized", "next": "/check/"}, **HTMX)
    assert r.status_code == 200 and "HX-Retarget" not in r and r["HX-Trigger"] == "polnet:hit-outcome"
    assert "<strong>Seized</strong>" in r.content.decode()
    assert list(Hit.objects.order_by("id").values_list("outcome", flat=True)) == ["not_same_person", "seized"]


@pytest.mark.django_db
def test_the_new_outcomes_through_the_api_and_in_arabic(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    officer = signed_in_client(net.users["DE-officer"])
    _check(officer, "person", name="Ivan Ivanov")
    hit = Hit.objects.get()
    url = f"/api/screening/hits/{hit.pk}/outcome"
    r = officer.post(url, {"outcome": "not_same_person"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["outcome"] == "not_same_person"
    schema = officer.get("/api/openapi.json").json()
    outcome = schema["components"]["schemas"]["OutcomeIn"]["properties"]["outcome"]
    assert "not_same_person" in outcome["description"] and "seized" in outcome["description"]
    officer.cookies["django_language"] = "ar"
    page = officer.get("/check/our-hits/").content.decode()
    assert "ليس الشخص نفسه" in page
    form = signed_in_client(net.users["IT-officer"])
    form.cookies["django_language"] = "ar"
    _check(form, "person", name="Ivan Ivanov")
    assert 'value="seized">تمت المصادرة</option>' in _check(form, "person", name="Ivan Ivanov")


@pytest.mark.django_db
def test_a_refused_check_kind_answers_in_place(net: Network) -> None:
    client = signed_in_client(net.users["DE-unit-docsonly"])
    html = _check(client, "person", status=403, name="Ivan Ivanov")
    assert "<html" not in html and 'role="alert"' in html and "autofocus" in html
    html = _check(client, "artwork", status=403, title="Guernica")  # a kind its access leaves out
    assert "<html" not in html and 'role="alert"' in html
    html = _check(client, "spaceship", status=422)  # no such kind of check
    assert "<html" not in html and 'role="alert"' in html
    page = client.post("/check/", {"check": "spaceship"})  # without JavaScript: the error page
    assert page.status_code == 422 and "<html" in page.content.decode()


@pytest.mark.django_db
def test_a_person_hit_shows_the_records_photo_to_who_may_see_it(net: Network) -> None:
    from polnet.records import photos

    rec = make_record(net.actor("FR-officer"), "person")
    photo = photos.add_photo(net.actor("FR-officer"), "person", rec.pk, placeholder_png())
    url = photos.page_url("person", rec.pk, photo.pk)
    html = _check(signed_in_client(net.users["DE-officer"]), "person", name="Ivan Ivanov")
    assert f'src="{url}"' in html and 'class="subject-photo"' in html
    assert signed_in_client(net.users["DE-officer"]).get(url).status_code == 200
    hit_only = _check(signed_in_client(net.users["FR-unit-hitonly"]), "person", name="Ivan Ivanov")
    assert "subject-photo" not in hit_only and url not in hit_only
