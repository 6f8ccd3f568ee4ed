"""Walking the graph: a neighbourhood of N hops, one entity's neighbours, the shortest path.

Every step reads candidate links (`relations.neighbours`) and keeps only those whose far
end the reader may see and asked to see (`visibility.load_nodes`): an entity the policy
denies is never reached, never walked through, never counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from polnet.analysis.graph.relations import Edge, neighbours
from polnet.analysis.graph.visibility import Node, Reader, load_nodes

MAX_HOPS = 4
DEFAULT_PER_NODE = 25  # neighbours shown per entity before "N more"
DEFAULT_MAX_NODES = 300
PATH_MAX_LINKS = 6
PATH_PER_NODE = 200
PATH_BUDGET = 20_000  # entities a path search may reach before it gives up


@dataclass
class Step:
    """What one step found: per entity, its visible neighbours (at most `limit` each) and
    how many visible ones there are in all."""

    shown: dict[str, list[tuple[Edge, Node]]] = field(default_factory=lambda: defaultdict(list))
    degree: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    capped: set[str] = field(default_factory=set)  # degrees that are lower bounds


def step(reader: Reader, project_id: int | None, keys: list[str], limit: int, known: dict[str, Node]) -> Step:
    found = neighbours(reader, project_id, keys, limit)
    far = {edge.other(src) for src, edge in found.links} - set(known)
    visible = {**load_nodes(reader, far), **known}
    out = Step()
    seen: dict[str, set[str]] = defaultdict(set)
    for src, edge in found.links:
        other = edge.other(src)
        node = visible.get(other)
        if node is None or other == src or other in seen[src]:
            continue
        seen[src].add(other)
        if len(out.shown[src]) < limit:
            out.shown[src].append((edge, node))
    for src in keys:
        out.degree[src] = len(seen[src]) + found.rest.get(src, 0)
    out.capped = found.capped & set(keys)
    return out


@dataclass
class Answer:
    start: list[str]
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], Edge] = field(default_factory=dict)
    degree: dict[str, int] = field(default_factory=dict)
    capped: set[str] = field(default_factory=set)  # degrees counted only up to the ceiling
    truncated: bool = False  # the node limit stopped the walk

    def add_edge(self, edge: Edge) -> None:
        if edge.source in self.nodes and edge.target in self.nodes:
            self.edges.setdefault(edge.ident, edge)

    def more(self) -> dict[str, int]:
        """Per entity, its visible neighbours not in the answer."""
        linked: dict[str, set[str]] = defaultdict(set)
        for edge in self.edges.values():
            linked[edge.source].add(edge.target)
            linked[edge.target].add(edge.source)
        return {k: max(self.degree.get(k, 0) - len(linked[k]), 0) for k in self.nodes}


def neighbourhood(
    reader: Reader,
    project_id: int | None,
    start: Node,
    hops: int,
    *,
    per_node: int = DEFAULT_PER_NODE,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> Answer:
    """The entities within `hops` links of `start` (already known visible)."""
    reader.pin([start.key])
    answer = Answer(start=[start.key], nodes={start.key: start})
    frontier = [start.key]
    for _hop in range(hops):
        if not frontier:
            break
        found = step(reader, project_id, frontier, per_node, answer.nodes)
        answer.degree.update(found.degree)
        answer.capped |= found.capped
        following: list[str] = []
        for src in frontier:
            for edge, node in found.shown[src]:
                if node.key not in answer.nodes:
                    if len(answer.nodes) >= max_nodes:
                        answer.truncated = True
                        continue
                    answer.nodes[node.key] = node
                    following.append(node.key)
                answer.add_edge(edge)
        frontier = following
    if frontier:
        # The last ring: how many neighbours each has, and its links inside the answer.
        found = step(reader, project_id, frontier, per_node, answer.nodes)
        answer.degree.update(found.degree)
        answer.capped |= found.capped
        for src in frontier:
            for edge, _node in found.shown[src]:
                answer.add_edge(edge)
    return answer


def shortest_path(reader: Reader, project_id: int | None, a: Node, b: Node) -> Answer | None:
    """A shortest chain of visible links from `a` to `b`, searched from both ends at once;
    None when there is none within PATH_MAX_LINKS links and PATH_BUDGET entities."""
    answer = Answer(start=[a.key, b.key], nodes={a.key: a, b.key: b})
    reader.pin([a.key, b.key])
    if a.key == b.key:
        return answer
    known: dict[str, Node] = {a.key: a, b.key: b}
    sides: list[dict[str, tuple[str, Edge] | None]] = [{a.key: None}, {b.key: None}]
    dist: list[dict[str, int]] = [{a.key: 0}, {b.key: 0}]
    frontiers = [[a.key], [b.key]]
    links = 0
    while frontiers[0] and frontiers[1] and links < PATH_MAX_LINKS and len(known) < PATH_BUDGET:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        parents, other = sides[side], sides[1 - side]
        found = step(reader, project_id, frontiers[side], PATH_PER_NODE, known)
        following: list[str] = []
        meetings: list[tuple[int, str]] = []
        for src in frontiers[side]:
            for edge, node in found.shown[src]:
                if node.key in parents:
                    continue
                parents[node.key] = (src, edge)
                dist[side][node.key] = dist[side][src] + 1
                known[node.key] = node
                following.append(node.key)
                if node.key in other:
                    meetings.append((dist[side][node.key] + dist[1 - side][node.key], node.key))
        links += 1
        if meetings:
            _length, meet = min(meetings)
            for chain in sides:
                at = meet
                while (parent := chain[at]) is not None:
                    src, edge = parent
                    answer.nodes[src] = known[src]
                    answer.nodes[at] = known[at]
                    answer.edges[edge.ident] = edge
                    at = src
            answer.degree = {}
            return answer
        frontiers[side] = following
    return None
