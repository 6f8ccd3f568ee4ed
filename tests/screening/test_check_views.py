"""The border check page, the passenger list upload and the bureau's recent hits (Django client)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from polnet.screening.models import Hit, ScreeningBatch
from tests.factories import Network, make_record, signed_in_client
from tests.jobs.drive import run_jobs

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/check/"}
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


def _check(client: Client, kind: str, status: int = 200, htmx: bool = False, **fields: str) -> str:
    r = client.post(
        "/check/", {"check": kind, "purpose": "identification", **fields}, **(HTMX if htmx else {})
    )
    assert r.status_code == status, r.content.decode()[:2000]
    return r.content.decode()


@pytest.mark.django_db
def test_a_bureau_officer_sees_the_hit_and_why(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["DE-officer"])
    page = client.get("/check/").content.decode()
    assert 'name="check" value="person"' in page and "/check/?kind=document" in page
    html = _check(client, "person", name="Ivan Ivanov", date_of_birth="1974-08-12", location="Frankfurt")
    assert "<h2" in html and ">Hit</h2>" in html
    assert f'href="/records/person/{rec.pk}/"' in html
    assert "Why it matches" in html and "Date of birth" in html and "supports" in html
    assert "France" in html and "Иван Иванов" in html  # the other script of the record's name
    hit = Hit.objects.get()
    assert (hit.record_id, hit.owner_country_id, hit.location) == (rec.pk, "FR", "Frankfurt")
    # With htmx: the answer alone, and the form again (empty, for the next traveller) out of band.
    part = _check(client, "person", htmx=True, name="Ivan Ivanov", date_of_birth="1974")
    assert "<html" not in part and 'hx-swap-oob="innerHTML"' in part and "Why it matches" in part
    assert 'value="Ivan Ivanov"' not in part


@pytest.mark.django_db
def test_no_hit_says_so(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    html = _check(signed_in_client(net.users["DE-officer"]), "person", name="Maria Gonzalez")
    assert ">No hit</h2>" in html and "candidate" not in html


@pytest.mark.django_db
def test_a_hit_only_unit_learns_only_that_there_is_a_hit(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["DE-unit-hitonly"])
    html = _check(client, "person", name="Ivan Ivanov")
    assert ">Hit</h2>" in html and "contact your National Central Bureau" in html
    # The record's purpose is no secret among the purposes the page's own selects offer.
    answer = re.sub(r"<select.*?</select>", "", html, flags=re.S)
    for secret in ("Иванов", "/records/", "Why it matches", "1974", "Criminal investigation", "France"):
        assert secret not in answer, secret
    hit = Hit.objects.get()
    assert hit.record_id == rec.pk and f'<span class="code">{hit.pk}</span>' in html


@pytest.mark.django_db
def test_bad_input_comes_back_next_to_its_field(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    html = _check(client, "person", status=422, name="Ivan Ivanov", date_of_birth="1974-13-40")
    assert 'id="id_date_of_birth_error"' in html and 'aria-invalid="true"' in html
    assert 'value="Ivan Ivanov"' in html  # what was typed stays
    html = _check(client, "person", status=422, name="")
    assert 'id="id_name_error"' in html
    broken = TD3.replace("7408122", "7408123")  # a wrong check digit of the date of birth
    html = _check(client, "document", status=422, mrz=broken)
    assert 'id="id_mrz_error"' in html and "date of birth" in html
    html = _check(client, "vehicle", status=422, htmx=True, vin="", plate="")
    assert 'id="id_vin_error"' in html and "<html" not in html
    assert client.post("/check/", {"check": "artwork"}).status_code == 422


@pytest.mark.django_db
def test_an_mrz_checks_the_document_and_its_holder(net: Network) -> None:
    html = _check(signed_in_client(net.users["FR-officer"]), "document", mrz=TD3)
    assert "What the machine-readable zone says" in html and "ERIKSSON" in html
    assert "The holder, by the names and date of birth in the zone" in html


@pytest.mark.django_db
def test_who_may_not_check_is_refused(net: Network) -> None:
    for name in ("gs-sysadmin", "FR-analyst", "gs-reviewer"):
        assert signed_in_client(net.users[name]).get("/check/").status_code == 403, name
    docs_only = signed_in_client(net.users["FR-unit-docsonly"])
    page = docs_only.get("/check/").content.decode()
    assert 'name="check" value="document"' in page and "/check/?kind=person" not in page
    assert (
        docs_only.post(
            "/check/", {"check": "person", "purpose": "identification", "name": "Ivan Ivanov"}
        ).status_code
        == 403
    )
    assert not Hit.objects.exists()


@pytest.mark.django_db
def test_navigation_and_landing_pages(net: Network) -> None:
    officer = signed_in_client(net.users["FR-officer"])
    assert 'href="/check/"' in officer.get("/").content.decode()
    assert 'href="/check/"' not in signed_in_client(net.users["FR-analyst"]).get("/").content.decode()
    unit = signed_in_client(net.users["FR-unit-full"]).get("/")
    assert unit.status_code == 302 and unit["Location"] == "/check/"


@pytest.mark.django_db
def test_the_bureau_home_lists_hits_on_its_records_only(net: Network) -> None:
    ours = make_record(net.actor("FR-officer"), "person")
    theirs = make_record(net.actor("IT-officer"), "vehicle")
    _check(signed_in_client(net.users["DE-officer"]), "person", name="Ivan Ivanov", location="Frankfurt")
    _check(signed_in_client(net.users["ES-officer"]), "vehicle", vin="1M8GDM9AXKP042788")
    assert Hit.objects.count() == 2
    client = signed_in_client(net.users["FR-officer"])
    home = client.get("/").content.decode()
    assert "Recent hits" in home and f'href="/records/person/{ours.pk}/"' in home
    assert "Checked in Germany" in home and "Frankfurt" in home
    assert f"/records/vehicle/{theirs.pk}/" not in home and "Spain" not in home
    assert "<bdi>Ivan Ivanov</bdi>" in home  # the owner reads its own record's name
    italy = signed_in_client(net.users["IT-officer"]).get("/").content.decode()
    assert f'href="/records/vehicle/{theirs.pk}/"' in italy and f"/records/person/{ours.pk}/" not in italy


@pytest.mark.django_db
def test_new_hits_reach_an_open_page(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["FR-officer"])
    client.get("/")
    nothing = client.get("/check/hits/?after=0&seen=0", **HTMX)
    assert nothing.status_code == 204 and "sessionid" not in nothing.cookies
    _check(signed_in_client(net.users["DE-officer"]), "person", name="Ivan Ivanov")
    hit = Hit.objects.get()
    fresh = client.get("/check/hits/?after=0&seen=0", **HTMX)
    body = fresh.content.decode()
    assert fresh.status_code == 200 and f"/records/person/{hit.record_id}/" in body
    assert "1 new hit since you opened this page" in body and 'id="hits-news"' in body
    # Polling is not activity: the session is read, not extended.
    assert "sessionid" not in fresh.cookies and "private" in fresh["Cache-Control"]
    assert client.get(f"/check/hits/?after={hit.pk}&seen=0", **HTMX).status_code == 204
    assert "sessionid" in client.get("/check/").cookies
    assert signed_in_client(net.users["FR-unit-full"]).get("/check/hits/", **HTMX).status_code == 403


@pytest.mark.django_db
def test_a_signed_out_panel_sends_the_page_to_sign_in(net: Network) -> None:
    r = Client().get("/check/hits/?after=0", **HTMX)
    assert r.status_code == 204 and r["HX-Redirect"].startswith("/login/?next=%2Fcheck%2F")


@pytest.mark.django_db(transaction=True)
def test_a_passenger_list_shows_its_progress(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["DE-unit-full"])
    rows = "name,date_of_birth,nationality\nIvan Ivanov,1974-08-12,RU\n" + "".join(
        f"Traveller Number{i},1980,FR\n" for i in range(50)
    )
    upload = SimpleUploadedFile("list.csv", rows.encode(), "text/csv")
    r = client.post(
        "/check/batches/", {"purpose": "border_management", "file": upload, "location": "Munich"}, **HTMX
    )
    assert r.status_code == 200, r.content.decode()[:2000]
    batch = ScreeningBatch.objects.get()
    assert batch.total == 51 and batch.location == "Munich"
    assert f'id="batch-{batch.pk}"' in r.content.decode()
    html = client.get(f"/check/batches/{batch.pk}/", **HTMX).content.decode()
    assert 'hx-trigger="every 1s"' in html and "<progress" in html  # waiting for a job worker
    assert run_jobs() == 1
    html = client.get(f"/check/batches/{batch.pk}/", **HTMX).content.decode()
    assert "Done" in html and "51 of 51 rows checked" in html and "1 row with a hit" in html
    # Done: the list stops polling (a hit's answer line waits for notifications, not a timer).
    assert f'href="/api/screening/batches/{batch.pk}/results.csv"' in html and 'hx-trigger="every' not in html
    page = client.get(f"/check/batches/{batch.pk}/")
    assert page.status_code == 200 and "<html" in page.content.decode()
    other = signed_in_client(net.users["DE-officer"])
    assert other.get(f"/check/batches/{batch.pk}/", **HTMX).status_code == 404


@pytest.mark.django_db
def test_a_bad_passenger_list_is_refused_next_to_the_file(net: Network) -> None:
    client = signed_in_client(net.users["DE-officer"])
    bad = SimpleUploadedFile("list.csv", b"colour,size\nred,1\n", "text/csv")
    r = client.post("/check/batches/", {"purpose": "border_management", "file": bad}, **HTMX)
    assert r.status_code == 422 and 'id="batch_file_error"' in r.content.decode()
    assert not ScreeningBatch.objects.exists()
    r = client.post("/check/batches/", {}, **HTMX)
    assert r.status_code == 422 and 'id="batch_file_error"' in r.content.decode()


@pytest.mark.django_db
def test_the_page_speaks_the_officers_language(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["DE-officer"])
    client.cookies["django_language"] = "fr"
    html = _check(client, "person", name="Ivan Ivanov", date_of_birth="1974-08-12")
    assert "Réponse positive" in html and "Pourquoi il y a correspondance" in html and "conforte" in html
    client.cookies["django_language"] = "ar"
    html = _check(client, "person", status=422, name="Ivan Ivanov", date_of_birth="1974-13-01")
    assert "أدخل تاريخ الميلاد بالصيغة" in html and 'dir="rtl"' in html
    client.cookies["django_language"] = "es"
    html = _check(client, "document", status=422, mrz=TD3.replace("7408122", "7408123"))
    assert "compruebe la fecha de nacimiento" in html


@pytest.mark.django_db
def test_notices_on_the_home_page_and_in_a_check(net: Network) -> None:
    from tests.notices.helpers import draft, published

    mine = draft(net)
    red = published(net)
    france = signed_in_client(net.users["FR-officer"]).get("/").content.decode()
    assert f'href="/notices/{mine.pk}/"' in france and "Your drafts, and requests sent back" in france
    germany = signed_in_client(net.users["DE-officer"])
    home = germany.get("/").content.decode()
    assert "New for your bureau" in home and f'href="/notices/{red.pk}/"' in home
    html = _check(germany, "person", name="Viktor Petrenko", date_of_birth="1981-04-17")
    assert ">Hit</h2>" in html and f'href="/notices/{red.pk}/"' in html
    assert red.reference in html and "Red" in html and "Why it matches" in html
