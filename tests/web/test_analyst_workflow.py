"""An analyst's whole case in a real browser, through every tab of a project.

France, Germany and Italy record a ring. Germany's "Iwan Iwanow" (born in August 1974, day
unknown) is France's "Ivan Ivanov" (born 12 August 1974): both wrote down the same passport
number, a passport Germany records as held by its man. Italy's Marco Rossi shares a phone
with the French record, and Italy keeps Carlo Bianchi, who used the same passport, to
Germany only. France's officers check Marco Rossi twice at the airport.

France's analyst opens a project with Germany and Italy, contributes its person, explores
the graph two links out (the passport and its other holder appear with the reasons of their
links; Bianchi does not), runs entity resolution and confirms the cross-border pair (the
graph then shows them as one person), writes a report with a chart from the trends page and
the graph view, and downloads it as PDF. Then the same pages in Arabic at phone width.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from pypdf import PdfReader

from polnet.analysis.models import AnalystLink, Contribution, Project
from polnet.analysis.reports.models import Report, ReportSection
from polnet.analysis.resolution.models import CandidatePair
from polnet.records import services as records
from polnet.records.models import Person, TravelDocument
from polnet.screening import index as screening_index
from polnet.screening.models import Hit
from polnet.screening.services import person_query, screen_person
from tests.analysis.conftest import review
from tests.factories import Network, access
from tests.web.conftest import NARROW
from tests.web.test_browser import _fits, _overflow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSPORT = "YA4417203"
PROJECT = "Iron Gate: a ring across three bureaus"
REPORT = "Iron Gate: first assessment"


@pytest.fixture
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The live server shares this process's screening index: new for the test's records."""
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


@dataclass
class Ring:
    ivanov_fr: Person
    iwanow_de: Person
    rossi_it: Person
    bianchi_it: Person
    passport_de: TravelDocument

    def key(self, name: str) -> str:
        obj = getattr(self, name)
        return f"{obj.RECORD_KIND}:{obj.pk}"


def _person(
    net: Network,
    owner: str,
    given: str,
    family: str,
    dob: str,
    identifiers: list[tuple[str, str]],
    **shared: Any,
) -> Person:
    data = {
        "names": [{"given": given, "family": family, "script": "Latn"}],
        "date_of_birth": dob,
        "sex": "M",
        "nationalities": ["RU"] if family.startswith("I") else ["IT"],
        "identifiers": [{"kind": k, "value": v, "country": owner} for k, v in identifiers],
        **access(**shared),
    }
    return records.create_record(net.actor(f"{owner}-officer"), "person", data)


def _ring(net: Network) -> Ring:
    """The ring, recorded by each bureau's officers, and France's checks: real services only."""
    ivanov = _person(
        net,
        "FR",
        "Ivan",
        "Ivanov",
        "1974-08-12",
        [("passport", PASSPORT), ("mobile phone", "+39 347 555 0142")],
    )
    iwanow = _person(net, "DE", "Iwan", "Iwanow", "1974-08", [("passport", PASSPORT)])
    rossi = _person(net, "IT", "Marco", "Rossi", "1978-03-14", [("phone", "+393475550142")])
    bianchi = _person(
        net,
        "IT",
        "Carlo",
        "Bianchi",
        "1969-02-11",
        [("passport", PASSPORT)],
        restriction="only_listed",
        listed=["DE"],
    )
    passport = records.create_record(
        net.actor("DE-officer"),
        "document",
        {
            "number": PASSPORT,
            "kind": "passport",
            "issuing_country": "DE",
            "status": "stolen_blank",
            "date_reported": date.today() - timedelta(days=90),
            "holder_id": iwanow.pk,
            **access(),
        },
    )
    screening_index.current().refresh(force=True)
    airport = net.actor("FR-unit-full")
    for _n in range(2):
        screen_person(
            airport,
            person_query(given="Marco", family="Rossi", date_of_birth="1978-03-14"),
            location="Lyon",
            purpose="identification",
        )
    assert Hit.objects.filter(screening_country_id="FR", record_id=rossi.pk).count() == 2
    return Ring(ivanov, iwanow, rossi, bianchi, passport)


def _graph_data(page: Any) -> dict[str, Any]:
    return dict(json.loads(page.locator("#graph-data").text_content()))


def _explore(tab: Any, start: str) -> None:
    page = tab.page
    page.fill("#id_start", start)
    page.select_option("#id_hops", "2")
    page.locator("#explore-form button[type=submit]").click()
    page.wait_for_selector("#graph-canvas canvas")


def _tab(tab: Any, name: str) -> None:
    """Move to another part of the project by its tab."""
    tab.page.locator("nav.project-tabs").get_by_role("link", name=name, exact=True).click()
    tab.page.wait_for_selector(f"nav.project-tabs a[aria-current='page']:text-is('{name}')")


def test_an_analyst_works_a_case_from_project_to_pdf(
    net: Network, tab_factory: Any, fresh_index: None
) -> None:
    ring = _ring(net)
    tab = tab_factory()
    page = tab.page
    sign_in(tab, net.users["FR-analyst"])

    # A project, opened from the analysis page, with Germany and Italy invited.
    page.locator("nav a[href='/analysis/']").first.click()
    page.wait_for_url("**/analysis/")
    page.fill("#id_name", PROJECT)
    page.select_option("#id_crime_area", "people_smuggling")
    page.select_option("#id_handling_code", "H2")
    page.fill("#id_review_date", review().isoformat())
    page.fill("#id_participants", "DE, IT")
    tab.shot("workflow-01-open-project")
    page.locator("form.project-form button[type=submit]").click()
    page.wait_for_url("**/analysis/projects/*/")
    project = Project.objects.get(name=PROJECT)
    assert set(project.participations.values_list("country_id", flat=True)) == {"FR", "DE", "IT"}

    # France contributes its person.
    page.select_option("#id_object-kind", "person")
    page.fill("#id_object-object_id", str(ring.ivanov_fr.pk))
    page.fill("#id_object-note", "Used a passport Germany reports stolen.")
    page.locator("form.object-form button[type=submit]").click()
    page.wait_for_url(f"**/analysis/projects/{project.pk}/#contributions")
    assert "Ivan Ivanov" in page.locator("li.contribution").first.inner_text()
    assert Contribution.objects.filter(project=project, kind="person", object_id=ring.ivanov_fr.pk).exists()
    tab.shot("workflow-02-contributed")

    # The graph, two links out from the person: the passport and its other holder, with the
    # reasons of the links; the person kept from France does not appear, nor is it counted.
    _tab(tab, "Link graph")
    _explore(tab, ring.key("ivanov_fr"))
    data = _graph_data(page)
    shown = {n["key"] for n in data["nodes"]}
    identifier = f"identifier:document:{PASSPORT}"
    assert {ring.key("passport_de"), ring.key("iwanow_de"), identifier, ring.key("rossi_it")} <= shown
    assert ring.key("bianchi_it") not in shown
    reasons = {(e["source"], e["target"]): e["label"] for e in data["edges"]}
    assert reasons[(ring.key("passport_de"), ring.key("iwanow_de"))] == "Holder of the document"
    assert reasons[(ring.key("ivanov_fr"), identifier)] == "Holds the identifier"
    panel = page.locator("#graph-list").inner_text()
    assert "Holder of the document: Iwan Iwanow" in panel and "Bianchi" not in panel
    held = next(n for n in data["nodes"] if n["key"] == identifier)
    assert (held["degree"], held["more"]) == (3, 0)  # a hidden holder is not counted either
    assert "Bianchi" not in page.content()
    tab.shot("workflow-03-graph")

    # Entity resolution; the cross-border pair is confirmed as one man.
    _tab(tab, "Same person across bureaus")
    page.get_by_role("button", name="Look for duplicates").click()
    page.wait_for_selector("ol.pairs article.pair")
    ends = {ring.key("ivanov_fr"), ring.key("iwanow_de")}
    pair = next(p for p in CandidatePair.objects.filter(run__project=project) if {p.left, p.right} == ends)
    assert pair.probability >= 0.8
    card = page.locator(f"#pair-{pair.pk}")
    assert "Ivan Ivanov" in card.inner_text() and "Iwan Iwanow" in card.inner_text()
    assert "Bianchi" not in page.locator("ol.pairs").inner_text()
    tab.shot("workflow-04-duplicates")
    card.get_by_role("button", name="Same person", exact=True).click()
    page.locator(f"#pair-{pair.pk} form").wait_for(state="detached")
    assert AnalystLink.objects.filter(project=project, reason="same_person").count() == 1
    tab.shot("workflow-05-confirmed")

    _tab(tab, "Link graph")
    _explore(tab, ring.key("ivanov_fr"))
    same = [e for e in _graph_data(page)["edges"] if e["reason"] == "same_person"]
    assert len(same) == 1 and {same[0]["source"], same[0]["target"]} == ends
    assert same[0]["label"] == "Confirmed as the same person"
    assert "Confirmed as the same person: Iwan Iwanow" in page.locator("#graph-list").inner_text()
    tab.shot("workflow-06-graph-same-person")

    # A report, a chart from the trends page, and the graph view.
    _tab(tab, "Reports")
    page.fill("#new-report #id_title", REPORT)
    page.locator("#new-report button[type=submit]").click()
    page.wait_for_url("**/reports/*/")
    report = Report.objects.get(project=project, title=REPORT)
    assert report.handling_code == "H2"  # the project's, offered by the form

    tab.go("/analysis/trends/")
    page.wait_for_selector("#trend-hits .chart svg")
    adder = page.locator("#add-hits-to-report")
    adder.locator("summary").click()
    adder.locator("select[name=report]").select_option(str(report.pk))
    tab.shot("workflow-07-trends-add-chart")
    adder.get_by_role("button", name="Add the chart").click()
    page.wait_for_url(f"**/reports/{report.pk}/#section-*")
    chart = ReportSection.objects.get(report=report, kind="chart")
    assert sum(row[-1] for row in chart.data["table"]["rows"]) == 2  # France's two hits

    _tab(tab, "Link graph")
    _explore(tab, ring.key("ivanov_fr"))
    on_screen = set(page.locator("#graph-list > li").evaluate_all("els => els.map(e => e.dataset.key)"))
    form = page.locator("#graph-to-report")
    form.locator("select[name=report]").select_option(str(report.pk))
    tab.shot("workflow-08-graph-to-report")
    form.get_by_role("button", name="Add the view").click()
    page.wait_for_url(f"**/reports/{report.pk}/#section-*")
    graph = ReportSection.objects.get(report=report, kind="graph")
    assert {n["key"] for n in graph.data["nodes"]} == on_screen
    assert ring.key("bianchi_it") not in on_screen
    assert any(e["reason"] == "same_person" for e in graph.data["edges"])
    assert page.locator("#report-view .report-section[data-kind='graph']").count() == 1
    tab.shot("workflow-09-report")

    # The PDF, as downloaded.
    with page.expect_download() as download:
        page.locator("#download-pdf").click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(path, "rb") as f:
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(f.read())).pages)
    assert REPORT in text
    assert "Handling code H2" in text
    assert " ".join(chart.title.split()) in text
    assert "Bianchi" not in text

    # The same pages in Arabic, at phone width: right to left, nothing wider than the screen.
    arabic = tab_factory(viewport=NARROW, locale="ar")
    sign_in(arabic, net.users["FR-analyst"])
    arabic.page.context.add_cookies([{"name": "django_language", "value": "ar", "url": arabic.base_url}])
    base = f"/analysis/projects/{project.pk}/"
    pages = {
        "project": base,
        "graph": f"{base}graph/?start={ring.key('ivanov_fr')}&hops=2",
        "duplicates": f"{base}duplicates/",
        "report": f"{base}reports/{report.pk}/",
    }
    for name, url in pages.items():
        arabic.go(url)
        if name == "graph":
            arabic.page.wait_for_selector("#graph-canvas canvas")
        assert arabic.page.evaluate("document.documentElement.dir") == "rtl"
        assert arabic.page.locator("nav.project-tabs a[aria-current='page']").count() == 1
        assert _fits(arabic), (name, _overflow(arabic))
        arabic.shot(f"workflow-ar-phone-{name}")
