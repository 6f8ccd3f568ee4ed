"""Why a check matches, read in Arabic on a phone: the explanation speaks the officer's language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from polnet.screening import index as screening_index
from tests.factories import Network, make_record
from tests.web.conftest import DESKTOP, NARROW
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The live server shares this process's screening index: new for the test's records."""
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


def test_the_explanation_of_a_person_hit_reads_in_arabic_on_a_phone(
    net: Network, tab_factory: Any, fresh_index: None
) -> None:
    make_record(net.actor("FR-officer"), "person")
    tab = tab_factory(viewport=NARROW, locale="ar")
    sign_in(tab, net.users["DE-officer"])
    tab.go("/check/")
    page = tab.page
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("#id_name", "Ivan Ivanob")
    page.fill("#id_date_of_birth", "1974-12-08")
    page.fill("#id_nationality", "RU")
    page.select_option("#id_purpose", "identification")
    page.locator("#id_name").press("Enter")
    result = page.locator("#check-result section.result")
    result.wait_for()
    details = result.locator("td.detail")
    assert details.count() >= 3
    text = " ".join(details.all_inner_texts())
    assert "خطأ مطبعي" in text  # the typo, as a word of the page's language
    assert "اليوم والشهر معكوسان" in text and "جنسية مشتركة" in text
    for english in ("typo", "swapped", "shared", " vs ", "DOB"):
        assert english not in text, (english, text)
    # The names and dates keep their own direction inside the Arabic sentence.
    assert details.first.locator("bdi").first.inner_text() == "Ivan Ivanob"
    assert details.first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # The explanation fits the phone: no sideways scrolling of the page.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    details.first.scroll_into_view_if_needed()
    tab.shot("why-it-matches-ar-narrow", full_page=False)


def test_the_explanation_reads_in_english_at_desktop_width(
    net: Network, tab_factory: Any, fresh_index: None
) -> None:
    make_record(net.actor("FR-officer"), "vehicle")
    tab = tab_factory(viewport=DESKTOP)
    sign_in(tab, net.users["IT-officer"])
    tab.go("/check/?kind=vehicle")
    page = tab.page
    page.fill("#id_vin", "1M8GDM9AXKP04278B")
    page.locator("#id_vin").press("Enter")
    detail = page.locator("#check-result section.result td.detail").first
    detail.wait_for()
    text = detail.inner_text()
    assert "near: VIN 1M8GDM9AXKP042788" in text and "'B' at position 17 read for '8'" in text
    detail.scroll_into_view_if_needed()
    tab.shot("why-it-matches-en", full_page=False)
