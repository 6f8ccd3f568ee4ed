"""The live feed in a browser: an open page's header counter and inbox refresh by themselves
when a notification arrives, in English and in Arabic at phone width."""

from __future__ import annotations

from typing import Any

import pytest

from polnet.notifications.models import Notification
from polnet.screening.models import Hit
from tests.factories import Network
from tests.web.conftest import NARROW
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _hit(net: Network) -> Hit:
    return Hit.objects.create(
        kind="person",
        record_id=1,
        owner_country_id="FR",
        score=0.97,
        screened_by=net.users["DE-officer"],
        screening_country_id="DE",
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_open_page_hears_of_a_new_notification(
    net: Network, tab_factory: Any, settings: Any, language: str
) -> None:
    settings.POLNET_LIVE_STREAM = True
    hit = _hit(net)
    tab = tab_factory(viewport=NARROW, locale="ar" if language == "ar" else "en-GB")
    sign_in(tab, net.users["FR-officer"])
    tab.go("/notifications/")
    page = tab.page
    assert page.locator("#inbox .panel.muted").count() == 1  # the empty state
    page.wait_for_selector("body[data-live=open]")  # the page's event stream is connected
    Notification.objects.create(
        recipient_bureau=net.bureaus["FR"], kind="hit_new", subject="hit", subject_id=hit.pk, urgent=True
    )
    Notification.objects.create(
        recipient_bureau=net.bureaus["DE"], kind="hit_confirmed", subject="hit", subject_id=hit.pk
    )
    # The counter and the list refresh on the stream's event, with no reload and no poll.
    page.wait_for_selector("#inbox-badge[data-unread='1']", timeout=10_000)
    page.wait_for_selector("#inbox li.notification.unread.urgent", timeout=10_000)
    assert page.locator("#inbox li.notification").count() == 1  # not DE's
    assert page.locator(f"#inbox a[href='/check/hits/{hit.pk}/']").count() == 1
    assert bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
    tab.shot(f"live-feed-{language}-narrow")
    page.locator("#inbox form button[type=submit]").first.click()  # mark all read
    page.wait_for_selector("#inbox-badge[data-unread='0']")
    assert page.locator("#inbox li.notification.unread").count() == 0
