"""The graph's services: what the pages, the API and the command line call.

Each takes the actor and the project: the project's door (`analysis.services.project_for`)
first, then the walk under the reader's policy, then one audit entry with the project as
its purpose, naming the entities shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from polnet.analysis import services as projects
from polnet.analysis.graph import explore, identifiers
from polnet.analysis.graph.explore import Answer
from polnet.analysis.graph.relations import Edge, neighbours
from polnet.analysis.graph.visibility import Filters, Node, Reader, load_nodes
from polnet.analysis.graph.vocabulary import NodeKind, Reason, parse_key
from polnet.analysis.models import AnalystLink, LinkReason, Project
from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.network.models import User

MAX_NOTE = 2000
MAX_PER_NODE = 200
MAX_NODES = 1000
AUDITED_KEYS = 500  # the entities an audit entry names, at most


@dataclass(frozen=True)
class GraphQuery:
    hops: int = 2
    kinds: frozenset[str] | None = None
    date_from: date | None = None
    date_to: date | None = None
    countries: frozenset[str] | None = None
    per_node: int = explore.DEFAULT_PER_NODE
    max_nodes: int = explore.DEFAULT_MAX_NODES

    def filters(self) -> Filters:
        return Filters(self.kinds, self.date_from, self.date_to, self.countries)


def check_query(q: GraphQuery) -> GraphQuery:
    if not 1 <= q.hops <= explore.MAX_HOPS:
        raise InvalidInput(
            _("Hops go from 1 to %(max)s."), code="graph_hops_range", field="hops", max=explore.MAX_HOPS
        )
    if q.kinds is not None and not q.kinds <= set(NodeKind.values):
        raise InvalidInput(
            _("Choose kinds of entity from the list."), code="graph_kind_unknown", field="kinds"
        )
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise InvalidInput(
            _("The first date comes after the last."), code="graph_dates_reversed", field="date_from"
        )
    if q.countries is not None and not all(len(c) == 2 and c.isalpha() and c.isupper() for c in q.countries):
        raise InvalidInput(_("Countries are two-letter codes."), code="graph_country_code", field="countries")
    if not 1 <= q.per_node <= MAX_PER_NODE or not 1 <= q.max_nodes <= MAX_NODES:
        raise InvalidInput(
            _("Show from 1 to %(per)s links per entity and 1 to %(nodes)s entities."),
            code="graph_limits_range",
            field="per_node",
            per=MAX_PER_NODE,
            nodes=MAX_NODES,
        )
    return q


def _entity(reader: Reader, node_key: str, field: str) -> Node:
    parse_key(node_key, field)
    node = load_nodes(reader, [node_key], filtered=False).get(node_key)
    if node is None:  # hidden and absent answer the same
        raise NotFound(_("No such entity in the graph."), code="graph_entity_not_found", field=field)
    return node


def _opened(actor: Actor, project_id: int) -> Project:
    project = projects.project_for(actor, project_id)
    identifiers.follow_changes()  # a person's identifiers as they are now
    return project


def _log(actor: Actor, project: Project, what: str, answer: Answer, detail: dict[str, Any]) -> None:
    keys = sorted(answer.nodes)
    projects.log_in_project(
        actor,
        project,
        audit.Action.READ,
        "analysis_graph",
        what,
        {**detail, "shown": len(keys), "entities": keys[:AUDITED_KEYS]},
    )


def neighbourhood(actor: Actor, project_id: int, start: str, query: GraphQuery | None = None) -> Answer:
    """The entities within `query.hops` links of `start`, as far as the actor may see them."""
    q = check_query(query or GraphQuery())
    project = _opened(actor, project_id)
    reader = Reader(actor, q.filters())
    answer = explore.neighbourhood(
        reader,
        project.pk,
        _entity(reader, start, "start"),
        q.hops,
        per_node=q.per_node,
        max_nodes=q.max_nodes,
    )
    _log(actor, project, start, answer, {"act": "neighbourhood", "hops": q.hops})
    return answer


def expand(actor: Actor, project_id: int, node: str, query: GraphQuery | None = None) -> Answer:
    """One entity's visible neighbours, to add to a graph on screen."""
    q = query or GraphQuery()
    return neighbourhood(
        actor,
        project_id,
        node,
        GraphQuery(1, q.kinds, q.date_from, q.date_to, q.countries, q.per_node, q.max_nodes),
    )


def path(
    actor: Actor, project_id: int, source: str, target: str, query: GraphQuery | None = None
) -> Answer | None:
    """A shortest chain of visible links between two entities; None when there is none."""
    q = check_query(query or GraphQuery())
    project = _opened(actor, project_id)
    reader = Reader(actor, q.filters())
    a, b = _entity(reader, source, "source"), _entity(reader, target, "target")
    answer = explore.shortest_path(reader, project.pk, a, b)
    if answer is not None:
        found = explore.step(reader, project.pk, list(answer.nodes), 1, dict(answer.nodes))
        answer.degree, answer.capped = dict(found.degree), set(found.capped)
    shown = answer or Answer(start=[source, target], nodes={a.key: a, b.key: b})
    _log(actor, project, f"{source} {target}", shown, {"act": "path", "found": answer is not None})
    return answer


def among(actor: Actor, project_id: int, keys: list[str]) -> Answer:
    """The entities among `keys` the actor may see now, and the links between them as a walk
    finds them (each entity's first MAX_PER_NODE links): what a view on screen holds,
    rebuilt on the server. A key the actor may not see is left out like an absent one."""
    project = _opened(actor, project_id)
    for k in keys:
        parse_key(k, "nodes")
    reader = Reader(actor)
    nodes = load_nodes(reader, keys, filtered=False)
    answer = Answer(start=[], nodes=nodes)
    for _src, edge in neighbours(reader, project.pk, list(nodes), MAX_PER_NODE).links:
        if edge.source != edge.target:
            answer.add_edge(edge)  # kept only when both ends are among the visible ones
    _log(actor, project, "among", answer, {"act": "among", "asked": len(set(keys))})
    return answer


# ---- the analysts' links ---------------------------------------------------------------------


@transaction.atomic
def add_link(actor: Actor, project_id: int, source: str, target: str, note: str) -> AnalystLink:
    """Link two entities the actor may see, with a note saying why."""
    project = _opened(actor, project_id)
    reader = Reader(actor)
    a, b = _entity(reader, source, "source"), _entity(reader, target, "target")
    if a.key == b.key:
        raise InvalidInput(_("Link two different entities."), code="graph_link_same_entity", field="target")
    note = note.strip()
    if not note:
        raise InvalidInput(_("Say why the two are linked."), code="graph_link_note_missing", field="note")
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            _("A note is at most %(max)s characters."),
            code="graph_link_note_long",
            field="note",
            max=MAX_NOTE,
        )
    first, second = sorted((a.key, b.key))
    assert actor.user_id is not None
    try:
        with transaction.atomic():
            link = AnalystLink.objects.create(
                project=project,
                source=first,
                target=second,
                reason=LinkReason.MANUAL,
                note=note,
                created_by_id=actor.user_id,
            )
    except IntegrityError:
        raise InvalidInput(
            _("These two are already linked in this project."), code="graph_link_exists", field="target"
        ) from None
    projects.log_in_project(
        actor, project, audit.Action.CREATE, "analysis_link", link.pk, {"source": first, "target": second}
    )
    return link


def _author_country(link: AnalystLink) -> str | None:
    user = User.objects.select_related("bureau", "unit__bureau").get(pk=link.created_by_id)
    bureau = user.bureau or (user.unit.bureau if user.unit else None)
    return bureau.country_id if bureau else None


@transaction.atomic
def remove_link(actor: Actor, project_id: int, link_id: int) -> None:
    """Remove a link added by hand: its author's party (bureau or secretariat) may. A
    confirmed same-person link is undone where it was confirmed, not here."""
    project = _opened(actor, project_id)
    link = AnalystLink.objects.filter(project=project, pk=link_id).first()
    reader = Reader(actor)
    if link is None or len(load_nodes(reader, [link.source, link.target], filtered=False)) < 2:
        raise NotFound(_("No such link in this project."), code="graph_link_not_found")
    if link.reason != LinkReason.MANUAL or _author_country(link) != actor.country:
        raise Forbidden(
            _("Only the party that added a link by hand removes it."), code="graph_link_not_yours"
        )
    detail = {"source": link.source, "target": link.target, "reason": link.reason}
    link.delete()
    projects.log_in_project(actor, project, audit.Action.DELETE, "analysis_link", link_id, detail)


# ---- answers as data ---------------------------------------------------------------------------


def edge_label(edge: Edge) -> str:
    return str(Reason(edge.reason).label) if edge.reason in Reason.values else edge.reason


def as_data(answer: Answer | None) -> dict[str, Any]:
    """The answer as the API, the page and the command line show it, labels in the active
    language."""
    if answer is None:
        return {"found": False, "start": [], "nodes": [], "edges": [], "truncated": False}
    more = answer.more()
    nodes = [
        {
            "key": n.key,
            "kind": n.kind,
            "kind_label": str(NodeKind(n.kind).label),
            "label": n.label,
            "country": n.country,
            "date": n.date.isoformat() if n.date else None,
            "degree": answer.degree.get(n.key, 0),
            "more": more.get(n.key, 0),
            "at_least": n.key in answer.capped,
        }
        for n in answer.nodes.values()
    ]
    edges = [
        {
            "source": e.source,
            "target": e.target,
            "reason": e.reason,
            "label": edge_label(e),
            "note": e.note,
            "date": e.date.isoformat() if e.date else None,
            "link_id": e.link_id,
        }
        for e in answer.edges.values()
    ]
    return {
        "found": True,
        "start": answer.start,
        "nodes": nodes,
        "edges": edges,
        "truncated": answer.truncated,
    }


def snapshot(answer: Answer | None) -> dict[str, Any]:
    """The shared graph snapshot a report's graph section stores."""
    data = as_data(answer)
    return {
        "nodes": [{"key": n["key"], "kind": n["kind"], "label": n["label"]} for n in data["nodes"]],
        "edges": [
            {"source": e["source"], "target": e["target"], "reason": e["reason"], "label": e["label"]}
            for e in data["edges"]
        ],
    }
