"""In Chromium: the bureau where a hit was made reads its report page at phone width and
writes to the owner about the hit, the message carrying the hit's reference; and the
secretariat's first reviewer to sign in makes its mailbox able to receive. Real crypto."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from polnet.messaging.envelope import Draft
from polnet.messaging.models import MailboxKey
from polnet.screening import hit_reports, services
from polnet.screening.models import Hit
from tests.factories import PASSWORD, Network, make_record
from tests.messaging.helpers import client_for
from tests.web.conftest import NARROW
from tests.web.test_browser import sign_in
from tests.web.test_mailbox_ready import _first_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 20_000  # ms


def _reported_hit(net: Network) -> Hit:
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    query = services.person_query("Ivan Ivanov", date_of_birth="1974-08-12")
    found = services.screen_person(net.actor("DE-unit-full"), query, location="Frankfurt airport")
    hit = Hit.objects.get(pk=found.candidates[0].hit_id)
    data = {
        "place": "Frankfurt airport, gate B12",
        "occurred_at": timezone.now() - timedelta(minutes=1),
        "check_performed": "discreet_check",
        "outcome": "located",
        "accompanying": "",
        "transport": "flight",
        "transport_identifier": "LH 1234",
        "items": "",
        "items_seized": False,
        "remarks": "He boarded for Rome.",
    }
    hit_reports.create_report(net.actor("DE-officer"), hit.pk, data)
    return hit


def test_from_the_report_a_sealed_message_about_the_hit_reaches_the_owner(
    net: Network, tab_factory: Any
) -> None:
    fr = client_for(net.users["FR-officer"])  # the owner's mailbox can receive
    hit = _reported_hit(net)
    tab = tab_factory(viewport=NARROW)
    sign_in(tab, net.users["DE-officer"])
    tab.go(f"/check/hits/{hit.pk}/report/")
    assert "He boarded for Rome." in tab.page.locator("#report").inner_text()
    assert tab.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    tab.page.locator("#write-about-hit").click()

    page = tab.page
    page.wait_for_selector("#unlock-password", state="visible", timeout=WAIT)
    page.fill("#unlock-password", PASSWORD)
    page.click("#unlock-form button[type=submit]")
    page.wait_for_selector("#to-bureau-FR", timeout=WAIT)
    assert page.is_checked("#to-bureau-FR")
    assert page.input_value("#reference") == f"hit:{hit.pk}" and page.is_visible("#reference-row")
    page.fill("#subject", "Ivanov at Frankfurt")
    page.fill("#body", "Photos follow; he flew LH 1234.")
    page.click("#compose button[type=submit]")
    page.wait_for_url(re.compile(r"/messages/thread/"), timeout=WAIT)
    link = page.locator("a.reference")
    link.wait_for(timeout=WAIT)
    assert (
        link.inner_text() == f"hit:{hit.pk}" and link.get_attribute("href") == f"/check/hits/{hit.pk}/report/"
    )

    [message] = fr.call("GET", f"/inbox?reference=hit:{hit.pk}")
    opened = fr.open(message)
    assert opened.status == "valid" and opened.header["ref"] == f"hit:{hit.pk}"
    assert opened.content["body"] == "Photos follow; he flew LH 1234."


def test_the_secretariat_s_first_reviewer_makes_its_mailbox_at_sign_in(
    net: Network, tab_factory: Any
) -> None:
    assert not MailboxKey.objects.filter(mailbox__address="secretariat").exists()
    tab = tab_factory()
    posted = _first_sign_in(tab, net.users["gs-reviewer"])
    assert MailboxKey.objects.filter(mailbox__address="secretariat", version=1).exists()
    assert not any(PASSWORD in body for body in posted)

    fr = client_for(net.users["FR-officer"])
    sent = fr.send(Draft(subject="Overdue confirmation", body="DE has not answered.", to=["secretariat"]))
    tab.go("/messages/")
    tab.page.wait_for_selector("#app", state="visible", timeout=WAIT)
    row = tab.page.locator(f"#m-{sent['id']}")
    row.wait_for(timeout=WAIT)
    assert "Overdue confirmation" in row.inner_text() and "Signature verified" in row.inner_text()
