"""The bulk-sync pages in Chromium: an officer sends a small CSV batch with a bad row, reads
its report (rows applied, the bad row's row, field and problem), in English and Arabic, at
desktop and phone width."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils.translation import gettext, override, pgettext

from polnet.feeds.models import ImportBatch
from polnet.feeds.readers import FORMATS
from polnet.records.models import TravelDocument
from tests.factories import Network
from tests.jobs.drive import run_jobs
from tests.web.pages import LANGUAGES, both_widths, fits, speaks
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REVIEW = (date.today() + timedelta(days=365)).isoformat()
HEADER = "op,external_ref,number,kind,status,date_reported,purpose,review_date\n"


def _csv(tmp_path: Path) -> Path:
    rows = [
        f"upsert,N-1,X1000001,passport,stolen,2026-01-05,border_management,{REVIEW}",
        f"upsert,N-2,***,passport,stolen,2026-01-05,border_management,{REVIEW}",  # no letter or digit
        f"upsert,N-3,X1000003,passport,lost,2026-01-05,border_management,{REVIEW}",
    ]
    path = tmp_path / "passports.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_officer_sends_a_batch_and_reads_its_report(
    net: Network, tab_factory: Any, tmp_path: Path, language: str
) -> None:
    tab = tab_factory(locale=LANGUAGES[language])
    sign_in(tab, net.users["FR-officer"])
    page = tab.page
    tab.go("/records/")
    page.locator("a[href='/feeds/']").first.click()  # reached from the records' page
    page.wait_for_url("**/feeds/")
    speaks(tab, language, "Bulk sync")
    with override(language):
        assert gettext("No batch sent yet.") in page.locator("main").inner_text()
    both_widths(tab, f"feeds-empty-{language}")

    # At phone width, with no file chosen: the refusal is said at the form, which keeps focus.
    page.locator("#new-batch button[type=submit]").click()
    assert page.evaluate("document.activeElement.id") == "file"  # the browser asks for the file
    notes = tmp_path / "notes.txt"
    notes.write_text("not a batch\n")
    page.set_input_files("#file", str(notes))
    page.locator("#new-batch button[type=submit]").click()
    error = page.locator("#new-batch-error")
    error.wait_for()
    with override(language):
        accepted = ", ".join(sorted(FORMATS))
        refused = gettext("This file format is not accepted (%(formats)s).") % {"formats": accepted}
    assert error.inner_text() == refused and error.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.id") == "new-batch-error"
    assert not ImportBatch.objects.exists()
    fits(tab)
    tab.shot(f"feeds-refused-{language}")
    page.set_input_files("#file", str(_csv(tmp_path)))
    page.select_option("#kind", "document")
    page.check("input[name=apply_valid_only]")
    page.locator("#new-batch button[type=submit]").click()
    page.wait_for_url("**/feeds/*/")
    batch = ImportBatch.objects.get()
    assert page.url.endswith(f"/feeds/{batch.pk}/")
    with override(language):
        assert pgettext("import batch", "Queued") in page.locator("#batch-status").inner_text()
    fits(tab)

    run_jobs()
    # The page looks again by itself until the batch is finished.
    page.locator("#batch-errors").wait_for(timeout=15_000)
    with override(language):
        assert page.locator("#batch-status").inner_text() == pgettext("import batch", "Done")
        report = page.locator("#batch-report").inner_text()
        assert gettext("Records created") in report and gettext("Invalid rows") in report
        problem = gettext("The document number has no letters or digits.")
    assert page.locator("#batch-created").inner_text() == "2"
    assert page.locator("#batch-invalid").inner_text() == "1"
    cells = page.locator("#batch-errors tbody tr").first.locator("td").all_inner_texts()
    assert cells[:3] == ["2", "N-2", "number"] and problem in cells[3], cells
    assert set(TravelDocument.objects.values_list("external_ref", flat=True)) == {"N-1", "N-3"}
    tab.shot(f"feeds-report-{language}-narrow")
    tab.page.set_viewport_size({"width": 1280, "height": 860})
    fits(tab)
    tab.shot(f"feeds-report-{language}")

    # The list shows the batch with its counts.
    tab.go("/feeds/")
    row = page.locator(f"#batch-{batch.pk}")
    assert row.locator("td").all_inner_texts()[3:6] == ["3", "2", "1"]
    both_widths(tab, f"feeds-list-{language}")
