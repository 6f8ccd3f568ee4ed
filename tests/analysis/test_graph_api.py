"""The graph's API and command line: the same services, the reader's language, 4xx not 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from typer.testing import CliRunner

from polnet.analysis.graph import cli
from polnet.core.models import AuditEntry
from polnet.network.services import issue_token
from tests.analysis.graph_helpers import Scene, scene
from tests.factories import Network, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(net: Network) -> Scene:
    return scene(net)


def _token(net: Network, user: str, scopes: list[str]) -> dict[str, str]:
    _, secret = issue_token(net.actor("FR-admin"), net.users[user], name="analysis", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_neighbourhood_expand_path_and_snapshot_by_token(net: Network, s: Scene) -> None:
    auth = _token(net, "FR-analyst", ["analysis"])
    base = f"/api/analysis/graph/projects/{s.project.pk}"
    c = Client()
    r = c.get(f"{base}/neighbourhood", {"start": s.key("p1"), "hops": 2}, HTTP_ACCEPT_LANGUAGE="fr", **auth)
    assert r.status_code == 200, r.content
    body = r.json()
    keys = {n["key"] for n in body["nodes"]}
    assert s.key("d1") in keys and s.key("p3") not in keys
    holder = next(e for e in body["edges"] if e["reason"] == "holder")
    assert holder["label"] == "Titulaire du document"
    r = c.get(
        f"{base}/neighbourhood",
        {"start": s.key("p1"), "hops": 1, "kinds": "document", "countries": "fr"},
        **auth,
    )
    assert {n["kind"] for n in r.json()["nodes"]} == {"person", "document"}
    r = c.get(f"{base}/expand", {"node": s.key("d1")}, **auth)
    assert {n["key"] for n in r.json()["nodes"]} >= {s.key("d1"), s.key("p1")}
    r = c.get(f"{base}/path", {"source": s.key("d1"), "target": s.key("v1")}, **auth)
    assert r.json()["found"] is True and len(r.json()["edges"]) == 3
    r = c.get(f"{base}/snapshot", {"start": s.key("d1"), "hops": 1}, **auth)
    assert set(r.json()) == {"nodes", "edges"} and r.json()["edges"][0]["label"]
    assert (
        AuditEntry.objects.filter(purpose=s.project.audit_purpose, object_type="analysis_graph").count() == 5
    )


def test_refusals_are_clear(net: Network, s: Scene) -> None:
    base = f"/api/analysis/graph/projects/{s.project.pk}"
    c = Client()
    records_only = _token(net, "FR-analyst", ["records:read"])
    assert c.get(f"{base}/neighbourhood", {"start": s.key("p1")}, **records_only).status_code == 403
    auth = _token(net, "FR-analyst", ["analysis"])
    r = c.get(f"{base}/neighbourhood", {"start": "nonsense"}, **auth)
    assert r.status_code == 422 and r.json()["code"] == "graph_key_invalid"
    assert (
        c.get(f"{base}/neighbourhood", {"start": s.key("p1"), "hops": 7}, **auth).json()["code"]
        == "graph_hops_range"
    )
    r = c.get(f"{base}/neighbourhood", {"start": s.key("p3")}, **auth)
    assert r.status_code == 404 and r.json()["code"] == "graph_entity_not_found"
    r = c.get(
        f"/api/analysis/graph/projects/{s.project.pk + 99}/neighbourhood", {"start": s.key("p1")}, **auth
    )
    assert r.status_code == 404 and r.json()["code"] == "project_not_found"
    assert c.get(f"{base}/neighbourhood", {"start": s.key("p1")}).status_code == 401


def test_links_through_the_api(net: Network, s: Scene) -> None:
    client = signed_in_client(net.users["FR-analyst"])
    base = f"/api/analysis/graph/projects/{s.project.pk}/links"
    body = {"source": s.key("v1"), "target": s.key("d1"), "note": "Same garage"}
    r = client.post(base, json.dumps(body), content_type="application/json")
    assert r.status_code == 201, r.content
    link = r.json()
    assert link["reason"] == "manual" and link["note"] == "Same garage"
    again = client.post(base, json.dumps(body), content_type="application/json")
    assert again.status_code == 422 and again.json()["code"] == "graph_link_exists"
    hidden = client.post(base, json.dumps({**body, "target": s.key("p3")}), content_type="application/json")
    assert hidden.status_code == 404
    de = signed_in_client(net.users["DE-analyst"])
    assert de.delete(f"{base}/{link['id']}").status_code == 403
    assert client.delete(f"{base}/{link['id']}").status_code == 204
    assert client.delete(f"{base}/{link['id']}").status_code == 404


def test_command_line(net: Network, s: Scene) -> None:
    runner = CliRunner()
    out = runner.invoke(
        cli.app,
        ["graph", str(s.project.pk), s.key("p1"), "--hops", "1", "--as", "fr-analyst"],
        env={"COLUMNS": "200"},
    )
    assert out.exit_code == 0, out.output
    assert "Holder of the document" in out.output and s.key("d1") in out.output
    assert s.key("p3") not in out.output
    out = runner.invoke(
        cli.app, ["path", str(s.project.pk), s.key("d1"), s.key("v1"), "--as", "fr-analyst", "--json"]
    )
    assert out.exit_code == 0 and json.loads(out.output)["found"] is True
    out = runner.invoke(cli.app, ["graph", str(s.project.pk), s.key("p3"), "--as", "fr-analyst"])
    assert out.exit_code == 1 and "graph_entity_not_found" in out.output
    out = runner.invoke(cli.app, ["graph", str(s.project.pk), s.key("p1"), "--as", "nobody"])
    assert out.exit_code == 2
