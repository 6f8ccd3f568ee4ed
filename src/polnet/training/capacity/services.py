"""Capacity-building plans: the secretariat's authors write them, partners and served
bureaus read them (`training/policy.py`). Every act is checked, validated whole and audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.network.models import Bureau, Partner, Unit
from polnet.training import policy
from polnet.training.capacity import dashboard
from polnet.training.capacity.models import (
    ActivityKind,
    Indicator,
    Metric,
    Plan,
    PlanActivity,
    PlanState,
)
from polnet.training.catalogue.models import Course, PriorityArea
from polnet.training.classroom.models import ClassSession

__all__ = [
    "activity_for_author",
    "add_activity",
    "add_indicator",
    "create_plan",
    "plan_detail",
    "plan_for",
    "readable_bureaus",
    "update_activity",
    "update_plan",
    "visible_plans",
]


def visible_plans(actor: Actor) -> QuerySet[Plan]:
    ids = Plan.objects.filter(policy.plans_q(actor)).values("pk")
    return Plan.objects.filter(pk__in=ids).prefetch_related("partners")


def plan_for(actor: Actor, plan_id: int) -> Plan:
    """A plan the actor reads; any other answers NotFound."""
    plan = visible_plans(actor).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_("No such plan."), code="plan_not_found")
    return plan


def _require_author(actor: Actor) -> None:
    if not policy.runs_plans(actor):
        raise Forbidden(
            _("Only the secretariat's trainers and reviewers write plans."), code="plan_author_only"
        )


def _authored_plan(actor: Actor, plan_id: int) -> Plan:
    _require_author(actor)
    plan = Plan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_("No such plan."), code="plan_not_found")
    return plan


def _dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise InvalidInput(_("The end comes before the start."), code="dates_reversed", field="ends_on")


def _choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise InvalidInput(_("This choice is not offered."), code="choice_unknown", field=field)
    return value


def _partners(ids: list[int]) -> list[Partner]:
    found = list(Partner.objects.filter(pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise InvalidInput(_("No such partner organisation."), code="partner_unknown", field="partner_ids")
    return found


def _plan_fields(title: str, summary: str, starts_on: date, ends_on: date, state: str) -> dict[str, Any]:
    if not title.strip():
        raise InvalidInput(_("A plan needs a title."), code="plan_title_missing", field="title")
    _dates(starts_on, ends_on)
    _choice(state, PlanState, "state")
    return {
        "title": title.strip()[:200],
        "summary": summary.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "state": state,
    }


@transaction.atomic
def create_plan(
    actor: Actor,
    *,
    title: str,
    starts_on: date,
    ends_on: date,
    summary: str = "",
    partner_ids: list[int] | None = None,
    state: str = PlanState.DRAFT,
) -> Plan:
    _require_author(actor)
    fields = _plan_fields(title, summary, starts_on, ends_on, state)
    partners = _partners(partner_ids or [])
    plan = Plan.objects.create(created_by_id=actor.user_id or 0, **fields)  # authors are people
    plan.partners.set(partners)
    audit.log(actor, audit.Action.CREATE, "plan", plan.pk, detail={"partners": [p.pk for p in partners]})
    return plan


@transaction.atomic
def update_plan(
    actor: Actor,
    plan_id: int,
    *,
    title: str,
    starts_on: date,
    ends_on: date,
    summary: str = "",
    partner_ids: list[int] | None = None,
    state: str = PlanState.DRAFT,
) -> Plan:
    plan = _authored_plan(actor, plan_id)
    fields = _plan_fields(title, summary, starts_on, ends_on, state)
    outside = plan.activities.filter(starts_on__lt=starts_on) | plan.activities.filter(ends_on__gt=ends_on)
    if outside.exists():
        raise InvalidInput(
            _("An activity of the plan falls outside these dates."),
            code="plan_excludes_activity",
            field="starts_on",
        )
    partners = _partners(partner_ids or [])
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    plan.partners.set(partners)
    audit.log(actor, audit.Action.UPDATE, "plan", plan.pk, detail={"state": plan.state})
    return plan


def _activity_fields(plan: Plan, data: dict[str, Any]) -> tuple[dict[str, Any], list[Bureau], list[Unit]]:
    """Checks an activity's input against its plan; returns its fields, bureaus and posts."""
    if not str(data.get("title", "")).strip():
        raise InvalidInput(_("An activity needs a title."), code="activity_title_missing", field="title")
    starts_on, ends_on = data["starts_on"], data["ends_on"]
    _dates(starts_on, ends_on)
    if starts_on < plan.starts_on or ends_on > plan.ends_on:
        raise InvalidInput(
            _("An activity must fall within its plan's dates."),
            code="activity_outside_plan",
            field="starts_on",
        )
    bureau_ids, unit_ids = set(data.get("bureau_ids") or []), set(data.get("unit_ids") or [])
    bureaus = list(Bureau.objects.filter(pk__in=bureau_ids))
    if len(bureaus) != len(bureau_ids):
        raise InvalidInput(_("No such bureau."), code="bureau_unknown", field="bureau_ids")
    units = list(Unit.objects.filter(pk__in=unit_ids))
    if len(units) != len(unit_ids):
        raise InvalidInput(_("No such post."), code="unit_unknown", field="unit_ids")
    if any(u.bureau_id not in bureau_ids for u in units):
        raise InvalidInput(
            _("A post served must belong to one of the bureaus served."),
            code="unit_outside_bureaus",
            field="unit_ids",
        )
    lead = data.get("lead_partner_id")
    if lead is not None and not plan.partners.filter(pk=lead).exists():
        raise InvalidInput(
            _("The lead partner must take part in the plan."),
            code="lead_not_in_plan",
            field="lead_partner_id",
        )
    course, session = data.get("course_id"), data.get("session_id")
    if course is not None and not Course.objects.filter(pk=course).exists():
        raise InvalidInput(_("No such course."), code="course_unknown", field="course_id")
    if session is not None and not ClassSession.objects.filter(pk=session).exists():
        raise InvalidInput(_("No such session."), code="session_unknown", field="session_id")
    fields = {
        "title": str(data["title"]).strip()[:200],
        "kind": _choice(data["kind"], ActivityKind, "kind"),
        "area": _choice(data["area"], PriorityArea, "area"),
        "course_id": course,
        "session_id": session,
        "lead_partner_id": lead,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "done": bool(data.get("done", False)),
        "notes": str(data.get("notes", "")).strip(),
    }
    return fields, bureaus, units


@transaction.atomic
def add_activity(actor: Actor, plan_id: int, **data: Any) -> PlanActivity:
    plan = _authored_plan(actor, plan_id)
    fields, bureaus, units = _activity_fields(plan, data)
    activity = PlanActivity.objects.create(plan=plan, **fields)
    activity.bureaus.set(bureaus)
    activity.units.set(units)
    audit.log(actor, audit.Action.CREATE, "plan_activity", activity.pk, detail={"plan": plan.pk})
    return activity


@transaction.atomic
def update_activity(actor: Actor, activity_id: int, **data: Any) -> PlanActivity:
    _require_author(actor)
    activity = PlanActivity.objects.select_for_update().filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(_("No such activity."), code="activity_not_found")
    fields, bureaus, units = _activity_fields(activity.plan, data)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save()
    activity.bureaus.set(bureaus)
    activity.units.set(units)
    audit.log(actor, audit.Action.UPDATE, "plan_activity", activity.pk, detail={"done": activity.done})
    return activity


@transaction.atomic
def add_indicator(
    actor: Actor,
    plan_id: int,
    *,
    metric: str,
    bureau_id: int,
    target: Decimal | str | float,
    target_date: date,
    unit_id: int | None = None,
    activity_id: int | None = None,
) -> Indicator:
    plan = _authored_plan(actor, plan_id)
    _choice(metric, Metric, "metric")
    if not Bureau.objects.filter(pk=bureau_id).exists():
        raise InvalidInput(_("No such bureau."), code="bureau_unknown", field="bureau_id")
    if unit_id is not None and not Unit.objects.filter(pk=unit_id, bureau_id=bureau_id).exists():
        raise InvalidInput(
            _("The post must be a unit of the bureau."), code="unit_outside_bureau", field="unit_id"
        )
    if activity_id is not None and not plan.activities.filter(pk=activity_id).exists():
        raise InvalidInput(
            _("The activity must belong to the plan."), code="activity_not_in_plan", field="activity_id"
        )
    try:
        value = Decimal(str(target)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise InvalidInput(_("The target must be a number."), code="target_invalid", field="target") from None
    if value < 0 or value >= Decimal("1e10"):
        raise InvalidInput(_("The target is out of range."), code="target_range", field="target")
    indicator = Indicator.objects.create(
        plan=plan,
        metric=metric,
        bureau_id=bureau_id,
        unit_id=unit_id,
        target=value,
        target_date=target_date,
        activity_id=activity_id,
    )
    audit.log(actor, audit.Action.CREATE, "plan_indicator", indicator.pk, detail={"plan": plan.pk})
    return indicator


def plan_detail(
    actor: Actor, plan_id: int, today: date | None = None
) -> tuple[Plan, list[PlanActivity], list[tuple[Indicator, dashboard.BeforeAfter]]]:
    """A plan the actor reads, its activities, and each indicator with its figures."""
    plan = plan_for(actor, plan_id)
    activities = list(plan.activities.select_related("lead_partner").prefetch_related("bureaus", "units"))
    indicators = plan.indicators.select_related("bureau", "unit", "activity", "plan")
    return plan, activities, [(i, dashboard.before_after(i, today)) for i in indicators]


def readable_bureaus(actor: Actor) -> QuerySet[Bureau]:
    """The bureaus whose dashboard the actor reads, for the page's choice."""
    return Bureau.objects.filter(policy.dashboard_bureaus_q(actor)).select_related("country").order_by("name")


def activity_for_author(actor: Actor, activity_id: int) -> PlanActivity:
    """An activity to edit, for the secretariat's authors."""
    _require_author(actor)
    activity = PlanActivity.objects.select_related("plan").filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(_("No such activity."), code="activity_not_found")
    return activity
