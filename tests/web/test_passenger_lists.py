"""A passenger list's page in Chromium: the rows a check refused are counted and listed with
their reason, corrected on the page and checked again; the rows with hits are shown; and
the tables fit a phone screen, in a left-to-right and a right-to-left language."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.translation import gettext, override

from polnet.screening import index as screening_index
from polnet.screening.batches import runs as batches
from polnet.screening.models import ScreeningBatch
from tests.factories import Network, make_record
from tests.jobs.drive import run_jobs
from tests.web.conftest import NARROW
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


def _checked_list(net: Network, tmp_data: Any) -> tuple[ScreeningBatch, str]:
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    passport = str(make_record(net.actor("FR-officer"), "document").number)  # stolen
    rows = (
        "name,date_of_birth,nationality,document_number\n"
        "Anna Berg,1990-01-01,SE,\n"
        "Ivan Ivanov,1974-08-12,,\n"
        f"Carl Dahl,1990-13-45,,{passport}\n"
        "Eva Ek,1992-02-02,ZZZ,\n"
        "Olle Lind,1993-03-03,,\n"
    )
    batch = batches.start_batch(
        net.actor("DE-unit-full"),
        rows.encode(),
        "text/csv",
        location="Frankfurt",
        purpose="border_management",
    )
    run_jobs()
    return ScreeningBatch.objects.get(pk=batch.pk), passport


def _fits(tab: Any) -> None:
    """Nothing sticks out of the page sideways; a wide table scrolls inside its frame."""
    page = tab.page
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for frame in page.locator(".batch-rows .table-wrap").all():
        box = frame.bounding_box()
        assert box is not None and box["x"] >= -1 and box["x"] + box["width"] <= width + 1, box
        assert frame.evaluate("e => getComputedStyle(e).overflowX") == "auto"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_list_with_refused_rows_is_not_complete_until_they_are_corrected(
    net: Network, tab_factory: Any, language: str, settings: Any, tmp_path: Any
) -> None:
    settings.DATA_DIR = tmp_path
    batch, passport = _checked_list(net, tmp_path)
    tab = tab_factory(locale="ar" if language == "ar" else "en-GB")
    sign_in(tab, net.users["DE-unit-full"])
    page = tab.page

    tab.go(f"/check/batches/{batch.pk}/")

    assert page.locator("html").get_attribute("lang") == language
    with override(language):
        counts = page.locator(".batch-counts").inner_text()
        assert gettext("%(done)s of %(total)s rows checked") % {"done": 3, "total": 5} in counts
        state = page.locator(".batch-state").inner_text()
        assert state != gettext("Done")
        reason = gettext("This is not a known country code.")
    assert page.locator(".batch-incomplete").is_visible()
    refused = page.locator(f"#batch-{batch.pk}-rejected tbody tr")
    assert refused.count() == 2
    assert page.locator(f"#batch-{batch.pk}-row-4 .batch-row-reason").inner_text() == reason
    assert page.locator(f"#batch-{batch.pk}-hit-row-2").is_visible()  # Ivan Ivanov's hit
    _fits(tab)
    tab.shot(f"passenger-list-refused-{language}")
    tab.narrow()
    assert page.viewport_size == NARROW
    _fits(tab)
    tab.shot(f"passenger-list-refused-{language}-narrow")

    # The officer corrects row 3 on the phone; its passport is then checked and hits.
    page.locator(f"#correct-{batch.pk}-3 summary").click()
    page.fill("#row-3-date_of_birth", "1990-12-15")
    _fits(tab)
    page.locator(f"#correct-{batch.pk}-3 button[type=submit]").click()
    page.wait_for_url(f"**/check/batches/{batch.pk}/**")
    assert page.locator(f"#batch-{batch.pk}-row-3.batch-row-pending").is_visible()
    # Meanwhile the officer starts on row 4: what is typed survives the page looking again.
    page.locator(f"#correct-{batch.pk}-4 summary").click()
    page.fill("#row-4-nationality", "SE")
    run_jobs()
    # The page looks again by itself until the corrected row is checked.
    page.locator(f"#batch-{batch.pk}-hit-row-3").wait_for(timeout=15_000)
    assert page.locator(f"#batch-{batch.pk}-row-3").count() == 0
    assert page.input_value("#row-4-nationality") == "SE"
    with override(language):
        counts = page.locator(".batch-counts").inner_text()
        assert gettext("%(done)s of %(total)s rows checked") % {"done": 4, "total": 5} in counts
    assert passport in page.locator(f"#batch-{batch.pk}-hit-row-3").inner_text()
    _fits(tab)
    tab.shot(f"passenger-list-corrected-{language}-narrow")
