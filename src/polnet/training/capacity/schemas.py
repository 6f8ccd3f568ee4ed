"""What the capacity API and pages take and give. Figures only: never a record, hit or person."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from polnet.training.capacity.dashboard import BeforeAfter, Figure
from polnet.training.capacity.models import Indicator, Plan, PlanActivity


class TrainingPlanIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field("", max_length=10000)
    partner_ids: list[int] = Field(default_factory=list, max_length=50)
    starts_on: date
    ends_on: date
    state: str = Field("draft", max_length=16)


class TrainingActivityIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    kind: str = Field(max_length=16)
    area: str = Field(max_length=32)
    course_id: int | None = None
    session_id: int | None = None
    lead_partner_id: int | None = None
    bureau_ids: list[int] = Field(default_factory=list, max_length=200)
    unit_ids: list[int] = Field(default_factory=list, max_length=500)
    starts_on: date
    ends_on: date
    done: bool = False
    notes: str = Field("", max_length=5000)


class TrainingIndicatorIn(Schema):
    metric: str = Field(max_length=32)
    bureau_id: int
    unit_id: int | None = None
    target: Decimal = Field(ge=0, lt=Decimal("1e10"), decimal_places=2)
    target_date: date
    activity_id: int | None = None


class TrainingPlanOut(Schema):
    id: int
    title: str
    summary: str
    state: str
    starts_on: date
    ends_on: date
    partners: list[str]


class TrainingActivityOut(Schema):
    id: int
    title: str
    kind: str
    area: str
    lead_partner: str | None
    bureaus: list[str]  # country codes
    units: list[str]  # post names
    starts_on: date
    ends_on: date
    done: bool


class TrainingIndicatorOut(Schema):
    id: int
    metric: str
    bureau: str
    unit: str | None
    activity_id: int | None
    target: Decimal
    target_date: date
    lower_is_better: bool
    before: Decimal | None
    after: Decimal | None
    before_window: list[date] | None
    after_window: list[date] | None
    change: Decimal | None
    met: bool | None


class TrainingPlanDetailOut(TrainingPlanOut):
    activities: list[TrainingActivityOut]
    indicators: list[TrainingIndicatorOut]


class TrainingFigureOut(Schema):
    metric: str
    value: Decimal | None
    trend: list[Decimal | None]
    lower_is_better: bool


class TrainingOperationFiguresOut(Schema):
    """Counts from the joint operations the bureau's country took part in (docs/training.md)."""

    operations: int
    checks: int
    hits: int
    seizures: int
    arrests: int


class TrainingDashboardOut(Schema):
    bureau: str
    unit: str | None
    start: date
    end: date
    figures: list[TrainingFigureOut]
    # None for a post (operations count countries) or without the operations app.
    operations: TrainingOperationFiguresOut | None = None


def plan_out(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title": plan.title,
        "summary": plan.summary,
        "state": plan.state,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "partners": [p.name for p in plan.partners.all()],
    }


def activity_out(a: PlanActivity) -> dict[str, Any]:
    return {
        "id": a.pk,
        "title": a.title,
        "kind": a.kind,
        "area": a.area,
        "lead_partner": a.lead_partner.name if a.lead_partner else None,
        "bureaus": [b.country_id for b in a.bureaus.all()],
        "units": [u.name for u in a.units.all()],
        "starts_on": a.starts_on,
        "ends_on": a.ends_on,
        "done": a.done,
    }


def indicator_out(i: Indicator, figures: BeforeAfter, lower_is_better: bool) -> dict[str, Any]:
    return {
        "id": i.pk,
        "metric": i.metric,
        "bureau": i.bureau.country_id,
        "unit": i.unit.name if i.unit else None,
        "activity_id": i.activity_id,
        "target": i.target,
        "target_date": i.target_date,
        "lower_is_better": lower_is_better,
        "before": figures.before,
        "after": figures.after,
        "before_window": list(figures.before_window) if figures.before_window else None,
        "after_window": list(figures.after_window) if figures.after_window else None,
        "change": figures.change,
        "met": figures.met,
    }


def figure_out(f: Figure) -> dict[str, Any]:
    return {
        "metric": f.metric.value,
        "value": f.value,
        "trend": f.trend,
        "lower_is_better": f.lower_is_better,
    }
