"""The trends API, under /api/analysis/trends/: each series as JSON (with its chart) or CSV,
the chart as PNG or SVG, and a project's month of changes. Scope: analysis."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query

from polnet.analysis.trends import scope, services
from polnet.analysis.trends.filters import make_filters
from polnet.analysis.trends.output import as_file, as_json
from polnet.analysis.trends.schemas import ChangeOut, TrendOut, TrendParams, stamp
from polnet.analysis.trends.series import SERIES
from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.network.auth import ScopedRouter

router = ScopedRouter(tags=["analysis"])


@router.get(
    "/", scope=TokenScope.ANALYSIS, response={200: list[str], **ERRORS}, summary="The trends there are"
)
def list_trends(request: HttpRequest) -> list[str]:
    scope.require_analyst(_actor(request))
    return list(SERIES)


@router.get(
    "/projects/{int:project_id}/changes",
    scope=TokenScope.ANALYSIS,
    response={200: ChangeOut, **ERRORS},
    summary="What changed in a project in a month (YYYY-MM, this month by default)",
)
def project_changes(request: HttpRequest, project_id: int, month: str = "") -> dict[str, Any]:
    _, changes = services.project_changes(_actor(request), project_id, month[:7] or None)

    def rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: stamp(v) for k, v in item.items()} for item in items]

    return {
        "month": changes.month.strftime("%Y-%m"),
        "counts": changes.counts,
        "links": rows(changes.links),
        "hits": rows(changes.hits),
        "notices": rows(changes.notices),
        "steps": rows(changes.steps),
    }


@router.get(
    "/{name}",
    scope=TokenScope.ANALYSIS,
    response={200: TrendOut, **ERRORS},
    summary="One trend: its table and chart (JSON), its table (format=csv) or its chart (png, svg)",
)
def trend(request: HttpRequest, name: str, params: Query[TrendParams]) -> Any:
    actor = _actor(request)
    filters = make_filters(
        since=params.since,
        until=params.until,
        country=params.country,
        post=params.post,
        kind=params.kind,
        crime_area=params.crime_area,
    )
    table = services.series(actor, name, filters)
    if params.format != "json":
        response: HttpResponse = as_file(name, table, params.format)
        return response
    return as_json(name, table, filters)
