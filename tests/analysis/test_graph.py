"""The link graph: each reason, filters, hops, paths, analysts' links and their audit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from polnet.analysis.graph import relations
from polnet.analysis.graph import services as graph
from polnet.analysis.graph.services import GraphQuery
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.records import services as records
from tests.analysis.graph_helpers import DAY, Scene, hit, scene, update
from tests.factories import Network

pytestmark = pytest.mark.django_db

PHONE = "identifier:phone:+33612345678"


@pytest.fixture
def s(net: Network) -> Scene:
    return scene(net)


def _data(answer: graph.Answer | None) -> dict:  # type: ignore[type-arg]
    return graph.as_data(answer)


def _edges(data: dict) -> set[tuple[str, str, str]]:  # type: ignore[type-arg]
    return {(e["source"], e["target"], e["reason"]) for e in data["edges"]}


def _node(data: dict, key: str) -> dict:  # type: ignore[type-arg]
    return next(n for n in data["nodes"] if n["key"] == key)


def test_every_reason_from_one_person(net: Network, s: Scene) -> None:
    fr = net.actor("FR-analyst")
    data = _data(graph.neighbourhood(fr, s.project.pk, s.key("p1"), GraphQuery(hops=2)))
    edges = _edges(data)
    p1, p2 = s.key("p1"), s.key("p2")
    assert (s.key("d1"), p1, "holder") in edges
    assert (p1, PHONE, "identifier") in edges and (p2, PHONE, "identifier") in edges
    assert (p1, "identifier:email:anton@example.org", "identifier") in edges
    assert (s.key("d1"), f"identifier:document:{s.r['d1'].number}", "identifier") in edges
    assert (p1, s.key("n1"), "named_in_notice") in edges and (
        s.key("v1"),
        s.key("n1"),
        "named_in_notice",
    ) in edges
    assert (s.key("h1"), p1, "hit_on") in edges and (s.key("h1"), s.key("post"), "hit_at_post") in edges
    assert (s.key("h3"), s.key("list"), "on_list") in edges
    assert (*tuple(sorted((s.key("h3"), s.key("h4")))), "co_travellers") in edges
    assert (p1, p2, "same_person") in edges
    labels = {e["reason"]: e["label"] for e in data["edges"]}
    assert labels["co_travellers"] == "Co-travellers: same flight and booking"
    # Hidden: IT's person held to Spain, IT's draft notice, IT's hit, DE's hit on DE's record.
    keys = {n["key"] for n in data["nodes"]}
    for hidden in ("p3", "n_hidden", "h_it", "h2"):
        assert s.key(hidden) not in keys
    assert _node(data, PHONE)["degree"] == 2  # Carlo holds it too, unseen and uncounted


def test_same_post_same_day_seen_by_who_sees_both_hits(net: Network, s: Scene) -> None:
    de = net.actor("DE-analyst")
    data = _data(graph.neighbourhood(de, s.project.pk, s.key("h1"), GraphQuery(hops=1)))
    assert (*tuple(sorted((s.key("h1"), s.key("h2")))), "same_post_day") in _edges(data)
    assert s.key("h_other_day") not in {n["key"] for n in data["nodes"]}
    fr = graph.neighbourhood(net.actor("FR-analyst"), s.project.pk, s.key("h1"), GraphQuery(hops=1))
    assert s.key("h2") not in fr.nodes
    assert _node(_data(fr), s.key("h1"))["degree"] == 2  # its person and its post


def test_hidden_start_is_not_found_and_unknown_key_refused(net: Network, s: Scene) -> None:
    fr = net.actor("FR-analyst")
    with pytest.raises(NotFound) as hidden:
        graph.neighbourhood(fr, s.project.pk, s.key("p3"))
    with pytest.raises(NotFound) as absent:
        graph.neighbourhood(fr, s.project.pk, "person:999999")
    assert hidden.value.code == absent.value.code == "graph_entity_not_found"
    update(net.actor("IT-officer"), s.r["p3"], {"identifiers": [{"kind": "email", "value": "c@it.example"}]})
    with pytest.raises(NotFound):  # an identifier only Carlo holds
        graph.neighbourhood(fr, s.project.pk, "identifier:email:c@it.example")
    for bad in ("person", "person:x", "planet:1", "identifier:phone", "identifier:shoe:1"):
        with pytest.raises(InvalidInput):
            graph.neighbourhood(fr, s.project.pk, bad)


def test_only_participants_and_analysts(net: Network, s: Scene) -> None:
    with pytest.raises(NotFound):
        graph.neighbourhood(net.actor("IT-analyst"), s.project.pk, s.key("p1"))
    with pytest.raises(Forbidden):  # not an analyst: refused before any project is looked up
        graph.neighbourhood(net.actor("FR-officer"), s.project.pk, s.key("p1"))


def test_hops_and_filters(net: Network, s: Scene) -> None:
    fr = net.actor("FR-analyst")
    one = graph.neighbourhood(fr, s.project.pk, s.key("p1"), GraphQuery(hops=1))
    assert s.key("d1") in one.nodes and s.key("post") not in one.nodes
    assert s.key("post") in graph.neighbourhood(fr, s.project.pk, s.key("p1"), GraphQuery(hops=2)).nodes
    kinds = graph.neighbourhood(
        fr, s.project.pk, s.key("p1"), GraphQuery(hops=3, kinds=frozenset({"person", "identifier"}))
    )
    assert {n.kind for n in kinds.nodes.values()} == {"person", "identifier"}
    assert s.key("p2") in kinds.nodes
    german = graph.neighbourhood(
        fr, s.project.pk, s.key("p1"), GraphQuery(hops=1, countries=frozenset({"DE"}))
    )
    assert s.key("p2") in german.nodes and s.key("d1") not in german.nodes  # the start stays
    assert s.key("p1") in german.nodes
    later = graph.neighbourhood(
        fr,
        s.project.pk,
        s.key("p1"),
        GraphQuery(hops=1, kinds=frozenset({"hit"}), date_from=DAY.date() + timedelta(days=1)),
    )
    assert set(later.nodes) == {s.key("p1")}
    that_day = graph.neighbourhood(
        fr,
        s.project.pk,
        s.key("p1"),
        GraphQuery(hops=1, kinds=frozenset({"hit"}), date_from=DAY.date(), date_to=DAY.date()),
    )
    assert {s.key("h1"), s.key("h3")} <= set(that_day.nodes)
    for bad in (
        GraphQuery(hops=0),
        GraphQuery(hops=9),
        GraphQuery(kinds=frozenset({"x"})),
        GraphQuery(countries=frozenset({"fr"})),
        GraphQuery(date_from=DAY.date(), date_to=DAY.date() - timedelta(days=1)),
        GraphQuery(per_node=0),
    ):
        with pytest.raises(InvalidInput):
            graph.neighbourhood(fr, s.project.pk, s.key("p1"), bad)


def test_shortest_path_and_none(net: Network, s: Scene) -> None:
    fr = net.actor("FR-analyst")
    answer = graph.path(fr, s.project.pk, s.key("d1"), s.key("v1"))
    assert answer is not None
    # d1 - p1 - n1 - v1 (or d1 - p1 - h3 ... longer): three links
    assert len(answer.edges) == 3 and set(answer.nodes) == {
        s.key("d1"),
        s.key("p1"),
        s.key("n1"),
        s.key("v1"),
    }
    lone = records.create_record(
        net.actor("FR-officer"),
        "artwork",
        {
            "title": "Alone",
            "category": "painting",
            "purpose": "investigation",
            "restriction": "all",
            "listed_countries": [],
            "bureau_only": False,
        },
    )
    assert graph.path(fr, s.project.pk, s.key("p1"), f"artwork:{lone.pk}") is None
    assert (
        AuditEntry.objects.filter(object_type="analysis_graph", purpose=s.project.audit_purpose).count() == 2
    )


def test_path_avoids_what_the_reader_may_not_see(net: Network, s: Scene) -> None:
    # p1 and p3 share a phone; for the DE analyst p3 is hidden, so no chain goes through it.
    it = records.create_record(
        net.actor("IT-officer"),
        "vehicle",
        {
            "vin": "",
            "plate": "XY123ZZ",
            "make": "Fiat",
            "purpose": "investigation",
            "restriction": "all",
            "listed_countries": [],
            "bureau_only": False,
        },
    )
    update(
        net.actor("IT-officer"),
        s.r["p3"],
        {"identifiers": [{"kind": "plate", "value": "xy-123-zz"}, {"kind": "tel", "value": "+33612345678"}]},
    )
    de = net.actor("DE-analyst")
    assert graph.path(de, s.project.pk, s.key("p2"), f"vehicle:{it.pk}") is None


def test_manual_links(net: Network, s: Scene) -> None:
    fr, de = net.actor("FR-analyst"), net.actor("DE-analyst")
    link = graph.add_link(fr, s.project.pk, s.key("v1"), s.key("d1"), "Seen together at Calais")
    data = _data(graph.neighbourhood(de, s.project.pk, s.key("v1"), GraphQuery(hops=1)))
    manual = [e for e in data["edges"] if e["reason"] == "manual"]
    assert manual and manual[0]["note"] == "Seen together at Calais" and manual[0]["link_id"] == link.pk
    with pytest.raises(InvalidInput):
        graph.add_link(fr, s.project.pk, s.key("v1"), s.key("d1"), "again")
    with pytest.raises(InvalidInput):
        graph.add_link(fr, s.project.pk, s.key("v1"), s.key("v1"), "self")
    with pytest.raises(InvalidInput):
        graph.add_link(fr, s.project.pk, s.key("v1"), s.key("p2"), "   ")
    with pytest.raises(NotFound):  # a hidden end answers as an absent one
        graph.add_link(fr, s.project.pk, s.key("v1"), s.key("p3"), "guess")
    with pytest.raises(Forbidden):
        graph.remove_link(de, s.project.pk, link.pk)
    with pytest.raises(Forbidden):  # confirmed pairs are undone where they were confirmed
        graph.remove_link(fr, s.project.pk, s.r["same"].pk)
    graph.remove_link(fr, s.project.pk, link.pk)
    with pytest.raises(NotFound):
        graph.remove_link(fr, s.project.pk, link.pk)
    logged = AuditEntry.objects.filter(object_type="analysis_link", purpose=s.project.audit_purpose)
    assert sorted(logged.values_list("action", flat=True)) == ["create", "delete"]


def test_a_link_to_what_the_reader_may_not_see_stays_hidden(net: Network, s: Scene) -> None:
    from polnet.analysis.models import AnalystLink

    AnalystLink.objects.create(
        project=s.project,
        source=s.key("p1"),
        target=s.key("p3"),
        reason="same_person",
        created_by=net.users["FR-analyst"],
    )
    data = _data(graph.neighbourhood(net.actor("FR-analyst"), s.project.pk, s.key("p1"), GraphQuery(hops=1)))
    assert s.key("p3") not in {n["key"] for n in data["nodes"]}
    assert all(s.key("p3") not in (e["source"], e["target"]) for e in data["edges"])


def test_identifiers_follow_record_changes(net: Network, s: Scene) -> None:
    fr = net.actor("FR-analyst")
    update(
        net.actor("DE-officer"),
        s.r["p2"],
        {"identifiers": [{"kind": "address", "value": "12, Rue  de la Paix"}]},
    )
    answer = graph.neighbourhood(fr, s.project.pk, PHONE, GraphQuery(hops=1))
    assert s.key("p2") not in answer.nodes and s.key("p1") in answer.nodes
    address = graph.neighbourhood(
        fr, s.project.pk, "identifier:address:12 rue de la paix", GraphQuery(hops=1)
    )
    assert s.key("p2") in address.nodes
    records.delete_record(net.actor("FR-officer"), "person", s.r["p1"].pk)
    with pytest.raises(NotFound):
        graph.neighbourhood(fr, s.project.pk, PHONE)


def test_a_hub_shows_a_few_and_counts_only_visible_rest(net: Network, s: Scene) -> None:
    for n in range(12):
        hit(net, s.r["p1"], "DE-unit-full", at=DAY + timedelta(days=10, minutes=n))  # FR owns p1: visible
        hit(net, s.r["p2"], "DE-unit-full", at=DAY + timedelta(days=10, minutes=n))  # DE's: hidden from FR
    fr = net.actor("FR-analyst")
    data = _data(graph.neighbourhood(fr, s.project.pk, s.key("post"), GraphQuery(hops=1, per_node=5)))
    post = _node(data, s.key("post"))
    assert post["degree"] == 13  # h1 and the twelve on p1
    assert post["more"] == 8
    assert post["at_least"] is False
    assert len([n for n in data["nodes"] if n["kind"] == "hit"]) == 5


def test_a_hub_past_the_ceiling_is_counted_as_a_lower_bound(
    net: Network, s: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relations, "COUNT_CEILING", 10)
    for n in range(12):
        hit(net, s.r["p1"], "DE-unit-full", at=DAY + timedelta(days=10, minutes=n))
    fr = net.actor("FR-analyst")
    data = _data(graph.neighbourhood(fr, s.project.pk, s.key("post"), GraphQuery(hops=1, per_node=5)))
    post = _node(data, s.key("post"))
    assert (post["degree"], post["more"], post["at_least"]) == (10, 5, True)  # 13 in truth: at least 10
    # Hits of one day at the post: each sees the others, counted up to the ceiling too.
    one = next(n for n in data["nodes"] if n["kind"] == "hit")
    near = _node(
        _data(graph.neighbourhood(fr, s.project.pk, one["key"], GraphQuery(hops=1, per_node=5))), one["key"]
    )
    assert near["at_least"] is True and near["degree"] >= 10


def test_snapshot_shape(net: Network, s: Scene) -> None:
    answer = graph.neighbourhood(net.actor("FR-analyst"), s.project.pk, s.key("d1"), GraphQuery(hops=1))
    snap = graph.snapshot(answer)
    assert set(snap) == {"nodes", "edges"}
    assert set(snap["nodes"][0]) == {"key", "kind", "label"}
    assert set(snap["edges"][0]) == {"source", "target", "reason", "label"}
