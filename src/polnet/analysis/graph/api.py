"""The graph under /api/analysis/graph/: a neighbourhood, one entity's neighbours, a shortest
path, a snapshot for reports, and the links analysts add by hand. Every route needs the
analysis scope; the project's door and the owners' policies decide the rest."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Schema, Status
from pydantic import Field

from polnet.analysis.graph import services
from polnet.analysis.graph.explore import Answer
from polnet.analysis.graph.schemas import GraphLinkOut, GraphOut, LinkIn, SnapshotOut
from polnet.analysis.graph.services import GraphQuery
from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.network.auth import ScopedRouter

router = ScopedRouter(tags=["analysis graph"])


class FiltersIn(Schema):
    hops: int = Field(2, description="Links to walk from the start, 1 to 4")
    kinds: str = Field("", description="Kinds of entity to show, comma-separated (all when empty)")
    countries: str = Field("", description="Countries to show, comma-separated alpha-2 codes")
    date_from: date | None = None
    date_to: date | None = None
    per_node: int = Field(25, description="Links shown per entity before 'N more', 1 to 200")
    max_nodes: int = Field(300, description="Entities in one answer, 1 to 1000")

    def query(self, hops: int | None = None) -> GraphQuery:
        def _set(text: str, upper: bool = False) -> frozenset[str] | None:
            items = [p.strip() for p in text.split(",") if p.strip()]
            return frozenset(p.upper() if upper else p for p in items) if items else None

        return GraphQuery(
            hops=hops or self.hops,
            kinds=_set(self.kinds),
            date_from=self.date_from,
            date_to=self.date_to,
            countries=_set(self.countries, upper=True),
            per_node=self.per_node,
            max_nodes=self.max_nodes,
        )


def _answer(request: HttpRequest, answer: Answer | None) -> dict[str, Any]:
    with translation.override(translation.get_language_from_request(request)):
        return services.as_data(answer)


@router.get(
    "/projects/{project_id}/neighbourhood",
    scope=TokenScope.ANALYSIS,
    response={200: GraphOut, **ERRORS},
    summary="The entities within N links of one entity, as far as you may see them",
)
def neighbourhood(
    request: HttpRequest, project_id: int, start: str, filters: Query[FiltersIn]
) -> dict[str, Any]:
    return _answer(request, services.neighbourhood(_actor(request), project_id, start, filters.query()))


@router.get(
    "/projects/{project_id}/expand",
    scope=TokenScope.ANALYSIS,
    response={200: GraphOut, **ERRORS},
    summary="One entity's neighbours, to add to a graph on screen",
)
def expand(request: HttpRequest, project_id: int, node: str, filters: Query[FiltersIn]) -> dict[str, Any]:
    return _answer(request, services.expand(_actor(request), project_id, node, filters.query(hops=1)))


@router.get(
    "/projects/{project_id}/path",
    scope=TokenScope.ANALYSIS,
    response={200: GraphOut, **ERRORS},
    summary="A shortest chain of links between two entities (found: false when there is none)",
)
def path(
    request: HttpRequest, project_id: int, source: str, target: str, filters: Query[FiltersIn]
) -> dict[str, Any]:
    answer = services.path(_actor(request), project_id, source, target, filters.query())
    return _answer(request, answer)


@router.get(
    "/projects/{project_id}/snapshot",
    scope=TokenScope.ANALYSIS,
    response={200: SnapshotOut, **ERRORS},
    summary="A neighbourhood as the graph snapshot a report stores",
)
def snapshot(request: HttpRequest, project_id: int, start: str, filters: Query[FiltersIn]) -> dict[str, Any]:
    answer = services.neighbourhood(_actor(request), project_id, start, filters.query())
    with translation.override(translation.get_language_from_request(request)):
        return services.snapshot(answer)


@router.post(
    "/projects/{project_id}/links",
    scope=TokenScope.ANALYSIS,
    response={201: GraphLinkOut, **ERRORS},
    summary="Link two entities by hand, with a note saying why",
)
def add_link(request: HttpRequest, project_id: int, payload: LinkIn) -> Status[dict[str, Any]]:
    link = services.add_link(_actor(request), project_id, payload.source, payload.target, payload.note)
    body = {
        "id": link.pk,
        "source": link.source,
        "target": link.target,
        "reason": link.reason,
        "note": link.note,
    }
    return Status(201, body)


@router.delete(
    "/projects/{project_id}/links/{link_id}",
    scope=TokenScope.ANALYSIS,
    response={204: None, **ERRORS},
    summary="Remove a link added by hand (its author's party)",
)
def remove_link(request: HttpRequest, project_id: int, link_id: int) -> Status[None]:
    services.remove_link(_actor(request), project_id, link_id)
    return Status(204, None)
