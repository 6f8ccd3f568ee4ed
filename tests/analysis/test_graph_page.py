"""The graph page: the drawing's data, its text twin, the timeline, the forms, in Arabic too."""

from __future__ import annotations

import json
import re

import pytest

from tests.analysis.graph_helpers import Scene, scene
from tests.factories import Network, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(net: Network) -> Scene:
    return scene(net)


def _json(html: str, ident: str) -> dict:  # type: ignore[type-arg]
    found = re.search(rf'<script id="{ident}" type="application/json">(.*?)</script>', html, re.S)
    assert found, ident
    return json.loads(found.group(1))


def test_page_shows_the_graph_as_data_text_and_timeline(net: Network, s: Scene) -> None:
    client = signed_in_client(net.users["FR-analyst"])
    url = f"/analysis/projects/{s.project.pk}/graph/"
    r = client.get(url, {"start": s.key("p1"), "hops": 2})
    html = r.content.decode()
    assert r.status_code == 200
    data = _json(html, "graph-data")
    assert s.key("d1") in {n["key"] for n in data["nodes"]}
    assert "Holder of the document: Anton Testova" in html  # the text twin, reason by reason
    assert 'id="graph-timeline"' in html and "2026-03-14" in html
    assert "analysis/cytoscape.min.js" in html and "analysis/graph.js" in html
    assert "<script>" not in html  # no inline script: the CSP allows only our files
    assert "Carlo" not in html


def test_page_in_arabic_path_and_refusals(net: Network, s: Scene) -> None:
    client = signed_in_client(net.users["FR-analyst"])
    url = f"/analysis/projects/{s.project.pk}/graph/"
    client.cookies["django_language"] = "ar"
    r = client.get(url, {"source": s.key("d1"), "target": s.key("v1")})
    html = r.content.decode()
    assert 'dir="rtl"' in html and r.status_code == 200
    assert len(_json(html, "graph-data")["edges"]) == 3
    r = client.get(url, {"start": s.key("p3"), "hops": 1})
    assert r.status_code == 200 and 'class="field-error"' in r.content.decode()
    other = signed_in_client(net.users["IT-analyst"])
    assert other.get(url).status_code == 404


def test_link_form_without_script(net: Network, s: Scene) -> None:
    client = signed_in_client(net.users["FR-analyst"])
    url = f"/analysis/projects/{s.project.pk}/graph/links/"
    r = client.post(url, {"source": s.key("v1"), "target": s.key("d1"), "note": "Same garage"})
    assert r.status_code == 302 and "start=" in r["Location"]
    page = client.get(r["Location"]).content.decode()
    assert "Added by an analyst" in page and "Same garage" in page
    r = client.post(url, {"source": s.key("v1"), "target": s.key("p3"), "note": "guess"}, follow=True)
    assert "No such entity in the graph." in r.content.decode()
