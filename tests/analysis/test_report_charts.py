"""A chart of the trends in a report: counted for the analyst who adds it, stored with its
period and filters, added from the trends page, the editor and the API, printed in the PDF."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from pypdf import PdfReader

from polnet.analysis import services as analysis
from polnet.analysis.reports import services as reports
from polnet.analysis.reports.charts_in_reports import add_trend_chart
from polnet.analysis.reports.models import Report
from polnet.analysis.trends.filters import make_filters
from polnet.core.errors import Conflict, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.network.services import issue_token
from tests.analysis.conftest import open_fr_project
from tests.analysis.trend_fixtures import SINCE, UNTIL, known_hits
from tests.factories import Network, signed_in_client
from tests.notices.helpers import published

pytestmark = pytest.mark.django_db
PERIOD = make_filters(since=SINCE, until=UNTIL)
API = "/api/analysis/reports"


def _draft(net: Network, who: str = "FR-analyst") -> Report:
    project = open_fr_project(net)
    return reports.create_report(net.actor(who), project.pk, title="Quarterly picture")


def _total(data: dict[str, object], column: str) -> int:
    spec = data["spec"]
    assert isinstance(spec, dict)
    return sum(int(v[column]) for v in spec["data"]["values"])


def test_the_chart_holds_only_the_hits_the_analyst_may_see(net: Network) -> None:
    known_hits(net)  # four hits; FR's analyst sees three (not ES's own one)
    report = _draft(net)
    section = add_trend_chart(net.actor("FR-analyst"), report.pk, "hits", PERIOD)
    assert section.kind == "chart" and section.title == "Hits per week, by kind (2025-12-01 to 2026-01-31)"
    assert _total(section.data, "hits") == 3
    assert sum(row[-1] for row in section.data["table"]["rows"]) == 3
    assert section.data["table"]["columns"] == ["ISO week", "From", "Kind", "Hits"]
    assert section.data["trend"]["series"] == "hits"
    assert section.data["trend"]["filters"] == PERIOD.as_dict()
    assert section.body.startswith("Hits per week, by kind, from 2025-12-01 to 2026-01-31.")
    assert "from what the bureau of FR may see" in section.body
    # The secretariat counts every hit, in a project of its own: four.
    gs = net.actor("gs-analyst")
    project = open_fr_project(net)  # FR opens; the secretariat is invited
    analysis.invite(net.actor("FR-analyst"), project.pk, "secretariat")
    theirs = reports.create_report(gs, project.pk, title="Network view")
    assert _total(add_trend_chart(gs, theirs.pk, "hits", PERIOD).data, "hits") == 4
    # Audited inside the project, with the series and the filters.
    entry = AuditEntry.objects.filter(purpose=report.project.audit_purpose, detail__trend="hits").get()
    assert entry.detail["filters"]["since"] == "2025-12-01" and entry.detail["rows"] == 2


def test_a_restricted_notice_is_not_counted_in_the_chart(net: Network) -> None:
    published(net, restriction="only_listed", listed_countries=["IT"])
    published(net)
    report = _draft(net)
    today = timezone.localdate()
    week = make_filters(since=today - timedelta(days=7), until=today)
    de = add_trend_chart(net.actor("DE-analyst"), report.pk, "notices", week)
    fr = add_trend_chart(net.actor("FR-analyst"), report.pk, "notices", week)
    assert (_total(de.data, "notices"), _total(fr.data, "notices")) == (1, 2)


def test_the_default_title_is_in_the_analysts_language(net: Network) -> None:
    report = _draft(net)
    with translation.override("fr"):
        section = add_trend_chart(net.actor("FR-analyst"), report.pk, "checks", PERIOD)
    assert section.title.startswith("Contrôles par semaine")
    assert section.data["spec"]["title"]["text"] == "Contrôles par semaine"


def test_refusals_leave_the_report_unchanged(net: Network) -> None:
    report = _draft(net)
    with pytest.raises(NotFound):  # not a participant
        add_trend_chart(net.actor("ES-analyst"), report.pk, "hits", PERIOD)
    with pytest.raises(InvalidInput):
        add_trend_chart(net.actor("FR-analyst"), report.pk, "poems", PERIOD)
    reports.add_section(net.actor("FR-analyst"), report.pk, kind="text", body="Findings.")
    reports.issue_report(net.actor("FR-analyst"), report.pk, restriction="all")
    with pytest.raises(Conflict):
        add_trend_chart(net.actor("DE-analyst"), report.pk, "hits", PERIOD)
    assert list(report.sections.values_list("kind", flat=True)) == ["text"]


def test_add_from_the_trends_page_and_from_the_editor(net: Network) -> None:
    known_hits(net)
    report = _draft(net)
    c = signed_in_client(net.users["FR-analyst"])
    page = c.get(f"/analysis/trends/?since={SINCE}&until={UNTIL}&kind=person")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="add-hits-to-report"' in html and 'action="/analysis/reports/add-chart/"' in html
    assert '<optgroup label="Smuggling ring">' in html and f'<option value="{report.pk}">' in html
    assert 'name="kind" value="person"' in html  # the page's filters go with the form
    sent = {"report": report.pk, "series": "hits", "since": SINCE, "until": UNTIL, "kind": "person"}
    r = c.post("/analysis/reports/add-chart/", sent)
    section = report.sections.get()
    editor = f"/analysis/projects/{report.project_id}/reports/{report.pk}/"
    assert r.status_code == 302 and r["Location"] == f"{editor}#section-{section.pk}"
    assert section.data["trend"]["filters"]["kind"] == "person"
    assert _total(section.data, "hits") == 2  # person hits only
    page = c.get(editor)
    html = page.content.decode()
    assert "was added to the report" in html  # the message
    assert 'id="add-trend-chart"' in html and 'id="add-chart-json"' in html
    assert f'id="section-{section.pk}" data-kind="chart"' in html
    # The editor's chart form: a trend and its period.
    r = c.post(editor + "sections/chart/", {"series": "answers", "since": SINCE, "until": UNTIL})
    assert r.status_code == 302 and report.sections.count() == 2
    r = c.post(editor + "sections/chart/", {"series": "hits", "since": UNTIL, "until": SINCE})
    assert r.status_code == 422 and b"The start of the period comes after its end." in r.content
    r = c.post(editor + "sections/chart/", {"series": "hits", "country": "ZZ"})
    assert r.status_code == 422 and b"Not a country code." in r.content
    assert report.sections.count() == 2


def test_the_pages_refuse_a_report_the_analyst_cannot_write(net: Network) -> None:
    report = _draft(net)
    es = signed_in_client(net.users["ES-analyst"])
    assert f'value="{report.pk}"' not in es.get("/analysis/trends/").content.decode()
    r = es.post("/analysis/reports/add-chart/", {"report": report.pk, "series": "hits"})
    assert r.status_code == 404
    fr = signed_in_client(net.users["FR-analyst"])
    r = fr.post("/analysis/reports/add-chart/", {"report": report.pk, "series": "hits", "since": "x"})
    assert r.status_code == 422
    officer = signed_in_client(net.users["FR-officer"])
    r = officer.post("/analysis/reports/add-chart/", {"report": report.pk, "series": "hits"})
    assert r.status_code in (403, 404)
    reports.add_section(net.actor("FR-analyst"), report.pk, kind="text", body="Findings.")
    reports.issue_report(net.actor("FR-analyst"), report.pk, restriction="all")
    r = fr.post("/analysis/reports/add-chart/", {"report": report.pk, "series": "hits"})
    assert r.status_code == 409
    assert report.sections.count() == 1


def test_the_api_adds_a_chart_and_refuses_with_4xx(net: Network) -> None:
    known_hits(net)
    report = _draft(net)
    c = Client()

    def post(who: str, body: object, scopes: tuple[str, ...] = ("analysis",), rid: int = report.pk):  # type: ignore[no-untyped-def]
        admin = net.actor(f"{who.split('-')[0]}-admin")
        _, secret = issue_token(admin, net.users[who], name="t", scopes=list(scopes))
        return c.post(
            f"{API}/{rid}/sections/chart",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )

    filters = {"since": str(SINCE), "until": str(UNTIL)}
    r = post("FR-analyst", {"series": "hits", "filters": filters, "title": "Hits this winter"})
    assert r.status_code == 201, r.content
    chart = r.json()["sections"][0]
    assert chart["title"] == "Hits this winter" and chart["trend"]["filters"]["until"] == str(UNTIL)
    assert sum(v["hits"] for v in chart["spec"]["data"]["values"]) == 3
    assert post("ES-analyst", {"series": "hits"}).status_code == 404
    assert post("FR-analyst", {"series": "hits"}, rid=999_999).status_code == 404
    assert post("FR-analyst", {"series": "poems"}).json()["code"] == "report_chart_series"
    bad = post("FR-analyst", {"series": "hits", "filters": {"since": "2026-02-01", "until": "2026-01-01"}})
    assert bad.status_code == 422 and bad.json()["code"] == "trends_period_reversed"
    assert post("FR-analyst", {"filters": filters}).status_code == 422
    assert post("FR-analyst", {"series": "hits"}, scopes=("records:read",)).status_code == 403
    assert post("FR-officer", {"series": "hits"}).status_code == 403
    reports.issue_report(net.actor("FR-analyst"), report.pk, restriction="all")
    assert post("FR-analyst", {"series": "hits"}).status_code == 409
    assert report.sections.count() == 1


def test_the_pdf_of_a_report_with_a_chart_names_the_chart(net: Network) -> None:
    known_hits(net)
    report = _draft(net)
    add_trend_chart(net.actor("FR-analyst"), report.pk, "hits", PERIOD)
    _, pdf = reports.report_pdf(net.actor("DE-analyst"), report.pk)
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Hits per week, by kind (2025-12-01 to 2026-01-31)" in " ".join(text.split())
    assert "from 2025-12-01 to 2026-01-31" in " ".join(text.split())
    assert any(page.images for page in PdfReader(io.BytesIO(pdf)).pages)  # the chart drawn
