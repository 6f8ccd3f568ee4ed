"""Capacity pages: the plans, a plan with its indicators' figures and charts, the forms of
the secretariat's authors, and the performance dashboard. Same services as the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, PolnetError
from polnet.core.forms import PageForm
from polnet.network.models import Unit
from polnet.network.web import actor_required, open_to_learners
from polnet.training import policy
from polnet.training.capacity import charts, dashboard, operation_figures, services
from polnet.training.capacity.forms import ActivityForm, IndicatorForm, PlanForm
from polnet.training.capacity.models import Plan, PlanActivity

HOME = "/training/plans/"
FORM = "training/capacity/form.html"


def _page(
    request: HttpRequest, actor: Actor, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, template, {"actor": actor, **context}, status=status)


def _author(actor: Actor) -> None:
    if not policy.runs_plans(actor):
        raise Forbidden(
            _("Only the secretariat's trainers and reviewers write plans."), code="plan_author_only"
        )


def _submit(request: HttpRequest, form: PageForm, act: Any) -> Any:
    """Runs the service on a valid form; a refusal lands on the form. None: show the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    payload = form.payload()  # type: ignore[attr-defined]
    if not payload:
        return None
    try:
        return act(payload)
    except PolnetError as exc:
        form.add_service_error(exc)
        return None


def _form(request: HttpRequest, actor: Actor, form: PageForm, title: str, back: str) -> HttpResponse:
    status = 422 if form.errors else 200
    return _page(request, actor, FORM, {"form": form, "title": title, "back": back}, status=status)


@require_GET
@actor_required
@open_to_learners
def plan_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    plans = services.visible_plans(actor)[:500]
    return _page(
        request, actor, "training/capacity/plans.html", {"plans": plans, "author": policy.runs_plans(actor)}
    )


def _plan_initial(plan: Plan) -> dict[str, Any]:
    return {
        "title": plan.title,
        "summary": plan.summary,
        "partners": list(plan.partners.all()),
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "state": plan.state,
    }


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def plan_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    _author(actor)
    form = PlanForm(request.POST or None)
    plan = _submit(request, form, lambda p: services.create_plan(actor, **p))
    if plan is not None:
        return HttpResponseRedirect(f"{HOME}{plan.pk}/")
    return _form(request, actor, form, str(_("New plan")), HOME)


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def plan_edit(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    _author(actor)
    plan = services.plan_for(actor, pk)
    form = PlanForm(request.POST or None, initial=_plan_initial(plan))
    if _submit(request, form, lambda p: services.update_plan(actor, pk, **p)) is not None:
        return HttpResponseRedirect(f"{HOME}{pk}/")
    return _form(request, actor, form, str(_("Edit the plan")), f"{HOME}{pk}/")


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def activity_new(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    _author(actor)
    plan = services.plan_for(actor, pk)
    form = ActivityForm(
        plan, request.POST or None, initial={"starts_on": plan.starts_on, "ends_on": plan.ends_on}
    )
    if _submit(request, form, lambda p: services.add_activity(actor, pk, **p)) is not None:
        return HttpResponseRedirect(f"{HOME}{pk}/")
    return _form(request, actor, form, str(_("New activity")), f"{HOME}{pk}/")


def _activity_initial(a: PlanActivity) -> dict[str, Any]:
    fields = ("title", "kind", "area", "lead_partner", "starts_on", "ends_on", "done", "notes")
    return {
        **{f: getattr(a, f) for f in fields},
        "bureaus": list(a.bureaus.all()),
        "units": list(a.units.all()),
    }


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def activity_edit(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    activity = services.activity_for_author(actor, pk)
    form = ActivityForm(activity.plan, request.POST or None, initial=_activity_initial(activity))
    if _submit(request, form, lambda p: services.update_activity(actor, pk, **p)) is not None:
        return HttpResponseRedirect(f"{HOME}{activity.plan_id}/")
    return _form(request, actor, form, str(_("Edit the activity")), f"{HOME}{activity.plan_id}/")


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def indicator_new(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    _author(actor)
    plan = services.plan_for(actor, pk)
    form = IndicatorForm(plan, request.POST or None, initial={"target_date": plan.ends_on})
    if _submit(request, form, lambda p: services.add_indicator(actor, pk, **p)) is not None:
        return HttpResponseRedirect(f"{HOME}{pk}/")
    return _form(request, actor, form, str(_("New indicator")), f"{HOME}{pk}/")


@require_GET
@actor_required
@open_to_learners
def plan_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    plan, activities, indicators = services.plan_detail(actor, pk)
    rows = [
        {
            "indicator": i,
            "figures": f,
            "chart": charts.before_after_bars(f.before, f.after, i.target),
            "lower": i.metric in dashboard.LOWER_IS_BETTER,
        }
        for i, f in indicators
    ]
    context = {"plan": plan, "activities": activities, "rows": rows, "author": policy.runs_plans(actor)}
    return _page(request, actor, "training/capacity/plan.html", context)


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), code="date_invalid", field=field) from None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
@actor_required
@open_to_learners
def dashboard_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    bureaus = list(services.readable_bureaus(actor))
    start, end = dashboard.window(
        _day(request.GET.get("start"), "start"), _day(request.GET.get("end"), "end"), timezone.now().date()
    )
    own = actor.bureau_id if any(b.pk == actor.bureau_id for b in bureaus) else None
    chosen = _int(request.GET.get("bureau")) or own or (bureaus[0].pk if bureaus else None)
    context: dict[str, Any] = {"bureaus": bureaus, "start": start, "end": end, "figures": None}
    if chosen is not None:
        bureau, unit, figures = dashboard.dashboard_for(
            actor, chosen, _int(request.GET.get("unit")), start, end
        )
        context |= {
            "bureau": bureau,
            "unit": unit,
            "units": Unit.objects.filter(bureau=bureau).order_by("name"),
            "figures": [{"f": f, "line": charts.sparkline(f.trend)} for f in figures],
        }
        joint = dashboard.operations_of(bureau, unit, start, end)
        context["operations"] = operation_figures.rows(joint) if joint is not None else None
    return _page(request, actor, "training/capacity/dashboard.html", context)
