"""The plan's API, mounted at /api/operations/plan/: the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS, request_actor
from polnet.network.auth import ScopedRouter
from polnet.operations import policy
from polnet.operations.plan import services, targets
from polnet.operations.plan.schemas import (
    OperationDetailOut,
    OperationIn,
    OperationObserverIn,
    OperationParticipantIn,
    OperationPhaseIn,
    OperationRateIn,
    OperationRateOut,
    OperationSummaryOut,
    OperationTargetIn,
    OperationTargetOut,
    detail_out,
    summary_out,
    target_out,
)

router = ScopedRouter(tags=["operations: plan"])
SCOPE = TokenScope.OPERATIONS


def _detail(request: HttpRequest, operation_id: int) -> dict[str, Any]:
    actor = request_actor(request)
    return detail_out(actor, services.get_operation(actor, operation_id))


@router.get("/", response={200: list[OperationSummaryOut], **ERRORS}, scope=SCOPE)
def list_operations(request: HttpRequest) -> list[dict[str, Any]]:
    rows = policy.visible_operations(request_actor(request)).select_related("coordinator")
    return [summary_out(op) for op in rows[:500]]


@router.post("/", response={201: OperationDetailOut, **ERRORS}, scope=SCOPE)
def create_operation(request: HttpRequest, payload: OperationIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    op = services.create_operation(actor, **payload.dict())
    return Status(201, detail_out(actor, op))


@router.get("/{operation_id}", response={200: OperationDetailOut, **ERRORS}, scope=SCOPE)
def operation_detail(request: HttpRequest, operation_id: int) -> dict[str, Any]:
    return _detail(request, operation_id)


@router.patch("/{operation_id}", response={200: OperationDetailOut, **ERRORS}, scope=SCOPE)
def update_operation(request: HttpRequest, operation_id: int, payload: OperationIn) -> dict[str, Any]:
    services.update_plan(request_actor(request), operation_id, **payload.dict())
    return _detail(request, operation_id)


@router.post("/{operation_id}/phase", response={200: OperationDetailOut, **ERRORS}, scope=SCOPE)
def move_phase(request: HttpRequest, operation_id: int, payload: OperationPhaseIn) -> dict[str, Any]:
    services.move_phase(request_actor(request), operation_id, payload.phase)
    return _detail(request, operation_id)


@router.put("/{operation_id}/participants", response={200: OperationDetailOut, **ERRORS}, scope=SCOPE)
def set_participant(
    request: HttpRequest, operation_id: int, payload: OperationParticipantIn
) -> dict[str, Any]:
    services.set_participant(request_actor(request), operation_id, payload.country, payload.units)
    return _detail(request, operation_id)


@router.delete("/{operation_id}/participants/{country}", response={204: None, **ERRORS}, scope=SCOPE)
def remove_participant(request: HttpRequest, operation_id: int, country: str) -> Status[None]:
    services.remove_participant(request_actor(request), operation_id, country)
    return Status(204, None)


@router.post("/{operation_id}/observers", response={200: OperationDetailOut, **ERRORS}, scope=SCOPE)
def add_observer(request: HttpRequest, operation_id: int, payload: OperationObserverIn) -> dict[str, Any]:
    services.add_observer(request_actor(request), operation_id, payload.partner)
    return _detail(request, operation_id)


@router.delete("/{operation_id}/observers/{partner_id}", response={204: None, **ERRORS}, scope=SCOPE)
def remove_observer(request: HttpRequest, operation_id: int, partner_id: int) -> Status[None]:
    services.remove_observer(request_actor(request), operation_id, partner_id)
    return Status(204, None)


@router.get("/{operation_id}/targets", response={200: list[OperationTargetOut], **ERRORS}, scope=SCOPE)
def list_targets(request: HttpRequest, operation_id: int) -> list[dict[str, Any]]:
    actor = request_actor(request)
    op = services.get_operation(actor, operation_id)
    services.require_participant(actor, op)
    return [target_out(t) for t in targets.visible_targets(actor, op)]


@router.post("/{operation_id}/targets", response={201: OperationTargetOut, **ERRORS}, scope=SCOPE)
def add_target(request: HttpRequest, operation_id: int, payload: OperationTargetIn) -> Status[dict[str, Any]]:
    target = targets.add_target(request_actor(request), operation_id, **payload.dict())
    return Status(201, target_out(target))


@router.delete("/{operation_id}/targets/{target_id}", response={204: None, **ERRORS}, scope=SCOPE)
def remove_target(request: HttpRequest, operation_id: int, target_id: int) -> Status[None]:
    targets.remove_target(request_actor(request), operation_id, target_id)
    return Status(204, None)


@router.put("/{operation_id}/rates", response={200: OperationRateOut, **ERRORS}, scope=SCOPE)
def set_rate(request: HttpRequest, operation_id: int, payload: OperationRateIn) -> dict[str, Any]:
    row = services.set_rate(request_actor(request), operation_id, payload.currency, payload.eur_per_unit)
    return {"currency": row.currency, "eur_per_unit": row.eur_per_unit}
