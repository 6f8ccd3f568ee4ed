"""An operation's Messages tab and its final report's map in Chromium: reached from the
operation's tabs, in English and Arabic, at desktop and phone width."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.translation import gettext, override, pgettext
from django_countries import countries

from polnet.operations.reports import services as reports
from tests.factories import Network
from tests.messaging.helpers import client_for
from tests.operations.helpers import plan
from tests.operations.reports_helpers import days_ago, make_operation, report_data
from tests.operations.test_messages import _first
from tests.web.pages import LANGUAGES, both_widths, fits, speaks
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_messages_tab_lists_the_thread_and_offers_to_write(
    net: Network, tab_factory: Any, language: str
) -> None:
    op = plan(net)
    client_for(net.users["DE-officer"])  # DE's mailbox key, so that FR can seal to it
    first = _first(client_for(net.users["FR-officer"]), op)
    tab = tab_factory(locale=LANGUAGES[language])
    sign_in(tab, net.users["DE-officer"])
    page = tab.page
    tab.go(f"/operations/{op.pk}/")
    with override(language):
        page.locator("nav.op-tabs").get_by_role("link", name=pgettext("messaging", "Messages")).click()
    page.wait_for_url(f"**/operations/{op.pk}/messages/")
    speaks(tab, language)
    assert page.locator("#messages-h").count() == 1  # one heading, the page's
    assert page.locator("h1#messages-h").is_visible() and page.locator("#messages-panel h2").count() == 0
    rows = page.locator("#operation-messages tbody tr")
    assert rows.count() == 1
    href = rows.first.locator("a").first.get_attribute("href") or ""
    assert f"/messages/thread/{first['thread']}/" in href
    both_widths(tab, f"operation-messages-{language}")
    page.locator("#write-participants").click()
    page.wait_for_url("**/messages/compose/**")
    fits(tab)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_final_report_shows_the_countries_on_a_map(net: Network, tab_factory: Any, language: str) -> None:
    op = make_operation(net)
    for n, user in enumerate(["DE-officer", "DE-officer", "FR-officer"]):
        reports.file_report(net.actor(user), op.pk, **report_data(occurred_at=days_ago(n)))
    tab = tab_factory(locale=LANGUAGES[language])
    sign_in(tab, net.users["FR-officer"])
    page = tab.page
    tab.go(f"/operations/{op.pk}/report/")
    speaks(tab, language)
    svg = page.locator("main svg").first
    svg.wait_for()
    names = svg.locator("title").all_text_contents()  # each bubble says its country's name
    with override(language):
        assert gettext("Map of results by country") == svg.get_attribute("aria-label")
        assert {str(countries.name("DE")), str(countries.name("FR"))} <= set(names), names
    box = svg.bounding_box()
    assert box is not None and box["width"] > 200
    if language == "en":  # sums of money with their thousands grouped, in every table
        text = page.locator("main").inner_text()
        assert "1,500,000.00" in text and "1,000,000.00" in text and "500,000.00" in text, text
    both_widths(tab, f"operation-report-map-{language}")
    box = svg.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 391
