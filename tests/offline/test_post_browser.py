"""The post's page in Chromium: an officer at a hit / no hit post, at phone width and in
Arabic, checks a document and sees the hit, and one at a full post sees the notice a person
check hit; the page fits the screen and breaks no content policy (a violation would show in
the console)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from polnet.post.i18n import catalog
from polnet.post.store import Post
from tests.browser import DESKTOP, Tab
from tests.factories import Network, make_record
from tests.notices.helpers import published
from tests.offline.post_server import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"width": 360, "height": 780}


def _fits(tab: Tab) -> None:
    assert tab.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_officer_checks_a_document_in_arabic_at_phone_width(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page], chromium: Any
) -> None:
    doc = make_record(net.actor("FR-officer"), "document")
    post = post_of("DE-hitonly")
    ar = catalog("ar").gettext
    tab = Tab(chromium, serve(post).origin, viewport=PHONE, locale="ar")  # the browser asks for Arabic
    try:
        page = tab.page
        tab.go("/")
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
        assert page.locator("h1").inner_text() == ar("Border post checks")
        _fits(tab)
        tab.shot("post-page-ar-phone")
        page.fill("#document-number", doc.number)
        page.fill("#document-location", "معبر البحيرة")
        page.locator("#check-document button[type=submit]").click()
        page.wait_for_url("**/check")
        [hit] = post.pending_hits()
        result = page.locator("#result").inner_text()
        assert ar("Hit: contact your bureau.") in result and hit["id"] in result
        assert hit["location"] == "معبر البحيرة"
        assert hit["id"] in page.locator("#queue").inner_text()
        _fits(tab)
        tab.shot("post-page-ar-phone-hit")
        page.set_viewport_size(DESKTOP)
        _fits(tab)
        tab.shot("post-page-ar-desktop-hit")
        assert not tab.console_errors, tab.console_errors
    finally:
        tab.close()


def test_a_full_unit_sees_the_notice_its_person_check_hit_in_arabic_at_phone_width(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page], chromium: Any
) -> None:
    notice = published(net)
    post = post_of("DE-full")
    ar = catalog("ar").gettext
    tab = Tab(chromium, serve(post).origin, viewport=PHONE, locale="ar")
    try:
        page = tab.page
        tab.go("/")
        assert ar("Notices' version") in page.locator("#state").inner_text()
        page.fill("#person-name", "Viktor Petrenko")
        page.fill("#person-dob", "1981-04-17")
        page.locator("#check-person button[type=submit]").click()
        page.wait_for_url("**/check")
        result = page.locator("#result").inner_text()
        red_notice = ar("%(kind)s notice") % {"kind": ar("Red")}
        assert notice.reference in result and red_notice in result
        assert ar("Arrest (or provisional arrest)") in result
        _fits(tab)
        tab.shot("post-page-ar-phone-notice-hit")
        assert not tab.console_errors, tab.console_errors
    finally:
        tab.close()
