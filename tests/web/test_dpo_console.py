"""The data-protection officer in a real browser: a record's access history, an alert, and a
signed extract of the processing log downloaded and checked with the node's key."""

from __future__ import annotations

import base64
import io
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from polnet.core import signing
from polnet.dataprotection.console import alerts
from polnet.records import services as records
from tests.factories import Network, make_record
from tests.web.conftest import NARROW
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_reads_a_history_an_alert_and_exports_a_signed_extract(
    net: Network, tab_factory: Any, tmp_path: Path
) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    for _ in range(51):
        records.read_record(net.actor("FR-officer"), "person", rec.pk)
    records.read_record(net.actor("DE-officer"), "person", rec.pk)  # the newest: on the first page
    (alert,) = alerts.scan(now=timezone.now() + timedelta(days=1))

    tab = tab_factory()
    sign_in(tab, net.users["FR-dpo"])
    tab.go("/")
    tab.page.locator("nav a[href='/dataprotection/console/']").first.click()
    tab.page.select_option("#id_kind", "person")
    tab.page.fill("#id_id", str(rec.pk))
    tab.page.locator("form.dp-history-form button[type=submit]").click()
    tab.page.wait_for_url(f"**/dataprotection/console/history/person/{rec.pk}/")
    rows = tab.page.locator("table.dp-events tbody tr")
    assert "de-officer" in tab.page.locator("table.dp-events").inner_text()
    assert rows.count() == 50  # a page of the 53 events (created, read 52 times)
    assert tab.page.locator("nav.pager a[rel=next]").count() == 1
    tab.shot("dpo-history")

    tab.go("/dataprotection/console/alerts/")
    tab.page.locator(f"a[href='/dataprotection/console/alerts/{alert.pk}/']").click()
    assert "read 51 records" in tab.page.locator(".dp-why").inner_text()
    tab.page.fill("#id_note", "A court asked for the whole list; checked with the officer.")
    tab.page.locator("form.dp-close button[type=submit]").click()
    tab.page.wait_for_selector("#closing")
    tab.shot("dpo-alert-closed")

    tab.go("/dataprotection/console/log/?user=de-officer")
    with tab.page.expect_download() as download:
        tab.page.locator("form.dp-export button[type=submit]").click()
    saved = tmp_path / "extract.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(io.BytesIO(saved.read_bytes())) as z:
        body = z.read(next(n for n in z.namelist() if n.endswith(".jsonl")))
        signature = z.read(next(n for n in z.namelist() if n.endswith(".sig")))
    assert signing.verify(signing.node_key().public, body, base64.b64decode(signature))
    assert not signing.verify(signing.node_key().public, body + b"\n", base64.b64decode(signature))
    assert b'"user":"de-officer"' in body

    phone = tab_factory(viewport=NARROW, locale="ar")
    sign_in(phone, net.users["FR-dpo"])
    phone.page.context.add_cookies([{"name": "django_language", "value": "ar", "url": phone.base_url}])
    phone.go(f"/dataprotection/console/history/person/{rec.pk}/")
    assert phone.page.evaluate("document.documentElement.dir") == "rtl"
    overflow = phone.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    phone.shot("dpo-history-phone-ar")
