"""Unread and urgent messages show in the header of every page and on the home page, in
English and Arabic, at desktop and phone width."""

from __future__ import annotations

from typing import Any

import pytest

from polnet.messaging.envelope import Draft
from tests.factories import Network
from tests.messaging.helpers import clients
from tests.web.conftest import NARROW
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("locale", "viewport", "unread"), [("en-GB", None, "unread"), ("ar", NARROW, "غير")])
def test_an_urgent_message_is_announced_outside_the_mailbox(
    net: Network, tab_factory: Any, locale: str, viewport: Any, unread: str
) -> None:
    fr, _de = clients(net, "FR-officer", "DE-officer")
    fr.send(Draft(subject="Lorry tonight", body="Kehl bridge, 23:00", to=["bureau:DE"], priority="urgent"))
    tab = tab_factory(viewport=viewport, locale=locale)
    sign_in(tab, net.users["DE-officer"])
    tab.go("/")
    badge = tab.page.locator("nav.main-nav a[href='/messages/'] .nav-count.urgent")
    assert badge.is_visible() and badge.locator("[aria-hidden=true]").inner_text() == "1"
    assert unread in badge.locator(".visually-hidden").inner_text()
    panel = tab.page.locator("#mail-panel")
    assert panel.is_visible() and "1" in panel.locator("[role=alert]").inner_text()
    box = badge.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= tab.page.viewport_size["width"]
    tab.shot(f"mail-alert-{locale}{'-narrow' if viewport else ''}")
    tab.go("/records/")
    assert tab.page.locator("nav.main-nav .nav-count.urgent").is_visible()
