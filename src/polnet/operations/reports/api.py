"""Field reports and results over the API, at /api/operations/reports/ (scope `operations`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Schema, Status

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS, request_actor
from polnet.network.auth import ScopedRouter
from polnet.operations.models import FieldReport
from polnet.operations.reports import results, services

router = ScopedRouter(tags=["operations: field reports"])
SCOPE = TokenScope.OPERATIONS


class OperationSeizureIn(Schema):
    category: str
    drug_type: str = ""
    quantity: str
    quantity_unit: str
    value: str | None = None
    currency: str = ""
    description: str = ""


class OperationArrestIn(Schema):
    nationality: str
    person_record_id: int | None = None
    notes: str = ""


class OperationReportIn(Schema):
    place: str
    occurred_at: datetime
    seizures: list[OperationSeizureIn] = []
    arrests: list[OperationArrestIn] = []
    operation_hit: int | None = None
    record_kind: str = ""
    record_id: int | None = None
    notes: str = ""


class OperationSeizureOut(Schema):
    category: str
    drug_type: str
    quantity: str
    quantity_unit: str
    value: str | None
    currency: str
    value_eur: str | None


class OperationReportOut(Schema):
    id: int
    operation: int
    country: str
    unit: int | None
    place: str
    occurred_at: datetime
    operation_hit: int | None
    seizures: list[OperationSeizureOut]
    arrests: list[OperationArrestIn]


class OperationResultsOut(Schema):
    headline: str
    value_eur: str
    arrests: int
    categories: list[dict[str, Any]]
    countries: list[dict[str, Any]]
    days: list[dict[str, Any]]


def _out(r: FieldReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "operation": r.operation_id,
        "country": r.country_id,
        "unit": r.unit_id,
        "place": r.place,
        "occurred_at": r.occurred_at,
        "operation_hit": r.operation_hit_id,
        "seizures": [
            {
                "category": s.category,
                "drug_type": s.drug_type,
                "quantity": str(s.quantity),
                "quantity_unit": s.quantity_unit,
                "value": None if s.value is None else str(s.value),
                "currency": s.currency,
                "value_eur": None if s.value_eur is None else str(s.value_eur),
            }
            for s in r.seizures.all()
        ],
        "arrests": [
            {"nationality": a.nationality_id, "person_record_id": a.person_record_id, "notes": a.notes}
            for a in r.arrests.all()
        ],
    }


def _str(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {k: v if isinstance(v, int | str) or v is None else str(v) for k, v in row.items()} for row in rows
    ]


@router.post("/{operation_id}/", response={201: OperationReportOut, **ERRORS}, scope=SCOPE)
def file_report(
    request: HttpRequest, operation_id: int, payload: OperationReportIn
) -> Status[dict[str, Any]]:
    report = services.file_report(request_actor(request), operation_id, **payload.dict())
    return Status(201, _out(report))


@router.get("/{operation_id}/results", response={200: OperationResultsOut, **ERRORS}, scope=SCOPE)
def operation_results(request: HttpRequest, operation_id: int) -> dict[str, Any]:
    actor = request_actor(request)
    r = results.results_for(actor, services.get_operation(actor, operation_id))
    return {
        "headline": r.headline,
        "value_eur": str(r.value_eur),
        "arrests": r.arrests,
        "categories": _str(r.categories),
        "countries": _str(r.countries),
        "days": _str(r.days),
    }


@router.get("/report/{report_id}", response={200: OperationReportOut, **ERRORS}, scope=SCOPE)
def read_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return _out(services.get_report(request_actor(request), report_id))


@router.put("/report/{report_id}", response={200: OperationReportOut, **ERRORS}, scope=SCOPE)
def correct_report(request: HttpRequest, report_id: int, payload: OperationReportIn) -> dict[str, Any]:
    return _out(services.correct_report(request_actor(request), report_id, **payload.dict()))
