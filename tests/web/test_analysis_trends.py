"""The trends page in a real browser: every chart drawn under the site's content policy (no
eval, no inline style), at desktop and phone width, in English and Arabic."""

from __future__ import annotations

from typing import Any

import pytest

from tests.analysis.trend_fixtures import SINCE, UNTIL, known_checks, known_hits
from tests.factories import Network
from tests.web.conftest import NARROW
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_chart_is_drawn_and_fits_a_phone(net: Network, tab_factory: Any) -> None:
    known_checks(net)
    known_hits(net)
    tab = tab_factory()
    sign_in(tab, net.users["FR-analyst"])
    tab.go(f"/analysis/trends/?since={SINCE}&until={UNTIL}")
    tab.page.wait_for_function("document.querySelectorAll('.chart svg').length === 7")
    tab.shot("trends-desktop")
    assert tab.page.locator("#trend-countries .chart svg path").count() > 100  # the world's countries
    arabic = tab_factory(viewport=NARROW, locale="ar")
    sign_in(arabic, net.users["FR-analyst"])
    arabic.page.context.add_cookies([{"name": "django_language", "value": "ar", "url": arabic.base_url}])
    arabic.go(f"/analysis/trends/?since={SINCE}&until={UNTIL}")
    arabic.page.wait_for_function("document.querySelectorAll('.chart svg').length === 7")
    arabic.shot("trends-phone-ar")
    assert arabic.page.evaluate("document.documentElement.dir") == "rtl"
    overflow = arabic.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
