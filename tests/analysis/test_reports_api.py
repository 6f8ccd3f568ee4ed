"""The reports API, the pages and the command line: the same services, the same refusals."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.test import Client
from pypdf import PdfReader
from typer.testing import CliRunner

from polnet.analysis.reports.cli import app as reports_cli
from polnet.analysis.services import open_project
from polnet.network.services import issue_token
from tests.analysis.reports_helpers import CHART_SPEC, CHART_TABLE, build_case
from tests.factories import Network, make_record, signed_in_client

API = "/api/analysis/reports"


def _post(client: Client, url: str, body: object, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_write_issue_and_read_through_the_api(net: Network) -> None:
    from datetime import date, timedelta

    fr = net.actor("FR-officer")
    person = make_record(fr, "person")
    hidden = make_record(fr, "person", restriction="only_listed", listed=["DE"])
    project = open_project(
        net.actor("FR-analyst"),
        name="P",
        purpose="investigation",
        crime_area="drugs",
        review_date=date.today() + timedelta(days=100),
        participants=["DE"],
    )
    _, secret = issue_token(net.actor("FR-admin"), net.users["FR-analyst"], name="t", scopes=["analysis"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    c = Client()
    r = _post(c, f"{API}/projects/{project.pk}/", {"title": "T", "handling_code": "H3"}, **auth)
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    keys = [f"person:{person.pk}", f"person:{hidden.pk}"]
    r = _post(c, f"{API}/{rid}/sections", {"kind": "entities", "data": {"keys": keys}}, **auth)
    assert r.status_code == 201, r.content
    r = _post(
        c,
        f"{API}/{rid}/sections",
        {"kind": "chart", "data": {"spec": CHART_SPEC, "table": CHART_TABLE}},
        **auth,
    )
    assert r.status_code == 201
    sections = r.json()["sections"]
    assert [s["kind"] for s in sections] == ["entities", "chart"]
    r = _post(c, f"{API}/{rid}/sections/{sections[1]['id']}/move", {"position": 1}, **auth)
    assert [s["kind"] for s in r.json()["sections"]] == ["chart", "entities"]
    # 4xx, never a partial write.
    assert _post(c, f"{API}/{rid}/sections", {"kind": "poem"}, **auth).status_code == 422
    assert (
        _post(
            c, f"{API}/{rid}/sections", {"kind": "entities", "data": {"keys": ["person:x"]}}, **auth
        ).status_code
        == 422
    )
    assert _post(c, f"{API}/{rid}/sections", "not an object", **auth).status_code in (400, 422)
    assert _post(c, f"{API}/{rid}/issue", {"restriction": "only_listed"}, **auth).status_code == 422
    assert c.delete(f"{API}/{rid}/sections/999999", **auth).status_code == 404
    assert c.get(f"{API}/999999", **auth).status_code == 404
    r = _post(c, f"{API}/{rid}/issue", {"restriction": "only_listed", "listed_countries": ["IT"]}, **auth)
    assert r.status_code == 200 and r.json()["state"] == "issued"
    assert _post(c, f"{API}/{rid}/sections", {"kind": "text", "body": "x"}, **auth).status_code == 409
    # Italy's officer reads it under /received/ with records:read, without the hidden person.
    _, it = issue_token(net.actor("IT-admin"), net.users["IT-officer"], name="t", scopes=["records:read"])
    it_auth = {"HTTP_AUTHORIZATION": f"Bearer {it}"}
    assert [x["id"] for x in c.get(f"{API}/received/", **it_auth).json()] == [rid]
    body = c.get(f"{API}/received/{rid}", **it_auth).json()
    assert [e["key"] for e in body["sections"][1]["entities"]] == [f"person:{person.pk}"]
    assert body["withheld"] == 1 and body["restriction"] is None
    assert c.get(f"{API}/{rid}", **it_auth).status_code == 403  # the analysis door needs its scope
    pdf = c.get(f"{API}/received/{rid}/pdf", **it_auth)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert f"person:{hidden.pk}" not in text and "Handling code H3" in text
    ftm = c.get(f"{API}/received/{rid}/ftm", **it_auth)
    assert ftm.status_code == 200 and len(ftm.content.splitlines()) >= 3
    # Spain is not listed: not found, as for a report that does not exist.
    _, es = issue_token(net.actor("ES-admin"), net.users["ES-officer"], name="t", scopes=["records:read"])
    es_auth = {"HTTP_AUTHORIZATION": f"Bearer {es}"}
    assert c.get(f"{API}/received/{rid}", **es_auth).status_code == 404
    assert c.get(f"{API}/received/{rid}/pdf", **es_auth).status_code == 404
    assert c.get(f"{API}/received/", **es_auth).json() == []


def test_pages_edit_issue_and_read(net: Network) -> None:
    case = build_case(net)
    rid, pid = case.report.pk, case.project_id
    c = signed_in_client(net.users["FR-analyst"])
    page = c.get(f"/analysis/projects/{pid}/reports/")
    assert page.status_code == 200 and b'id="report-list"' in page.content
    editor = f"/analysis/projects/{pid}/reports/{rid}/"
    page = c.get(editor)
    assert page.status_code == 200
    assert page.content.count(b'class="report-section"') == 5 and b'id="issue-report"' in page.content
    r = c.post(editor + "sections/", {"kind": "text", "title": "Conclusion", "body": "Done."})
    assert r.status_code == 302
    r = c.post(editor + "sections/", {"kind": "entities", "keys": "person:abc"})
    assert r.status_code == 422 and b"Not an entity key" in r.content
    r = c.post(editor + "sections/", {"kind": "table", "content": "{not json"})
    assert r.status_code == 422
    chart = case.report.sections.get(kind="chart")
    png = c.get(f"{editor}sections/{chart.pk}/chart.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    r = c.post(editor + "issue/", {"restriction": "only_listed", "listed_countries": ""})
    assert r.status_code == 422
    r = c.post(editor + "issue/", {"restriction": "all_except", "listed_countries": "es"})
    assert r.status_code == 302
    assert c.get(editor + "pdf/")["Content-Type"] == "application/pdf"
    # Italy's officer: the received list, the page without the vehicle; Spain: nothing.
    it = signed_in_client(net.users["IT-officer"])
    listing = it.get("/analysis/reports/received/")
    assert listing.status_code == 200 and f'data-id="{rid}"'.encode() in listing.content
    page = it.get(f"/analysis/reports/received/{rid}/")
    assert page.status_code == 200
    assert f"vehicle:{case.only_de.pk}".encode() not in page.content and b"Motor Coach" not in page.content
    assert b'class="withheld"' in page.content
    assert it.get(f"/analysis/reports/received/{rid}/sections/{chart.pk}/chart.png").status_code == 200
    assert it.get(editor).status_code == 404  # not a participant
    es = signed_in_client(net.users["ES-officer"])
    assert es.get(f"/analysis/reports/received/{rid}/").status_code == 404
    assert es.get(f"/analysis/reports/received/{rid}/ftm/").status_code == 404


def test_command_line_exports(net: Network, tmp_path: Path) -> None:
    case = build_case(net)
    runner = CliRunner()
    out = tmp_path / "r.pdf"
    result = runner.invoke(
        reports_cli, ["report-pdf", str(case.report.pk), "--as", "de-analyst", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Firearms on the Balkan route" in PdfReader(str(out)).pages[0].extract_text()
    ftm = tmp_path / "r.ftm.json"
    result = runner.invoke(
        reports_cli, ["report-ftm", str(case.report.pk), "--as", "fr-analyst", "-o", str(ftm)]
    )
    assert result.exit_code == 0 and ftm.read_text().count("\n") >= 5
    result = runner.invoke(
        reports_cli, ["report-pdf", str(case.report.pk), "--as", "it-officer", "-o", str(out)]
    )
    assert result.exit_code == 1 and "No such report" in result.output
    result = runner.invoke(reports_cli, ["report-pdf", "1", "--as", "nobody", "-o", str(out)])
    assert result.exit_code == 2
