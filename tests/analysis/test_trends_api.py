"""The trends API: JSON with its chart, CSV, PNG and SVG, refusals as 4xx; the CLI's table."""

from __future__ import annotations

import csv
import io
import xml.dom.minidom

import pytest
from typer.testing import CliRunner

from polnet.analysis.trends import cli
from polnet.analysis.trends.charts import chart_image, map_chart
from polnet.analysis.trends.tables import Table
from polnet.core.errors import InvalidInput
from polnet.network.services import issue_token
from tests.analysis.trend_fixtures import SINCE, UNTIL, known_checks, known_hits
from tests.factories import Network, signed_in_client

PERIOD = f"since={SINCE}&until={UNTIL}"


@pytest.mark.django_db
def test_a_trend_as_json_csv_and_images(net: Network) -> None:
    known_checks(net)
    known_hits(net)
    client = signed_in_client(net.users["FR-analyst"])
    body = client.get(f"/api/analysis/trends/checks?{PERIOD}").json()
    assert body["columns"] == ["week", "week_start", "kind", "checks"]
    assert body["rows"] == [
        ["2026-W01", "2025-12-29", "person", 3],
        ["2026-W02", "2026-01-05", "document", 1],
    ]
    assert body["chart"]["data"]["values"][0]["label"] == "Person"
    assert body["chart"]["$schema"].endswith("/v6.json")
    response = client.get(f"/api/analysis/trends/countries?{PERIOD}&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["country", "numeric", "name", "hits"],
        ["DE", "276", "Germany", "2"],
        ["FR", "250", "France", "1"],
    ]
    png = client.get(f"/api/analysis/trends/hits?{PERIOD}&format=png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG\r\n\x1a\n")
    svg = client.get(f"/api/analysis/trends/countries?{PERIOD}&format=svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert xml.dom.minidom.parseString(svg.content).documentElement.tagName == "svg"
    assert client.get("/api/analysis/trends/").json()[0] == "checks"


@pytest.mark.django_db
def test_refusals_are_4xx(net: Network) -> None:
    analyst = signed_in_client(net.users["FR-analyst"])
    for query, status, code in (
        ("checks?since=2026-02-30", 422, "trends_date_invalid"),
        ("checks?since=2026-02-01&until=2026-01-01", 422, "trends_period_reversed"),
        ("checks?country=ZZ", 422, "trends_country_unknown"),
        ("checks?post=-3", 422, "trends_post_invalid"),
        ("nothing", 404, "trend_not_found"),
        ("projects/999/changes", 404, "project_not_found"),
        ("projects/999/changes?month=2026-13", 404, "project_not_found"),
    ):
        response = analyst.get(f"/api/analysis/trends/{query}")
        assert (response.status_code, response.json().get("code")) == (status, code), query
    assert analyst.get("/api/analysis/trends/checks?format=gif").status_code == 422
    officer = signed_in_client(net.users["FR-officer"])
    assert officer.get("/api/analysis/trends/checks").json()["code"] == "trends_not_an_analyst"
    assert signed_in_client(net.users["FR-officer"]).get("/api/analysis/trends/checks").status_code == 403
    from django.test import Client

    assert Client().get("/api/analysis/trends/checks").status_code == 401
    admin = net.actor("FR-admin")
    _, secret = issue_token(admin, net.users["FR-analyst"], name="reader", scopes=["records:read"])
    refused = Client().get("/api/analysis/trends/checks", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert refused.status_code == 403 and refused.json()["code"] == "scope_not_granted"
    _, secret = issue_token(admin, net.users["FR-analyst"], name="analysis", scopes=["analysis"])
    assert (
        Client().get("/api/analysis/trends/checks", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    )


def test_chart_images_without_a_browser() -> None:
    table = Table("countries", ["country", "numeric", "name", "hits"], [["DE", "276", "Germany", 3]])
    spec = map_chart(table)
    assert chart_image(spec, "png")[:8] == b"\x89PNG\r\n\x1a\n"
    svg = chart_image(spec, "svg").decode()
    assert xml.dom.minidom.parseString(svg).documentElement.tagName == "svg" and "<path" in svg
    with pytest.raises(InvalidInput):
        chart_image(spec, "gif")


def test_csv_cells_never_run_as_formulas() -> None:
    table = Table("posts", ["post", "name"], [[1, "=HYPERLINK(1)"], [2, "-3"]])
    assert table.csv().splitlines()[1:] == ["1,'=HYPERLINK(1)", "2,-3"]


@pytest.mark.django_db
def test_the_cli_prints_weekly_totals(net: Network) -> None:
    known_checks(net)
    known_hits(net)
    runner = CliRunner()
    out = runner.invoke(
        cli.app, ["trends", "--as", "fr-analyst", "--since", str(SINCE), "--until", str(UNTIL), "--csv"]
    )
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == ["week,checks,hits,notices", "2026-W01,3,2,0", "2026-W02,1,1,0"]
    table = runner.invoke(
        cli.app,
        ["trends", "--as", "gs-analyst", "--since", str(SINCE), "--until", str(UNTIL), "--by", "kind"],
    )
    assert table.exit_code == 0 and "vehicle" in table.output
    bad = runner.invoke(cli.app, ["trends", "--as", "fr-analyst", "--since", "yesterday"])
    assert bad.exit_code == 2 and "trends_date_invalid" in bad.output
    assert "folded" in runner.invoke(cli.app, ["fold-trends"]).output
