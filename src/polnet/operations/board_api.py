"""The live board's figures, at /api/operations/<id>/board (scope `operations`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Schema

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS, request_actor
from polnet.network.auth import ScopedRouter
from polnet.operations import board

router = ScopedRouter(tags=["operations: live board"])
SCOPE = TokenScope.OPERATIONS


class OperationsBoardChecks(Schema):
    country: str
    day: date
    checks: int


class OperationsBoardHit(Schema):
    id: int
    at: datetime
    target_id: int
    target_kind: str
    target_label: str
    action: str
    country: str
    unit_id: int | None
    location: str
    screening_hit_id: int | None


class OperationsBoardSeizures(Schema):
    category: str
    lines: int
    value_eur: Decimal | None  # None: no line of the category was valued


class OperationsBoardDrugs(Schema):
    drug_type: str
    quantity_unit: str
    quantity: Decimal
    value_eur: Decimal | None


class OperationsBoardOut(Schema):
    operation_id: int
    code_name: str
    handling_code: str
    phase: str
    checks: list[OperationsBoardChecks]
    total_checks: int
    # None for observers: they read the totals only.
    hits: list[OperationsBoardHit] | None
    hit_count: int | None
    seizures: list[OperationsBoardSeizures]
    drugs: list[OperationsBoardDrugs]
    value_eur: Decimal
    arrests: int


def _hit(hit: Any) -> dict[str, Any]:
    return {
        "id": hit.pk,
        "at": hit.at,
        "target_id": hit.target_id,
        "target_kind": hit.target.kind,
        "target_label": hit.target.label,
        "action": hit.target.action,
        "country": hit.country_id,
        "unit_id": hit.unit_id,
        "location": hit.location,
        "screening_hit_id": hit.hit_id,
    }


@router.get("/{operation_id}/board", response={200: OperationsBoardOut, **ERRORS}, scope=SCOPE)
def get_board(request: HttpRequest, operation_id: int) -> dict[str, Any]:
    actor = request_actor(request)
    figures = board.board(actor, board.operation_for(actor, operation_id))
    op = figures.operation
    return {
        "operation_id": op.pk,
        "code_name": op.code_name,
        "handling_code": op.handling_code,
        "phase": op.phase,
        "checks": [
            {"country": c, "day": day, "checks": n}
            for c in figures.countries
            for day, n in zip(figures.days, figures.checks_of(c), strict=True)
        ],
        "total_checks": figures.total_checks,
        "hits": [_hit(h) for h in figures.hits] if figures.personal else None,
        "hit_count": figures.hit_count if figures.personal else None,
        "seizures": [
            {"category": s["category"], "lines": s["lines"], "value_eur": s["eur"]} for s in figures.seizures
        ],
        "drugs": [
            {
                "drug_type": d["drug_type"],
                "quantity_unit": d["quantity_unit"],
                "quantity": d["quantity"],
                "value_eur": d["eur"],
            }
            for d in figures.drugs
        ],
        "value_eur": figures.value_eur,
        "arrests": figures.arrests,
    }
