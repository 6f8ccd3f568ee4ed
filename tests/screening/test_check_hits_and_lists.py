"""A hit's outcome reported on the check pages, the list of one's own hits, and the officer's
earlier passenger lists (Django client)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from polnet.core.models import AuditEntry
from polnet.screening.batches import runs as batches
from polnet.screening.models import BatchStatus, Hit, ScreeningBatch
from tests.factories import Network, make_record, signed_in_client

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/check/"}


def _check(client: Client, htmx: bool = True, **fields: str) -> str:
    r = client.post(
        "/check/", {"check": "person", "purpose": "identification", **fields}, **(HTMX if htmx else {})
    )
    assert r.status_code == 200, r.content.decode()[:2000]
    return r.content.decode()


def _report(client: Client, hit: Hit, htmx: bool = True, **fields: str) -> tuple[int, str]:
    r = client.post(f"/check/hits/{hit.pk}/outcome/", fields, **(HTMX if htmx else {}))
    return r.status_code, r.content.decode()


@pytest.mark.django_db
def test_the_unit_that_had_the_hit_reports_its_outcome(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    unit = signed_in_client(net.users["DE-unit-full"])
    answer = _check(unit, name="Ivan Ivanov", location="Munich airport")
    hit = Hit.objects.get()
    # Each candidate of the answer carries the form for its hit.
    assert f'hx-post="/check/hits/{hit.pk}/outcome/"' in answer and "Report the outcome" in answer
    assert f'id="hit{hit.pk}_outcome"' in answer and 'value="refused_entry"' in answer
    owner = signed_in_client(net.users["FR-officer"])
    poll = re.search(r'hx-get="(/check/hits/\?[^"]+)"', owner.get("/").content.decode())
    assert poll is not None and "Outcome not yet reported" in owner.get("/").content.decode()
    poll_url = poll[1].replace("&amp;", "&")
    assert owner.get(poll_url, **HTMX).status_code == 204  # nothing new
    status, html = _report(unit, hit, outcome="refused_entry", note="Sent back on the next flight")
    assert status == 200 and "<html" not in html
    assert f'id="outcome-{hit.pk}"' in html and "Refused entry" in html and "next flight" in html
    assert "<form" not in html  # recorded: nothing more to report
    hit.refresh_from_db()
    assert (hit.outcome, hit.outcome_note) == ("refused_entry", "Sent back on the next flight")
    assert hit.outcome_by_id == net.users["DE-unit-full"].pk
    assert AuditEntry.objects.filter(object_type="hit", object_id=str(hit.pk), action="update").exists()
    # The owner bureau sees it: in its open page's panel, on its home page and through the API.
    fresh = owner.get(poll_url, **HTMX)
    assert fresh.status_code == 200 and "Refused entry" in fresh.content.decode()
    home = owner.get("/").content.decode()
    assert f'href="/records/person/{rec.pk}/"' in home and "Refused entry" in home
    api = owner.get("/api/screening/hits?on_my_records=true").json()
    assert [(h["id"], h["outcome"]) for h in api] == [(hit.pk, "refused_entry")]
    # Once recorded, the unit's own list shows the outcome without a form.
    page = unit.get("/check/our-hits/").content.decode()
    assert "Refused entry" in page and f"/check/hits/{hit.pk}/outcome/" not in page


@pytest.mark.django_db
def test_only_the_one_that_had_the_hit_may_report_it(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    _check(signed_in_client(net.users["DE-officer"]), name="Ivan Ivanov")
    hit = Hit.objects.get()
    # The owner bureau and the checking officer's own bureau see the hit, but did not have it.
    for name in ("FR-officer", "DE-admin"):
        status, html = _report(signed_in_client(net.users[name]), hit, outcome="arrested")
        assert status == 403, name
        assert "Only the unit or officer that had the hit" in html and "<html" not in html
    # Others do not see it at all: not found, the same as a hit that does not exist.
    for name in ("IT-officer", "DE-unit-full"):
        status, html = _report(signed_in_client(net.users[name]), hit, outcome="arrested")
        assert status == 404, name
        assert "There is no such hit" in html
    # Without JavaScript a refusal is a page that says why, with the right status.
    r = signed_in_client(net.users["FR-officer"]).post(
        f"/check/hits/{hit.pk}/outcome/", {"outcome": "arrested"}
    )
    assert r.status_code == 403 and "<html" in r.content.decode() and "had the hit" in r.content.decode()
    assert _report(signed_in_client(net.users["DE-officer"]), hit, outcome="arrested")[0] == 200
    assert _report(signed_in_client(net.users["DE-officer"]), Hit(pk=999999), outcome="located")[0] == 404
    hit.refresh_from_db()
    assert hit.outcome == "arrested"


@pytest.mark.django_db
def test_an_invalid_outcome_comes_back_next_to_its_field(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["DE-officer"])
    _check(client, name="Ivan Ivanov")
    hit = Hit.objects.get()
    for outcome in ("escaped", "pending", ""):
        status, html = _report(client, hit, outcome=outcome, note="typed")
        assert status == 422, outcome
        assert f'id="hit{hit.pk}_outcome_error"' in html and 'aria-invalid="true"' in html
        assert '<details class="report" open>' in html and "typed</textarea>" in html  # kept
        assert "Choose an outcome from the list." in html
    status, html = _report(client, hit, outcome="located", note="x" * 2001)
    assert status == 422 and f'id="hit{hit.pk}_note_error"' in html
    # Without JavaScript: the whole page, with the form and its errors.
    status, html = _report(client, hit, htmx=False, outcome="escaped")
    assert status == 422 and "<html" in html and f'id="hit{hit.pk}_outcome_error"' in html
    hit.refresh_from_db()
    assert hit.outcome == "pending"


@pytest.mark.django_db
def test_without_javascript_the_form_goes_back_where_it_came_from(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["DE-officer"])
    page = _check(client, htmx=False, name="Ivan Ivanov")
    hit = Hit.objects.get()
    assert 'name="next" value="/check/?kind=person"' in page
    r = client.post(f"/check/hits/{hit.pk}/outcome/", {"outcome": "located", "next": "/check/?kind=person"})
    assert r.status_code == 302 and r["Location"] == "/check/?kind=person"
    after = client.get(r["Location"]).content.decode()
    assert f"Hit {hit.pk}: the outcome is recorded (Located)." in after
    Hit.objects.update(outcome="pending")
    for elsewhere in ("https://example.org/check/", "//example.org/check/", "/records/"):
        r = client.post(f"/check/hits/{hit.pk}/outcome/", {"outcome": "no_action", "next": elsewhere})
        assert r.status_code == 302 and r["Location"] == "/check/our-hits/", elsewhere
        Hit.objects.update(outcome="pending")


@pytest.mark.django_db
def test_my_hits_lists_the_ones_waiting_for_an_outcome_first(net: Network) -> None:
    person = make_record(net.actor("FR-officer"), "person")
    make_record(net.actor("IT-officer"), "vehicle")
    officer = signed_in_client(net.users["DE-officer"])
    _check(officer, name="Ivan Ivanov", location="Frankfurt")
    first = Hit.objects.get()
    officer.post("/check/", {"check": "vehicle", "vin": "1M8GDM9AXKP042788"}, **HTMX)
    second = Hit.objects.exclude(pk=first.pk).get()
    _check(signed_in_client(net.users["DE-admin"]), name="Ivan Ivanov")  # the bureau's, not hers
    by_admin = Hit.objects.order_by("-id").first()
    assert by_admin is not None and by_admin.screened_by_id == net.users["DE-admin"].pk
    assert _report(officer, second, outcome="no_action")[0] == 200

    r = officer.get("/check/our-hits/")
    page = r.content.decode()
    assert r.status_code == 200 and "<h1>My hits</h1>" in page and "1 hit waits for its outcome" in page
    assert 'aria-current="page">My hits<' in page
    waiting, reported = page.index("Waiting for an outcome"), page.index("Outcome reported")
    assert waiting < page.index(f'id="hit-{first.pk}"') < reported < page.index(f'id="hit-{second.pk}"')
    assert f'action="/check/hits/{first.pk}/outcome/"' in page
    assert f'action="/check/hits/{second.pk}/outcome/"' not in page and "No action" in page
    assert f'id="hit-{by_admin.pk}"' not in page
    # A full scope sees which record (by the name it may read), whose, and the score.
    assert f'href="/records/person/{person.pk}/"' in page and "France" in page and "Frankfurt" in page
    assert "<bdi>Ivan Ivanov</bdi>" in page
    assert 'name="next" value="/check/our-hits/"' in page
    # The check page and the navigation lead to it.
    check = officer.get("/check/").content.decode()
    assert check.count('href="/check/our-hits/"') == 2
    unit = signed_in_client(net.users["DE-unit-full"]).get("/check/").content.decode()
    assert ">Our hits</a>" in unit
    assert signed_in_client(net.users["FR-analyst"]).get("/check/our-hits/").status_code == 403


@pytest.mark.django_db
def test_a_hit_only_unit_sees_references_not_records(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    unit = signed_in_client(net.users["DE-unit-hitonly"])
    answer = _check(unit, name="Ivan Ivanov", location="Munich airport")
    hit = Hit.objects.get()
    assert f'hx-post="/check/hits/{hit.pk}/outcome/"' in answer and "Иванов" not in answer
    page = unit.get("/check/our-hits/").content.decode()
    assert "<h1>Our hits</h1>" in page and f"Hit {hit.pk}" in page and "Munich airport" in page
    assert "Person" in page and f'action="/check/hits/{hit.pk}/outcome/"' in page
    main = page[page.index("<main") :]
    for secret in ("Ivan", "Иванов", "/records/", "France", "Owner", "%", "1974"):
        assert secret not in main, secret
    assert f"Person {hit.record_id}" not in main
    status, html = _report(unit, hit, outcome="refused_entry")
    assert status == 200 and "Refused entry" in html


@pytest.mark.django_db
def test_the_check_page_lists_the_officers_own_passenger_lists(net: Network) -> None:
    def batch(user: str, **fields: object) -> ScreeningBatch:
        return ScreeningBatch.objects.create(created_by=net.users[user], **fields)

    done = batch(
        "DE-officer", status=BatchStatus.DONE, total=120, done=120, hit_count=3, location="Frankfurt"
    )
    batches.results_path(done.pk).write_text("row\n")  # within the hours its results are kept
    running = batch("DE-officer", status=BatchStatus.RUNNING, total=500, done=200)
    failed = batch("DE-officer", status=BatchStatus.FAILED, total=10, done=4)
    colleague = batch("DE-admin", status=BatchStatus.DONE, total=9, done=9)
    unit = batch("DE-unit-full", status=BatchStatus.DONE, total=7, done=7)
    page = signed_in_client(net.users["DE-officer"]).get("/check/").content.decode()
    area = page[page.index('id="batch-area"') :]
    assert "Your earlier passenger lists" in area
    for mine in (done, running, failed):
        assert f'href="/check/batches/{mine.pk}/"' in area
    for other in (colleague, unit):
        assert f"/check/batches/{other.pk}/" not in page
    assert f'href="/api/screening/batches/{done.pk}/results.csv"' in area
    for unfinished in (running, failed):
        assert f"/api/screening/batches/{unfinished.pk}/results.csv" not in area
    assert "120 of 120" in area and "200 of 500" in area and "Frankfurt" in area
    assert "Done" in area and "Being checked" in area and "Failed" in area
    assert area.index(f"/check/batches/{failed.pk}/") < area.index(
        f"/check/batches/{done.pk}/"
    )  # newest first
    # Each sees only their own: the unit officer's page lists the unit's one list, not the bureau's.
    other = signed_in_client(net.users["DE-unit-full"]).get("/check/").content.decode()
    assert f'href="/check/batches/{unit.pk}/"' in other and f"/check/batches/{done.pk}/" not in other
    assert (
        "Your earlier passenger lists"
        not in signed_in_client(net.users["FR-officer"]).get("/check/").content.decode()
    )
