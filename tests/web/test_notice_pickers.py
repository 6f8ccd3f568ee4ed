"""The notice request form's pickers in a real browser: a nationality found by its name in the
reader's language, a linked record found by name and kept as a chip, both saved on the notice;
and the notice pages fit a phone screen. English and Arabic, desktop and phone width."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from django_countries import countries

from polnet.notices.models import Notice
from tests.factories import Network, make_record
from tests.web.conftest import NARROW
from tests.web.test_browser import _overflow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def _name(code: str, language: str) -> str:
    with translation.override(language):
        return str(countries.name(code))


def _request_red_notice(tab: Any, language: str, family: str) -> Notice:
    """Fill the form with the keyboard where the pickers are concerned, and send it."""
    page = tab.page
    tab.go("/notices/new/red/")
    page.fill("#id_name1_given", "Viktor")
    page.fill("#id_name1_family", family)
    page.fill("#id_facts", "Armed robbery of a jewellery shop.")

    # Nationality: typed by its name in the reader's language, chosen with Tab and Space.
    page.locator("#id_nationalities-filter").press_sequentially(_name("UA", language))
    visible = page.locator("#id_nationalities-list li:not([hidden]) input")
    assert visible.count() == 1 and visible.get_attribute("value") == "UA"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "UA"
    page.keyboard.press("Space")
    assert page.locator("#id_nationalities-list input[value=UA]").is_checked()
    assert page.locator("#id_nationalities-label").inner_text()  # the group is labelled
    tab.shot(f"notice-pickers-{language}-{family.lower()}-country", full_page=False)

    # The issuing country, one country: found by name as well.
    page.locator("#id_w_issuing_country-filter").press_sequentially(_name("FR", language))
    page.locator("#id_w_issuing_country-list li:not([hidden]) input[value=FR]").check()
    page.fill("#id_w_charge", "Armed robbery")
    page.fill("#id_w_law", "Code pénal, art. 311-8")

    # A linked person record by name: arrow down to the result, Enter picks it as a chip.
    search = page.locator("#id_link_persons-find")
    search.press_sequentially("Ivanov")
    page.wait_for_selector("#id_link_persons-results [data-pick]")
    search.press("ArrowDown")
    page.keyboard.press("Enter")
    chip = page.locator("#id_link_persons-label ~ [data-chips] .chip")
    assert chip.count() == 1 and "Ivanov" in chip.inner_text()
    tab.shot(f"notice-pickers-{language}-{family.lower()}-record", full_page=False)
    assert page.evaluate(FITS), f"the request form is wider than the screen: {_overflow(tab)}"

    page.locator("form.notice-form button[type=submit]").click()
    page.wait_for_url("**/notices/*/")
    # The notice page names the countries in the reader's language, and the linked record.
    main = page.locator("main").inner_text()
    assert _name("UA", language) in main and _name("FR", language) in main and "Ivanov" in main
    return Notice.objects.get(names__family=family)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pick_countries_and_records_by_name(net: Network, tab_factory: Any, language: str) -> None:
    person = make_record(net.actor("FR-officer"), "person")
    hidden = make_record(net.actor("DE-officer"), "person", restriction="only_listed", listed=["IT"])
    tab = tab_factory(locale="ar" if language == "ar" else "en-GB")
    sign_in(tab, net.users["FR-officer"])

    for width, family in (("desktop", "Petrenko"), ("narrow", "Shevchenko")):
        if width == "narrow":
            tab.narrow()
        notice = _request_red_notice(tab, language, family)
        assert [c.pk for c in notice.nationalities.all()] == ["UA"]
        assert list(notice.persons.values_list("pk", flat=True)) == [person.pk]
        assert notice.warrants.get().issuing_country_id == "FR"
        assert hidden.pk not in notice.persons.values_list("pk", flat=True)

    # The record a change form shows as a chip can be removed with the keyboard.
    tab.go(f"/notices/{notice.pk}/edit/")
    remove = tab.page.locator("#id_link_persons-label ~ [data-chips] [data-remove]")
    remove.focus()
    tab.page.keyboard.press("Enter")
    assert tab.page.locator("#id_link_persons-label ~ [data-chips] .chip").count() == 0
    tab.page.locator("form.notice-form button[type=submit]").click()
    tab.page.wait_for_url(f"**/notices/{notice.pk}/")
    assert not notice.persons.exists()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_notice_pages_fit_a_phone(net: Network, tab_factory: Any, language: str) -> None:
    from tests.notices.helpers import RED, draft

    long = "Z" * 60  # a long reference or name must wrap, not widen the page
    notice = draft(
        net,
        base=RED,
        names=[{"given": "Viktor", "family": "Petrenko-" + long, "script": "Latn"}],
        warrants=[{**RED["warrants"][0], "reference": "REF/" + long, "authority": "Tribunal-" + long}],
    )
    tab = tab_factory(viewport=NARROW, locale="ar" if language == "ar" else "en-GB")
    sign_in(tab, net.users["FR-officer"])
    paths = ["/notices/", f"/notices/{notice.pk}/", "/notices/new/red/", "/notices/new/silver/"]
    paths += ["/notices/new/yellow/?channel=diffusion", "/notices/notifications/", "/notices/public/"]
    for path in paths:
        tab.go(path)
        tab.shot(f"notice-fits-{language}{path.replace('/', '-').replace('?', '-').rstrip('-')}")
        assert tab.page.evaluate(FITS), f"{path} is wider than a phone screen: {_overflow(tab)}"
