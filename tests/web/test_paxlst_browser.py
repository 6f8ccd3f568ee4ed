"""A PAXLST message sent on the check page's passenger-list form in Chromium: its passengers
are read and checked, in English and Arabic, at desktop and phone width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils.translation import gettext, override

from polnet.screening import index as screening_index
from polnet.screening.models import ScreeningBatch
from tests.factories import Network, make_record
from tests.jobs.drive import run_jobs
from tests.web.pages import LANGUAGES, both_widths, speaks
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURE = Path(__file__).resolve().parents[1] / "screening" / "fixtures" / "paxlst_three_passengers.edi"


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_paxlst_message_is_uploaded_and_its_passengers_checked(
    net: Network, tab_factory: Any, language: str, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12: the first passenger
    tab = tab_factory(locale=LANGUAGES[language])
    sign_in(tab, net.users["DE-unit-full"])
    page = tab.page
    tab.go("/check/")
    speaks(tab, language, "Border check")
    form = page.locator("form.batch-form")
    form.locator("input[type=file]").set_input_files(str(FIXTURE))
    form.locator("select").last.select_option("border_management")
    form.locator("button[type=submit]").click()
    page.locator(".batch-status").wait_for()
    batch = ScreeningBatch.objects.get()
    run_jobs()
    counts = page.locator(".batch-counts")
    with override(language):
        done = gettext("%(done)s of %(total)s rows checked") % {"done": 3, "total": 3}
    js = "t => (document.querySelector('.batch-counts') || {}).innerText?.includes(t)"
    page.wait_for_function(js, arg=done, timeout=15_000)  # the list's area looks again by itself
    assert done in counts.inner_text()
    assert "IVANOV" in page.locator(f"#batch-{batch.pk}-hit-row-1").inner_text()
    both_widths(tab, f"paxlst-checked-{language}")
