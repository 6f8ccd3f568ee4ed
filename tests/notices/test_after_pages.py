"""The notice page's sections after publication, through the pages: versions, addenda and their
review, sightings, reservations, a diffusion turned into a request; in Arabic too."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from polnet.notices import workflow
from polnet.notices.after import addenda, reservations, sightings
from polnet.notices.models import Addendum, Notice
from tests.factories import Network, signed_in_client
from tests.notices.helpers import RED, content, published


def _page(client: Client, notice: Notice) -> str:
    r = client.get(f"/notices/{notice.pk}/")
    assert r.status_code == 200
    return r.content.decode()


def _post(client: Client, url: str, data: dict[str, Any], status: int = 302) -> str:
    r = client.post(url, data)
    assert r.status_code == status, r.content.decode()[:3000]
    return r.content.decode()


@pytest.mark.django_db
def test_an_addendum_through_the_pages_from_submission_to_the_version_members_read(net: Network) -> None:
    notice = published(net)
    fr = signed_in_client(net.users["FR-officer"])
    de = signed_in_client(net.users["DE-officer"])
    gs = signed_in_client(net.users["gs-reviewer"])
    assert "Add information to this notice" in _page(fr, notice)
    assert "Add information to this notice" not in _page(de, notice)
    empty = _post(fr, f"/notices/{notice.pk}/addenda/", {"script": "Latn"}, status=422)
    assert "Add a name, a warrant, a photo or information." in empty and not Addendum.objects.exists()
    _post(
        fr,
        f"/notices/{notice.pk}/addenda/",
        {"given": "Vitya", "family": "Petrov", "script": "Latn", "is_alias": "on"},
    )
    assert "Awaiting review" in _page(fr, notice)
    assert "Vitya Petrov" not in _page(de, notice)
    queue = gs.get("/notices/review/").content.decode()
    assert "Addenda to published notices" in queue and "Vitya Petrov" in queue
    addendum = Addendum.objects.get()
    _post(gs, f"/notices/addenda/{addendum.pk}/decide/", {"decision": "approve", "next": "/notices/review/"})
    seen = _page(de, notice)
    assert 'id="versions"' in seen and "Names added" in seen and "Vitya Petrov" in seen
    assert "Addendum applied" in seen


@pytest.mark.django_db
def test_a_refusal_on_the_page_needs_a_reason_and_shows_nothing_to_members(net: Network) -> None:
    notice = published(net)
    addendum = addenda.submit(net.actor("FR-officer"), notice.pk, {"information": "Lives in Bern now."})
    gs = signed_in_client(net.users["gs-reviewer"])
    r = gs.post(f"/notices/addenda/{addendum.pk}/decide/", {"decision": "refuse", "reason": ""})
    assert r.status_code == 422
    _post(gs, f"/notices/addenda/{addendum.pk}/decide/", {"decision": "refuse", "reason": "Unsourced."})
    assert "Lives in Bern" not in _page(signed_in_client(net.users["DE-officer"]), notice)
    source = _page(signed_in_client(net.users["FR-officer"]), notice)
    assert "Refused" in source and "Unsourced." in source


@pytest.mark.django_db
def test_a_sighting_and_a_reservation_through_the_pages(net: Network) -> None:
    notice = published(net)
    de = signed_in_client(net.users["DE-officer"])
    bad = _post(
        de, f"/notices/{notice.pk}/sightings/", {"country": "DE", "place": "", "reliability": "B"}, status=422
    )
    assert "field-error" in bad and not notice.sightings.exists()
    _post(
        de,
        f"/notices/{notice.pk}/sightings/",
        {"country": "DE", "place": "Hamburg port", "seen_at": "2026-01-10T08:30", "reliability": "A"},
    )
    fr = signed_in_client(net.users["FR-officer"])
    assert "Hamburg port" in _page(fr, notice) and "Hamburg port" in _page(de, notice)
    assert "Hamburg port" not in _page(signed_in_client(net.users["IT-officer"]), notice)
    _post(de, f"/notices/{notice.pk}/reservations/", {"reason": ""}, status=422)
    _post(de, f"/notices/{notice.pk}/reservations/", {"reason": "Political offence under our law."})
    source = _page(fr, notice)
    assert (
        'id="reservations"' in source and "Germany" in source and "Political offence under our law." in source
    )
    assert "Political offence" not in _page(signed_in_client(net.users["IT-officer"]), notice)
    assert "Lift the reservation" in _page(de, notice)
    _post(de, f"/notices/{notice.pk}/reservations/lift/", {"reason": "Law changed"})
    assert reservations.reserved([notice.pk], "DE") == {}
    assert "No country holds a reservation." in _page(fr, notice)


@pytest.mark.django_db
def test_a_diffusion_page_turns_it_into_a_request_and_both_say_so(net: Network) -> None:
    diffusion = workflow.send_diffusion(net.actor("FR-officer"), {**content(RED), "recipients": ["DE"]})
    fr = signed_in_client(net.users["FR-officer"])
    assert "Turn into a notice request" in _page(fr, diffusion)
    assert "Turn into a notice request" not in _page(signed_in_client(net.users["DE-officer"]), diffusion)
    r = fr.post(f"/notices/{diffusion.pk}/to-request/")
    assert r.status_code == 302
    request = Notice.objects.get(from_diffusion=diffusion)
    assert r["Location"] == f"/notices/{request.pk}/"
    page = _page(fr, request)
    assert (
        f"This request was made from diffusion {diffusion.pk}." in page
        and "Request made from a diffusion" in page
    )
    back = _page(fr, diffusion)
    assert f"This diffusion became request {request.pk}." in back and "Turned into a notice request" in back
    assert "Turn into a notice request" not in back


@pytest.mark.django_db
def test_the_sections_read_in_arabic(net: Network) -> None:
    notice = published(net)
    addendum = addenda.submit(net.actor("FR-officer"), notice.pk, {"information": "Seen in Oran."})
    addenda.decide(net.actor("gs-reviewer"), addendum.pk, approve=True)
    reservations.record(net.actor("DE-officer"), notice.pk, "Reason")
    from datetime import timedelta

    from django.utils import timezone

    sightings.report(
        net.actor("DE-officer"),
        notice.pk,
        {"country": "DE", "place": "Kiel", "seen_at": timezone.now() - timedelta(days=1), "reliability": "C"},
    )
    fr = signed_in_client(net.users["FR-officer"])
    fr.cookies["django_language"] = "ar"
    page = _page(fr, notice)
    assert 'dir="rtl"' in page
    for english in ("Versions", "Addenda", "Sightings", "Reservations", "Information added"):
        assert f">{english}<" not in page, english
