"""The training sandbox in a real browser: a partner's member works the passport exercise in
Arabic on a phone, and an officer fails the notice exercise and reads which criterion is missing."""

from __future__ import annotations

from typing import Any

import pytest

from polnet.core.actor import Role
from polnet.network.models import Partner, User
from polnet.training.sandbox.exercises import FUGITIVE_FILE
from polnet.training.sandbox.models import SandboxRun
from polnet.training.sandbox.world import planted
from tests.factories import PASSWORD, Network
from tests.web.conftest import NARROW
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(tab: Any) -> None:
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"] + 1, width


def test_a_partner_works_the_passport_exercise_in_arabic_on_a_phone(net: Network, tab_factory: Any) -> None:
    academy = Partner.objects.create(name="Police academy", kind="police_academy")
    user = User.objects.create_user("academy-member", password=PASSWORD, role=Role.PARTNER, partner=academy)
    p = planted()
    tab = tab_factory(viewport=NARROW, locale="ar")
    sign_in(tab, user)
    tab.page.context.add_cookies([{"name": "django_language", "value": "ar", "url": tab.base_url}])
    tab.go("/training/sandbox/")
    assert tab.page.locator("html").get_attribute("dir") == "rtl"
    assert "بيانات اصطناعية" in tab.page.locator(".sandbox-banner").inner_text()
    tab.shot("sandbox-home-ar-phone")
    tab.page.locator("form[action$='/passport/start/'] button").click()
    tab.page.wait_for_url("**/training/sandbox/run/*/")
    assert p.passport.mrz[1] in tab.page.locator("pre.mrz").inner_text()
    tab.page.fill("#c-number", p.passport.number)
    tab.page.locator("form[action*='/check/document/'] button").click()
    assert "SBX-D-" in tab.page.locator("#results").inner_text()
    tab.shot("sandbox-check-ar-phone")
    _no_sideways_scroll(tab)
    tab.page.locator(f"form[action$='/open/document/{p.passport_document}/'] button").click()
    tab.page.locator(f"form[action$='/open/person/{p.passport_holder}/'] button").click()
    tab.shot("sandbox-hit-ar-phone")
    _no_sideways_scroll(tab)
    tab.page.select_option("#r-action", "arrest")
    tab.page.locator("form.outcome-form button").click()
    tab.page.locator("form[action$='/finish/'] button").click()
    tab.page.wait_for_url("**/result/")
    assert tab.page.locator(".sandbox-steps li.missed").count() == 0
    tab.shot("sandbox-result-ar-phone")
    _no_sideways_scroll(tab)
    assert SandboxRun.objects.get(user=user).passed is True


def test_an_officer_reads_the_missing_criterion_of_a_notice_request(net: Network, tab_factory: Any) -> None:
    tab = tab_factory(locale="fr-FR")
    sign_in(tab, net.users["ES-officer"])
    tab.page.context.add_cookies([{"name": "django_language", "value": "fr", "url": tab.base_url}])
    tab.go("/training/sandbox/")
    tab.page.locator("form[action$='/notice/start/'] button").click()
    tab.page.wait_for_url("**/training/sandbox/run/*/")
    for name, value in FUGITIVE_FILE.items():
        if name != "warrant_reference":
            tab.page.fill(f"#n-{name}", value)
    tab.page.check("#n-assurance")
    tab.page.locator("form.sandbox-notice button").click()
    tab.page.locator("form[action$='/finish/'] button").click()
    tab.page.wait_for_url("**/result/")
    missed = tab.page.locator(".sandbox-steps li.missed")
    assert missed.count() == 1
    assert "Référence du mandat d'arrêt" in missed.inner_text()
    tab.shot("sandbox-notice-result-fr")
