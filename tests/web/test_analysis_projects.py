"""In headless Chromium, at phone width, in English and Arabic: an analyst opens a project
from the analysis page and adds a graded text contribution to it."""

from __future__ import annotations

from typing import Any

import pytest

from polnet.analysis.models import Contribution, Project
from tests.analysis.conftest import review
from tests.factories import Network
from tests.web.conftest import NARROW
from tests.web.test_browser import _fits, _overflow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_analyst_opens_a_project_and_contributes_on_a_phone(
    net: Network,
    tab_factory: Any,
    language: str,
) -> None:
    tab = tab_factory(viewport=NARROW, locale="ar" if language == "ar" else "en-GB")
    sign_in(tab, net.users["FR-analyst"])
    assert tab.page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    tab.page.locator("nav a[href='/analysis/']").first.click()
    tab.page.wait_for_url("**/analysis/")
    tab.page.fill("#id_name", "Ring across the Alps")
    tab.page.select_option("#id_crime_area", "people_smuggling")
    tab.page.fill("#id_review_date", review().isoformat())
    tab.page.fill("#id_participants", "DE, IT")
    assert _fits(tab), _overflow(tab)
    tab.page.locator("form.project-form button[type=submit]").click()
    tab.page.wait_for_url("**/analysis/projects/*/")
    project = Project.objects.get(name="Ring across the Alps")

    tab.page.fill("#id_text-text", "A lorry crosses at night with a false floor.")
    tab.page.select_option("#id_text-source_reliability", "A")
    tab.page.select_option("#id_text-handling_code", "H2")
    tab.page.check("input[name='text-restriction'][value='only_listed']")
    tab.page.check("input[name='text-listed_countries'][value='DE']")
    tab.page.locator("form.text-form button[type=submit]").click()
    tab.page.wait_for_url(f"**/analysis/projects/{project.pk}/#contributions")
    item = tab.page.locator("li.contribution.kind-text")
    assert "A lorry crosses at night" in item.inner_text()
    assert item.locator("strong.code").first.inner_text() == "A2"
    assert _fits(tab), _overflow(tab)
    tab.shot(f"analysis-project-{language}-narrow")
    c = Contribution.objects.get(project=project)
    assert (c.source_reliability, c.handling_code, c.restriction) == ("A", "H2", "only_listed")
    assert list(c.listed_countries.values_list("code", flat=True)) == ["DE"]
