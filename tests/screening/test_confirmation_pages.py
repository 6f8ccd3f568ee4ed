"""The owner's answer on the pages and through the API: a hit's page, the owner's list, the
secretariat's queue, the bureau's deadlines (Django client)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from polnet.screening import cli, confirmation
from polnet.screening.models import Hit
from tests.factories import Network, signed_in_client
from tests.screening.confirm_helpers import T0, make_hit

HTMX = {"HTTP_HX_REQUEST": "true"}


def _answer(client: Client, hit: Hit, htmx: bool = True, **fields: str) -> tuple[int, str]:
    r = client.post(f"/check/hits/{hit.pk}/answer/", fields, **(HTMX if htmx else {}))
    return r.status_code, r.content.decode()


def _api_answer(client: Client, hit: Hit, **body: str) -> tuple[int, dict[str, object]]:
    r = client.post(f"/api/screening/hits/{hit.pk}/answer", json.dumps(body), content_type="application/json")
    return r.status_code, r.json()


@pytest.mark.django_db
def test_the_hits_page_is_seen_by_its_parties_only(net: Network) -> None:
    hit = make_hit(net, action="discreet_check")
    for name in ("FR-officer", "DE-officer", "DE-unit-full", "gs-reviewer"):
        page = signed_in_client(net.users[name]).get(f"/check/hits/{hit.pk}/")
        assert page.status_code == 200, name
        html = page.content.decode()
        assert "Discreet check" in html and "Munich airport" in html and 'href="/check/hits/' in html
        assert f'href="/check/hits/{hit.pk}/report/"' in html
    for name in ("IT-officer", "FR-unit-full", "DE-unit-hitonly"):
        assert signed_in_client(net.users[name]).get(f"/check/hits/{hit.pk}/").status_code == 404, name
        status, _ = _answer(signed_in_client(net.users[name]), hit, state="confirmed")
        assert status == 404
    hit.refresh_from_db()
    assert hit.state == "reported"


@pytest.mark.django_db
def test_the_owner_answers_in_place_and_the_form_is_only_the_owners(net: Network) -> None:
    hit = make_hit(net)
    owner = signed_in_client(net.users["FR-officer"])
    page = owner.get(f"/check/hits/{hit.pk}/").content.decode()
    assert f'hx-post="/check/hits/{hit.pk}/answer/"' in page and 'value="not_same"' in page
    screening_side = (
        signed_in_client(net.users["DE-unit-full"]).get(f"/check/hits/{hit.pk}/").content.decode()
    )
    assert 'value="confirmed"' not in screening_side and "Withdraw the hit" in screening_side
    assert "Withdraw the hit" not in page
    # Not the same without a reason: the form comes back with the error, nothing is recorded.
    status, html = _answer(owner, hit, state="not_same", reason="")
    assert status == 422 and "Give the reason." in html and "<html" not in html
    status, html = _answer(owner, hit, state="not_same", reason="Born in 1980, not 1974")
    assert status == 200 and "Not the same, says the owner" in html and "<form" not in html
    assert f'id="answer-{hit.pk}"' in html
    # A second answer: 409, and the box shows the answer already given.
    status, html = _answer(signed_in_client(net.users["FR-admin"]), hit, state="confirmed")
    assert status == 409 and "already answered" in html and "Not the same, says the owner" in html
    # The screening side sees the answer on the hit's page and beside the hit in its list.
    unit = signed_in_client(net.users["DE-unit-full"])
    assert "Born in 1980" in unit.get(f"/check/hits/{hit.pk}/").content.decode()
    assert "Not the same, says the owner" in unit.get("/check/our-hits/").content.decode()


@pytest.mark.django_db
def test_without_javascript_the_answer_posts_and_comes_back_to_the_hit(net: Network) -> None:
    hit = make_hit(net)
    owner = signed_in_client(net.users["FR-officer"])
    r = owner.post(f"/check/hits/{hit.pk}/answer/", {"state": "confirmed"})
    assert r.status_code == 302 and r["Location"] == f"/check/hits/{hit.pk}/"
    page = owner.get(r["Location"]).content.decode()
    assert "Confirmed by the owner" in page and "<html" in page
    status, html = _answer(
        signed_in_client(net.users["DE-officer"]), make_hit(net), htmx=False, state="confirmed"
    )
    assert status == 403 and "Only the owner bureau confirms a hit." in html


@pytest.mark.django_db
def test_the_side_that_had_the_hit_withdraws_it_on_its_page(net: Network) -> None:
    hit = make_hit(net)
    unit = signed_in_client(net.users["DE-unit-full"])
    status, html = _answer(unit, hit, state="withdrawn", reason="")
    assert status == 422 and "Give the reason." in html
    status, html = _answer(unit, hit, state="withdrawn", reason="The wrong passport was read")
    assert status == 200 and "Withdrawn" in html
    hit.refresh_from_db()
    assert (hit.state, hit.state_reason) == ("withdrawn", "The wrong passport was read")


@pytest.mark.django_db
def test_the_owners_list_shows_waiting_hits_first_and_marks_overdue_ones_in_words(net: Network) -> None:
    now = timezone.now()
    answered = make_hit(net, at=now - timedelta(minutes=5))
    confirmation.answer_hit(net.actor("FR-officer"), answered.pk, "confirmed")
    late = make_hit(net, action="arrest", at=now - timedelta(hours=2))  # due an hour ago
    waiting = make_hit(net, at=now - timedelta(minutes=1))
    make_hit(net, owner="IT")  # another bureau's
    owner = signed_in_client(net.users["FR-officer"])
    page = owner.get("/check/hits/ours/").content.decode()
    assert "<h1>Hits on our records</h1>" in page and "2 hits wait for your answer." in page
    ids = [h for h in (late.pk, waiting.pk, answered.pk) if f'id="hit-{h}"' in page]
    assert ids == [late.pk, waiting.pk, answered.pk]
    assert (
        page.index(f'id="hit-{late.pk}"')
        < page.index(f'id="hit-{waiting.pk}"')
        < page.index(f'id="hit-{answered.pk}"')
    )
    late_row = page[page.index(f'id="hit-{late.pk}"') : page.index(f'id="hit-{waiting.pk}"')]
    assert "Overdue" in late_row and "Urgent" in late_row
    assert "Overdue" not in page[page.index(f'id="hit-{waiting.pk}"') :]
    assert f'href="/check/hits/{late.pk}/"' in page and ">Hits on our records</a>" in page
    # The screening side sees the overdue mark too, in words.
    assert "Overdue" in signed_in_client(net.users["DE-unit-full"]).get("/check/our-hits/").content.decode()
    assert signed_in_client(net.users["FR-unit-full"]).get("/check/hits/ours/").status_code == 403


@pytest.mark.django_db
def test_the_secretariats_queue_page_and_api(net: Network) -> None:
    late = make_hit(net, action="arrest")
    confirmation.escalate_overdue(now=T0 + timedelta(hours=2))
    reviewer = signed_in_client(net.users["gs-reviewer"])
    page = reviewer.get("/check/hits/overdue/").content.decode()
    assert f'id="hit-{late.pk}"' in page and "Overdue" in page and "France" in page
    assert ">Overdue hits</a>" in page
    assert [h["id"] for h in reviewer.get("/api/screening/hits/overdue").json()] == [late.pk]
    for name in ("FR-officer", "DE-unit-full"):
        client = signed_in_client(net.users[name])
        assert client.get("/check/hits/overdue/").status_code == 403
        r = client.get("/api/screening/hits/overdue")
        assert r.status_code == 403 and r.json()["code"] == "overdue_queue_only_gs"


@pytest.mark.django_db
def test_the_api_answers_and_filters_by_state(net: Network) -> None:
    hit, other = make_hit(net), make_hit(net)
    owner = signed_in_client(net.users["FR-officer"])
    status, body = _api_answer(owner, hit, state="not_same")
    assert (status, body["code"], body["field"]) == (422, "hit_answer_reason_required", "reason")
    status, body = _api_answer(signed_in_client(net.users["IT-officer"]), hit, state="confirmed")
    assert (status, body["code"]) == (404, "hit_not_found")
    status, body = _api_answer(signed_in_client(net.users["DE-officer"]), hit, state="confirmed")
    assert (status, body["code"]) == (403, "hit_answer_not_owner")
    status, body = _api_answer(owner, hit, state="confirmed")
    assert status == 200 and body["state"] == "confirmed" and body["due_at"] and body["overdue"] is False
    status, body = _api_answer(owner, hit, state="not_same", reason="Changed our mind")
    assert (status, body["error"], body["code"]) == (409, "conflict", "hit_already_answered")
    listed = owner.get("/api/screening/hits?state=confirmed").json()
    assert [h["id"] for h in listed] == [hit.pk]
    assert [h["id"] for h in owner.get("/api/screening/hits?state=reported").json()] == [other.pk]
    r = owner.get("/api/screening/hits?state=maybe")
    assert r.status_code == 422 and r.json()["code"] == "hit_state_filter_unknown"
    assert [h["id"] for h in owner.get("/api/screening/hits?overdue=true").json()] == [other.pk]
    # A hit-only unit gets the state, not the owner's reason.
    unit = signed_in_client(net.users["DE-unit-hitonly"])
    mine = make_hit(net, screener="DE-unit-hitonly")
    confirmation.answer_hit(net.actor("FR-officer"), mine.pk, "not_same", "Born in 1980")
    [seen] = unit.get("/api/screening/hits").json()
    assert (seen["state"], seen["state_reason"]) == ("not_same", "")


@pytest.mark.django_db
def test_the_bureau_sets_its_deadlines_on_its_page_and_through_the_api(net: Network) -> None:
    admin = signed_in_client(net.users["FR-admin"])
    overview = admin.get("/bureau/").content.decode()
    assert "within 1 h when the action is urgent" in overview and 'href="/bureau/deadlines/"' in overview
    r = admin.post("/bureau/deadlines/", {"urgent_hours": "3", "other_hours": "2"})
    assert r.status_code == 422 and "An urgent hit cannot have longer than the others." in r.content.decode()
    r = admin.post("/bureau/deadlines/", {"urgent_hours": "2", "other_hours": "8"})
    assert r.status_code == 302
    assert make_hit(net, action="arrest").due_at == T0 + timedelta(hours=2)
    api = admin.put(
        "/api/network/bureau/deadlines",
        json.dumps({"urgent_hours": 4, "other_hours": 24}),
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json() == {"urgent_hours": 4, "other_hours": 24}
    assert admin.get("/api/network/bureau/deadlines").json() == {"urgent_hours": 4, "other_hours": 24}
    bad = admin.put(
        "/api/network/bureau/deadlines",
        json.dumps({"urgent_hours": 0, "other_hours": 24}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "confirm_urgent_hours_range"
    officer = signed_in_client(net.users["FR-officer"])
    assert officer.get("/bureau/deadlines/").status_code == 403
    assert officer.get("/api/network/bureau/deadlines").status_code == 403


@pytest.mark.django_db
def test_the_command_line_answers_as_a_named_user_and_escalates(net: Network) -> None:
    hit, late = make_hit(net), make_hit(net, action="arrest")
    runner = CliRunner()
    out = runner.invoke(cli.app, ["answer", str(hit.pk), "--as", "de-officer", "--state", "confirmed"])
    assert out.exit_code == 2 and "hit_answer_not_owner" in out.output
    out = runner.invoke(cli.app, ["answer", str(hit.pk), "--as", "fr-officer", "--state", "confirmed"])
    assert out.exit_code == 0 and '"state": "confirmed"' in out.output
    out = runner.invoke(cli.app, ["answer", str(hit.pk), "--as", "fr-admin", "--state", "confirmed"])
    assert out.exit_code == 1 and "hit_already_answered" in out.output
    out = runner.invoke(cli.app, ["escalate"])
    assert out.exit_code == 0 and "Hits escalated: 1" in out.output  # made at T0, long past due
    late.refresh_from_db()
    assert late.escalated_at is not None


@pytest.mark.django_db
def test_the_pages_read_in_arabic_right_to_left(net: Network) -> None:
    late = make_hit(net, action="arrest")
    owner = signed_in_client(net.users["FR-officer"])
    owner.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = owner.get(f"/check/hits/{late.pk}/").content.decode()
    assert 'dir="rtl"' in page and "ردّ المالك" in page and "متأخرة" in page and "إرسال الرد" in page
    listed = owner.get("/check/hits/ours/").content.decode()
    assert "الإصابات على سجلاتنا" in listed and "إصابة تنتظر ردك" in listed
