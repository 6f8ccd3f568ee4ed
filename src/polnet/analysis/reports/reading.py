"""A report as one reader sees it: the page, the PDF and the FollowTheMoney export all read
this, so an entity the reader may not see is left out of all three alike, counted only as
"n items withheld"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from polnet.analysis.graph.visibility import Reader, load_nodes
from polnet.analysis.reports.entities import ENTITY_KINDS, Entity, visible_entities
from polnet.analysis.reports.models import Report, ReportSection, SectionKind
from polnet.analysis.reports.sections import section_keys
from polnet.core.actor import Actor
from polnet.core.policy import discloses_details


@dataclass
class SectionView:
    id: int
    position: int
    kind: str
    title: str
    body: str
    paragraphs: list[str] = field(default_factory=list)
    spec: dict[str, Any] | None = None
    table: dict[str, Any] | None = None
    graph: dict[str, Any] | None = None
    trend: dict[str, Any] | None = None  # a chart of the trends: its series and filters
    entities: list[Entity] = field(default_factory=list)
    withheld: int = 0

    @property
    def kind_label(self) -> str:
        return str(SectionKind(self.kind).label)


@dataclass
class ReportView:
    report: Report
    sections: list[SectionView]
    sources: list[Entity]
    withheld_sources: int

    @property
    def withheld(self) -> int:
        return sum(s.withheld for s in self.sections) + self.withheld_sources

    @property
    def entities(self) -> list[Entity]:
        """Every entity shown, once: the sections' and the sources'."""
        seen: dict[str, Entity] = {}
        for s in self.sections:
            for e in s.entities:
                seen.setdefault(e.key, e)
        for e in self.sources:
            seen.setdefault(e.key, e)
        return list(seen.values())


def paragraphs(body: str) -> list[str]:
    return [" ".join(p.split()) for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _graph_for(data: dict[str, Any], shown: set[str]) -> tuple[dict[str, Any], int]:
    """The snapshot less what the reader may not see in the link graph today."""
    nodes = data.get("nodes", [])
    kept = {n["key"] for n in nodes if n["key"] in shown}
    label = {n["key"]: n.get("label") or n["key"] for n in nodes}
    edges = [
        {
            **e,
            "source_label": label.get(e["source"], e["source"]),
            "target_label": label.get(e["target"], e["target"]),
        }
        for e in data.get("edges", [])
        if e["source"] in kept and e["target"] in kept
    ]
    return (
        {"nodes": [n for n in nodes if n["key"] in kept], "edges": edges},
        len(nodes) - len(kept),
    )


def _section(s: ReportSection, seen: dict[str, Entity], shown: set[str]) -> SectionView:
    view = SectionView(s.pk, s.position, s.kind, s.title, s.body, paragraphs(s.body))
    if s.kind == SectionKind.CHART:
        view.spec, view.table = s.data.get("spec"), s.data.get("table")
        view.trend = s.data.get("trend")
    elif s.kind == SectionKind.TABLE:
        view.table = s.data
    elif s.kind == SectionKind.GRAPH:
        view.graph, view.withheld = _graph_for(s.data, shown)
    elif s.kind == SectionKind.ENTITIES:
        keys = s.data.get("keys", [])
        view.entities = [seen[k] for k in keys if k in seen]
        view.withheld = len(keys) - len(view.entities)
    return view


def report_view(actor: Actor, report: Report) -> ReportView:
    """Every entity read through its owner's policy for this actor, in one query per kind."""
    sections = list(report.sections.all())
    keys: list[str] = []
    for s in sections:
        keys += section_keys(s.kind, s.data, s.sources)
    keys = list(dict.fromkeys(keys))
    seen = visible_entities(actor, keys)
    # A graph's nodes go through the graph's own rule for every kind (posts, lists and
    # identifiers included), unfiltered; a unit that reads no details sees none.
    graph_keys = [
        n.get("key", "") for s in sections if s.kind == SectionKind.GRAPH for n in s.data.get("nodes", [])
    ]
    shown = set(load_nodes(Reader(actor), graph_keys, filtered=False)) if discloses_details(actor) else set()
    views = [_section(s, seen, shown) for s in sections]
    # Sources: the records and notices drawn on (hits, posts, lists, identifiers are not sources).
    source_keys = [k for k in keys if k.partition(":")[0] in ENTITY_KINDS]
    sources = [seen[k] for k in source_keys if k in seen]
    # A withheld entity is counted once, where a section shows it; sources add only the others.
    in_sections = {
        k
        for s in sections
        if s.kind in (SectionKind.ENTITIES, SectionKind.GRAPH)
        for k in section_keys(s.kind, s.data, [])
    }
    withheld_sources = sum(1 for k in source_keys if k not in seen and k not in in_sections)
    return ReportView(report, views, sources, withheld_sources)
