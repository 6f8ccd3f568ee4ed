"""The graph page in a real browser: drawn by Cytoscape.js under the content policy, expand
and pin from the panel, Arabic at phone width without sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest

from tests.analysis.graph_helpers import scene
from tests.factories import Network
from tests.web.conftest import NARROW
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_graph_page_draws_expands_and_fits_a_phone(net: Network, tab_factory: Any) -> None:
    s = scene(net)
    tab = tab_factory()
    sign_in(tab, net.users["FR-analyst"])
    tab.go(f"/analysis/projects/{s.project.pk}/graph/?start={s.key('d1')}&hops=1")
    page = tab.page
    page.wait_for_selector("#graph-canvas canvas")
    assert page.evaluate("document.querySelectorAll('#graph-list > li').length") == 3  # d1, p1, its number
    page.locator(f"#graph-list > li[data-key='{s.key('p1')}']").click()
    page.get_by_role("button", name="Expand").click()
    page.locator("#graph-list > li").nth(3).wait_for()
    assert page.locator("#graph-list").inner_text().count("Holds the identifier") >= 2
    page.get_by_role("button", name="Pin").click()
    page.get_by_role("button", name="Unpin").wait_for()
    tab.shot("graph-desktop")
    arabic = tab_factory(viewport=NARROW, locale="ar")
    sign_in(arabic, net.users["FR-analyst"])
    arabic.page.context.add_cookies([{"name": "django_language", "value": "ar", "url": arabic.base_url}])
    arabic.go(f"/analysis/projects/{s.project.pk}/graph/?start={s.key('p1')}&hops=2")
    arabic.page.wait_for_selector("#graph-canvas canvas")
    assert arabic.page.evaluate("document.documentElement.dir") == "rtl"
    width = arabic.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    arabic.shot("graph-phone-ar")
