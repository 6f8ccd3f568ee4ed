"""A view of the graph page into a draft report: only keys travel; the server rebuilds the
entities the analyst may see and the links between them, with their reasons."""

from __future__ import annotations

import pytest

from polnet.analysis import services as projects
from polnet.analysis.reports import services as reports
from polnet.analysis.reports.models import Report, ReportSection
from polnet.core.models import AuditEntry
from tests.analysis.graph_helpers import Scene, scene
from tests.factories import Network, signed_in_client

pytestmark = pytest.mark.django_db

PHONE = "identifier:phone:+33612345678"


@pytest.fixture
def s(net: Network) -> Scene:
    return scene(net)


def _draft(net: Network, s: Scene, title: str = "Assessment") -> Report:
    return reports.create_report(net.actor("FR-analyst"), s.project.pk, title=title, handling_code="H1")


def _url(s: Scene) -> str:
    return f"/analysis/projects/{s.project.pk}/graph/to-report/"


def test_the_page_offers_the_drafts_of_the_project_when_a_graph_is_shown(net: Network, s: Scene) -> None:
    client = signed_in_client(net.users["FR-analyst"])
    page = f"/analysis/projects/{s.project.pk}/graph/"
    assert 'id="graph-to-report"' not in client.get(page, {"start": s.key("p1")}).content.decode()
    report = _draft(net, s)
    html = client.get(page, {"start": s.key("p1"), "hops": 1}).content.decode()
    assert 'id="graph-to-report"' in html and f'<option value="{report.pk}">Assessment</option>' in html
    assert f'value="{s.key("p1")} ' in html or f' {s.key("p1")}"' in html  # the keys shown, hidden
    assert 'id="graph-to-report"' not in client.get(page).content.decode()  # no graph, no form


def test_a_hidden_key_posted_by_hand_is_left_out_and_links_come_from_the_server(
    net: Network, s: Scene
) -> None:
    report = _draft(net, s)
    client = signed_in_client(net.users["FR-analyst"])
    keys = [s.key("p1"), s.key("d1"), s.key("p2"), PHONE, s.key("p3"), s.key("n_hidden"), s.key("h_it")]
    r = client.post(_url(s), {"report": report.pk, "nodes": " ".join(keys), "title": ""})
    section = ReportSection.objects.get(report=report)
    assert r.status_code == 302
    assert r["Location"] == f"/analysis/projects/{s.project.pk}/reports/{report.pk}/#section-{section.pk}"
    data = section.data
    shown = {n["key"] for n in data["nodes"]}
    assert shown == {s.key("p1"), s.key("d1"), s.key("p2"), PHONE}  # Carlo, IT's draft and hit: out
    assert {n["label"] for n in data["nodes"]} >= {"Anton Testova", "Berta Testova"}
    edges = {(e["source"], e["target"], e["reason"]): e["label"] for e in data["edges"]}
    assert all(a in shown and b in shown for a, b, _r in edges)
    holder = next(label for (a, b, reason), label in edges.items() if reason == "holder")
    assert holder == "Holder of the document"
    same = [k for k in edges if k[2] == "same_person"]
    assert same and {same[0][0], same[0][1]} == {s.key("p1"), s.key("p2")}
    assert sum(1 for k in edges if k[2] == "identifier") == 2  # both visible holders of the phone
    assert section.kind == "graph" and section.title.startswith("Link graph (")
    logged = AuditEntry.objects.get(
        object_type="analysis_report", object_id=str(report.pk), detail__act="add"
    )
    assert logged.purpose == s.project.audit_purpose
    assert logged.detail["left_out"] == 3 and logged.detail["asked"] == 7
    assert s.key("p3") not in logged.detail["keys"]
    page = client.get(r["Location"]).content.decode()
    assert "Carlo" not in page and "Holder of the document" in page


def test_refusals(net: Network, s: Scene) -> None:
    report = _draft(net, s)
    client = signed_in_client(net.users["FR-analyst"])
    hidden_only = client.post(_url(s), {"report": report.pk, "nodes": s.key("p3")})
    assert hidden_only.status_code == 422
    assert client.post(_url(s), {"report": report.pk, "nodes": "person:abc"}).status_code == 422
    assert client.post(_url(s), {"report": report.pk, "nodes": ""}).status_code == 422
    other = projects.open_project(
        net.actor("FR-analyst"),
        name="Another case",
        purpose="threat_analysis",
        crime_area="drugs",
        review_date=s.project.review_date,
        participants=[],
    )
    elsewhere = reports.create_report(net.actor("FR-analyst"), other.pk, title="Elsewhere")
    assert client.post(_url(s), {"report": elsewhere.pk, "nodes": s.key("p1")}).status_code == 404
    outsider = signed_in_client(net.users["IT-analyst"])
    assert outsider.post(_url(s), {"report": report.pk, "nodes": s.key("p1")}).status_code == 404
    assert not ReportSection.objects.exists()
