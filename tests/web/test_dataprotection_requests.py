"""Requests from individuals in a real browser, at phone width: the control body reads the
case in Arabic (right to left), the owner bureau answers its consultation, and the requests
list with its statistics fits a phone in French."""

from __future__ import annotations

from typing import Any

import pytest

from polnet.dataprotection.requests import services
from polnet.dataprotection.requests.models import Consultation
from tests.dataprotection.requests_helpers import NOW, plant, register
from tests.factories import Network
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_index(fresh_screening_index: None) -> None:
    """Every test here searches the screening index: a fresh one (`tests/conftest.py`)."""


def _language(tab: Any, code: str) -> None:
    tab.go("/login/")
    tab.page.select_option("#language", code)
    with tab.page.expect_navigation():
        tab.page.click("form.lang button")


def _fits(tab: Any) -> None:
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= 390


def test_case_consultation_and_list_at_phone_width(net: Network, tab_factory: Any) -> None:
    trail = plant(net)
    req = register(net)
    services.find(net.actor("gs-dpo"), req.pk, now=NOW)
    services.consult(net.actor("gs-dpo"), req.pk, now=NOW)

    gs = tab_factory()
    gs.narrow()
    _language(gs, "ar")
    sign_in(gs, net.users["gs-dpo"])
    gs.go(f"/dataprotection/requests/{req.pk}/")
    assert gs.page.locator("html").get_attribute("dir") == "rtl"
    assert gs.page.locator("#findings .finding-row").count() == req.findings.count()
    assert f"#{trail.person}" in gs.page.locator("#findings").inner_text()
    _fits(gs)
    gs.shot("dataprotection-request-case-ar-phone")

    de = tab_factory()
    de.narrow()
    sign_in(de, net.users["DE-dpo"])
    cons = Consultation.objects.get(request=req, owner_country_id="DE")
    de.go(f"/dataprotection/consultations/{cons.pk}/")
    assert "#" + str(trail.document) in de.page.locator("#owned-findings").inner_text()
    _fits(de)
    de.page.check("input[name=answer][value=refuse]")
    de.page.fill("#id_reasons", "An investigation is open.")
    with de.page.expect_navigation():
        de.page.click("#answer button[type=submit]")
    assert de.page.locator("#answered").is_visible()
    assert Consultation.objects.get(pk=cons.pk).answer == "refuse"

    fr = tab_factory()
    fr.narrow()
    _language(fr, "fr")
    sign_in(fr, net.users["gs-dpo"])
    fr.go("/dataprotection/requests/")
    assert "Demandes reçues" in fr.page.locator("#request-stats").inner_text()
    _fits(fr)
    fr.shot("dataprotection-requests-list-fr-phone")
