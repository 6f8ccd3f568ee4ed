"""The console's API under /api/dataprotection/: access history, the processing log and its
signed extract, alerts, the register of processing. Scope: data_protection."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.dataprotection.console import alerts as alert_words
from polnet.dataprotection.console import filters, policy, register, services
from polnet.dataprotection.console.models import Alert
from polnet.dataprotection.console.schemas import (
    AccessHistoryOut,
    AlertOut,
    AlertPageOut,
    CloseIn,
    EventPageOut,
    LogParams,
    RegisterEntryOut,
)
from polnet.dataprotection.console.sources import Page
from polnet.network.auth import ScopedRouter

router = ScopedRouter(tags=["data protection"])
SCOPE = TokenScope.DATA_PROTECTION
PER_PAGE = 100


def _page(found: Page) -> dict[str, Any]:
    return {
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
        "events": [e.as_dict() for e in found.events],
    }


def _alert(a: Alert) -> dict[str, Any]:
    return {
        "id": a.pk,
        "kind": a.kind,
        "subject": a.subject_name,
        "affiliation": a.affiliation,
        "window_start": a.window_start.isoformat(),
        "window_end": a.window_end.isoformat(),
        "explanation": alert_words.explain(a),
        "figures": a.figures,
        "state": a.state,
        "closing_note": a.closing_note,
        "closed_by": a.closed_by.username if a.closed_by else None,
        "closed_at": a.closed_at.isoformat() if a.closed_at else None,
    }


def _filters(params: LogParams) -> filters.LogFilters:
    return filters.make_filters(
        user=params.user,
        unit=params.unit,
        purpose=params.purpose,
        kind=params.kind,
        record_id=params.record_id,
        since=params.since,
        until=params.until,
    )


@router.get(
    "/access-history/{kind}/{int:record_id}",
    scope=SCOPE,
    response={200: AccessHistoryOut, **ERRORS},
    summary="Who read, changed, searched or was shown a record (a person: with their documents)",
)
def access_history(request: HttpRequest, kind: str, record_id: int, page: str = "1") -> dict[str, Any]:
    number = filters.page_number(page, per_page=PER_PAGE)
    ref, found = services.access_history(_actor(request), kind, record_id, page=number, per_page=PER_PAGE)
    return {
        "kind": ref.kind,
        "id": ref.pk,
        "owner_country": ref.owner_country,
        "exists": ref.exists,
        "documents": ref.documents,
        **_page(found),
    }


@router.get("/log", scope=SCOPE, response={200: EventPageOut, **ERRORS}, summary="Search the processing log")
def search_log(request: HttpRequest, params: Query[LogParams]) -> dict[str, Any]:
    chosen = _filters(params)
    number = filters.page_number(params.page, per_page=PER_PAGE)
    return _page(services.search_log(_actor(request), chosen, page=number, per_page=PER_PAGE))


@router.post(
    "/log/export",
    scope=SCOPE,
    response={200: None, **ERRORS},
    summary="A signed extract of the filtered log: a zip of the JSON Lines file, its Ed25519 "
    "signature and the node's public key",
)
def export_log(request: HttpRequest, params: Query[LogParams]) -> HttpResponse:
    made = services.export_log(_actor(request), _filters(params))
    response = HttpResponse(made.as_zip(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{made.name}.zip"'
    return response


@router.get(
    "/alerts", scope=SCOPE, response={200: AlertPageOut, **ERRORS}, summary="Alerts on unusual processing"
)
def list_alerts(request: HttpRequest, state: str = "", page: str = "1") -> dict[str, Any]:
    number = filters.page_number(page, per_page=PER_PAGE)
    rows, total = services.alerts(_actor(request), state=state[:16], page=number, per_page=PER_PAGE)
    return {"total": total, "alerts": [_alert(a) for a in rows]}


@router.get("/alerts/{int:alert_id}", scope=SCOPE, response={200: AlertOut, **ERRORS}, summary="One alert")
def get_alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    return _alert(services.alert(_actor(request), alert_id))


@router.post(
    "/alerts/{int:alert_id}/close",
    scope=SCOPE,
    response={200: AlertOut, **ERRORS},
    summary="Close an alert with a note",
)
def close_alert(request: HttpRequest, alert_id: int, body: CloseIn) -> dict[str, Any]:
    return _alert(services.close_alert(_actor(request), alert_id, body.note))


@router.get(
    "/register",
    scope=SCOPE,
    response={200: list[RegisterEntryOut], **ERRORS},
    summary="The register of processing (format=csv for CSV)",
)
def get_register(request: HttpRequest, format: str = "json") -> Any:
    policy.require_supervisor(_actor(request))
    if format == "csv":
        return register.csv_response()
    return [e.as_dict() for e in register.register()]
