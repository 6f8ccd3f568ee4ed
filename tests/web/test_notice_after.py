"""The notice page's sections after publication in a real browser, at phone width and in Arabic:
the source adds an alias, the reviewer approves it from the queue, a member reports a sighting
and records a reservation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from polnet.notices.after import addenda, sightings
from polnet.notices.models import Addendum, Reservation
from tests.factories import Network
from tests.web.conftest import NARROW
from tests.web.test_browser import _overflow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_addendum_sighting_and_reservation_on_a_phone(net: Network, tab_factory: Any, language: str) -> None:
    from tests.notices.helpers import published

    notice = published(net)
    earlier = addenda.submit(net.actor("FR-officer"), notice.pk, {"information": "Z" * 80 + " seen in Lyon."})
    addenda.decide(net.actor("gs-reviewer"), earlier.pk, approve=True)
    sightings.report(
        net.actor("DE-officer"),
        notice.pk,
        {"country": "DE", "place": "Köln", "seen_at": timezone.now() - timedelta(days=2), "reliability": "B"},
    )
    locale = "ar" if language == "ar" else "en-GB"

    source = tab_factory(viewport=NARROW, locale=locale)
    sign_in(source, net.users["FR-officer"])
    source.go(f"/notices/{notice.pk}/")
    assert source.page.locator("#versions tbody tr").count() == 2
    assert source.page.locator("#sightings").get_by_text("Köln").is_visible()
    source.page.locator("#addenda details summary").click()
    source.page.fill("#id_given", "Vitya")
    source.page.fill("#id_family", "Petrov")
    source.page.locator("#addenda form button[type=submit]").click()
    source.page.wait_for_selector("#addenda article.addendum-pending")
    assert source.page.evaluate(FITS), f"the notice page is wider than a phone: {_overflow(source)}"
    source.shot(f"notice-after-source-{language}-narrow")

    reviewer = tab_factory(viewport=NARROW, locale=locale)
    sign_in(reviewer, net.users["gs-reviewer"])
    reviewer.go("/notices/review/")
    assert reviewer.page.evaluate(FITS), f"the review queue is wider than a phone: {_overflow(reviewer)}"
    reviewer.page.locator("#addenda ~ article button[value=approve]").first.click()
    reviewer.page.wait_for_url("**/notices/review/")
    assert Addendum.objects.get(state="approved", names__0__family="Petrov").version == 3

    member = tab_factory(viewport=NARROW, locale=locale)
    sign_in(member, net.users["DE-officer"])
    member.go(f"/notices/{notice.pk}/")
    assert member.page.locator("#versions tbody tr").count() == 3
    member.page.locator("#reservations details summary").click()
    member.page.fill("#reservations textarea[name=reason]", "No extradition for this offence.")
    member.page.locator("#reservations form button[type=submit]").click()
    member.page.wait_for_selector("#reservations .alert")
    assert Reservation.objects.filter(notice=notice, country_id="DE", lifted_at__isnull=True).exists()
    assert member.page.evaluate(FITS), f"the notice page is wider than a phone: {_overflow(member)}"
    member.shot(f"notice-after-member-{language}-narrow")
