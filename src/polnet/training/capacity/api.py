"""The capacity API, mounted at /api/training/capacity/: plans, a plan with its indicators'
figures, and the performance dashboard. Every route needs the `training` scope."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Status

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS, request_actor
from polnet.network.auth import ScopedRouter
from polnet.training.capacity import dashboard, services
from polnet.training.capacity.schemas import (
    TrainingActivityIn,
    TrainingActivityOut,
    TrainingDashboardOut,
    TrainingIndicatorIn,
    TrainingIndicatorOut,
    TrainingPlanDetailOut,
    TrainingPlanIn,
    TrainingPlanOut,
    activity_out,
    figure_out,
    indicator_out,
    plan_out,
)

router = ScopedRouter(tags=["training: capacity building"])
SCOPE = TokenScope.TRAINING


def _detail(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan, activities, indicators = services.plan_detail(request_actor(request), plan_id)
    return {
        **plan_out(plan),
        "activities": [activity_out(a) for a in activities],
        "indicators": [indicator_out(i, f, i.metric in dashboard.LOWER_IS_BETTER) for i, f in indicators],
    }


@router.get("/plans/", response={200: list[TrainingPlanOut], **ERRORS}, scope=SCOPE)
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    return [plan_out(p) for p in services.visible_plans(request_actor(request))[:500]]


@router.post("/plans/", response={201: TrainingPlanDetailOut, **ERRORS}, scope=SCOPE)
def create_plan(request: HttpRequest, payload: TrainingPlanIn) -> Status[dict[str, Any]]:
    plan = services.create_plan(request_actor(request), **payload.dict())
    return Status(201, _detail(request, plan.pk))


@router.get("/plans/{plan_id}", response={200: TrainingPlanDetailOut, **ERRORS}, scope=SCOPE)
def plan_detail(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    return _detail(request, plan_id)


@router.put("/plans/{plan_id}", response={200: TrainingPlanDetailOut, **ERRORS}, scope=SCOPE)
def update_plan(request: HttpRequest, plan_id: int, payload: TrainingPlanIn) -> dict[str, Any]:
    services.update_plan(request_actor(request), plan_id, **payload.dict())
    return _detail(request, plan_id)


@router.post("/plans/{plan_id}/activities", response={201: TrainingActivityOut, **ERRORS}, scope=SCOPE)
def add_activity(request: HttpRequest, plan_id: int, payload: TrainingActivityIn) -> Status[dict[str, Any]]:
    activity = services.add_activity(request_actor(request), plan_id, **payload.dict())
    return Status(201, activity_out(activity))


@router.put("/activities/{activity_id}", response={200: TrainingActivityOut, **ERRORS}, scope=SCOPE)
def update_activity(request: HttpRequest, activity_id: int, payload: TrainingActivityIn) -> dict[str, Any]:
    return activity_out(services.update_activity(request_actor(request), activity_id, **payload.dict()))


@router.post("/plans/{plan_id}/indicators", response={201: TrainingIndicatorOut, **ERRORS}, scope=SCOPE)
def add_indicator(request: HttpRequest, plan_id: int, payload: TrainingIndicatorIn) -> Status[dict[str, Any]]:
    i = services.add_indicator(request_actor(request), plan_id, **payload.dict())
    figures = dashboard.before_after(i)
    return Status(201, indicator_out(i, figures, i.metric in dashboard.LOWER_IS_BETTER))


@router.get("/dashboard", response={200: TrainingDashboardOut, **ERRORS}, scope=SCOPE)
def dashboard_figures(
    request: HttpRequest,
    bureau_id: int,
    unit_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, Any]:
    start, end = dashboard.window(start, end, timezone.now().date())
    bureau, unit, figures = dashboard.dashboard_for(request_actor(request), bureau_id, unit_id, start, end)
    joint = dashboard.operations_of(bureau, unit, start, end)
    return {
        "bureau": bureau.country_id,
        "unit": unit.name if unit else None,
        "start": start,
        "end": end,
        "figures": [figure_out(f) for f in figures],
        "operations": asdict(joint) if joint is not None else None,
    }
