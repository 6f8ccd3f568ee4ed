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
from polnet.notices.images import placeholder_png
from polnet.screening import hit_reports, services
from polnet.screening.models import Hit
from tests.factories import PASSWORD, Network, make_record
from tests.messaging.helpers import client_for
from tests.web.conftest import NARROW
from tests.web.test_browser import sign_in
from tests.web.test_mailbox_ready import _first_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 20_000  # ms
PNG = placeholder_png()


def _hit(net: Network) -> Hit:
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    query = services.person_query("Ivan Ivanov", date_of_birth="1974-08-12")
    found = services.screen_person(
        net.actor("DE-unit-full"), query, location="Frankfurt airport", purpose="identification"
    )
    Hit.objects.filter(pk=found.candidates[0].hit_id).update(at=timezone.now() - timedelta(hours=1))
    return Hit.objects.get(pk=found.candidates[0].hit_id)


def test_the_post_s_bureau_sends_the_report_on_a_phone_and_the_owner_reads_it(
    net: Network, tab_factory: Any
) -> None:
    hit = _hit(net)
    tab = tab_factory(viewport=NARROW)
    sign_in(tab, net.users["DE-officer"])
    tab.go(f"/check/hits/{hit.pk}/report/")
    page = tab.page
    assert page.input_value("#id_place") == "Frankfurt airport"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.fill("#id_occurred_at", (hit.at + timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_check_performed", "discreet_check")
    page.select_option("#id_outcome", "located")
    page.select_option("#id_transport", "flight")
    page.fill("#id_remarks", "He boarded for Rome.")
    page.get_by_role("button", name="Send the report to the owner").click()
    page.locator(
        "#id_transport_identifier + .help, .field-transport_identifier .field-error"
    ).first.wait_for()
    assert "Give the plate or VIN" in page.locator(".field-transport_identifier").inner_text()
    page.fill("#id_transport_identifier", "LH 1234")
    page.set_input_files("#id_photos", files=[{"name": "gate.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_role("button", name="Send the report to the owner").click()
    page.locator("#report").wait_for()
    assert "LH 1234" in page.locator("#report").inner_text()
    tab.shot("hit-report-sent-phone-en")

    owner = tab_factory(locale="ar")
    sign_in(owner, net.users["FR-officer"])
    owner.go(f"/check/hits/{hit.pk}/report/")
    report = owner.page.locator("#report")
    assert "He boarded for Rome." in report.inner_text() and owner.page.get_attribute("html", "dir") == "rtl"
    photo = owner.page.locator("#report img")
    photo.scroll_into_view_if_needed()  # a lazy image loads once in view
    owner.page.wait_for_function(
        "() => { const i = document.querySelector('#report img'); return i.complete && i.naturalWidth > 0 }"
    )
    owner.shot("hit-report-read-ar")


def test_from_the_report_a_sealed_message_about_the_hit_reaches_the_owner(
    net: Network, tab_factory: Any
) -> None:
    fr = client_for(net.users["FR-officer"])  # the owner's mailbox can receive
    hit = _hit(net)
    data = {
        "place": "Frankfurt airport, gate B12",
        "occurred_at": hit.at + timedelta(minutes=20),
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
