"""The plan's pages: my operations (and a new one), the plan with the coordinator's forms,
and the targets. Same services as the API; refusals are shown on the page they came from."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from polnet.core.actions import HitAction
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, PolnetError
from polnet.core.templatetags.polnet import country as country_name
from polnet.network.models import Partner, Unit, UnitKind
from polnet.network.web import actor_required, open_to_learners
from polnet.operations import board, messages_views, policy, tabs
from polnet.operations.models import CrimeArea, Operation, Phase, TargetKind
from polnet.operations.plan import services, targets
from polnet.operations.plan.services import DATE_FIELDS, PHASE_ORDER
from polnet.records.models import HandlingCode

HOME = "/operations/"


def _date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            _("Give a date as YYYY-MM-DD."), code="operation_date_format", field=field
        ) from None


def _int(value: str, field: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise InvalidInput(_("Give a number."), code="operation_number_format", field=field) from None


def _plan_data(post: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        f: post.get(f, "") for f in ("code_name", "crime_area", "summary", "handling_code")
    }
    for f in DATE_FIELDS:
        data[f] = _date(post.get(f, ""), f)
    return data


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def operation_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    error, status = None, 200
    if request.method == "POST":
        try:
            services.require_may_plan(actor)
            op = services.create_operation(actor, **_plan_data(request.POST))
            return HttpResponseRedirect(f"{HOME}{op.pk}/")
        except PolnetError as exc:
            error, status = exc.message, exc.status
    operations = list(policy.visible_operations(actor).select_related("coordinator__country")[:200])
    context = {
        "actor": actor,
        "operations": [  # the code name opens the plan; the other tabs follow it
            (op, [t for t in tabs.tabs_for(actor, op) if t.slug != "plan"]) for op in operations
        ],
        "may_plan": policy.may_plan(actor),
        "crime_areas": CrimeArea.choices,
        "handling_codes": HandlingCode.choices,
        "error": error,
        "form": request.POST,
    }
    return render(request, "operations/list.html", context, status=status)


def _coordinator_act(actor: Actor, op: Operation, post: Any) -> None:
    act = post.get("act", "")
    if act == "phase":
        services.move_phase(actor, op, post.get("phase", ""))
    elif act == "participant":
        units = [_int(u, "units") for u in post.getlist("units") if u.strip()]
        services.set_participant(actor, op, post.get("country", ""), units)
    elif act == "remove_participant":
        services.remove_participant(actor, op, post.get("country", ""))
    elif act == "observer":
        services.add_observer(actor, op, _int(post.get("partner", ""), "partner"))
    elif act == "remove_observer":
        services.remove_observer(actor, op, _int(post.get("partner", ""), "partner"))
    elif act == "rate":
        services.set_rate(actor, op, post.get("currency", ""), post.get("eur_per_unit", ""))
    elif act == "plan":
        services.update_plan(actor, op, **_plan_data(post))
    else:
        raise InvalidInput(_("There is no such change."), code="operation_act_unknown")


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def operation_detail(request: HttpRequest, actor: Actor, operation_id: int) -> HttpResponse:
    op = services.get_operation(actor, operation_id)
    error, status = None, 200
    if request.method == "POST":
        try:
            _coordinator_act(actor, op, request.POST)
            return HttpResponseRedirect(f"{HOME}{op.pk}/")
        except PolnetError as exc:
            error, status = exc.message, exc.status
    coordinates = policy.coordinates(actor, op)
    here = PHASE_ORDER.index(Phase(op.phase))
    context = {
        "actor": actor,
        "op": op,
        "tabs": tabs.tabs_for(actor, op, "plan"),
        "live_board": board.board(actor, op) if op.phase == Phase.ACTIVE else None,
        "error": error,
        "coordinates": coordinates,
        "personal": policy.reads_personal_data(actor, op),
        "phases": [(p, p.label, i < here, i == here) for i, p in enumerate(PHASE_ORDER)],
        "next_phases": [(p, p.label) for p in PHASE_ORDER[here + 1 :]],
        "participants": op.participants.select_related("country").prefetch_related("units"),
        "observers": op.observers.all(),
        "partners": Partner.objects.filter(active=True) if coordinates else [],
        "targets": targets.visible_targets(actor, op) if policy.reads_personal_data(actor, op) else [],
        "may_add_targets": policy.may_add_targets(actor, op),
        "thread": messages_views.panel(actor, op) if policy.takes_part_in_messages(actor, op) else None,
        "rates": op.rates.all(),
        "crime_areas": CrimeArea.choices,
        "handling_codes": HandlingCode.choices,
    }
    if coordinates and op.phase != Phase.CLOSED:
        picked = (
            request.POST.get("country", "") if request.method == "POST" else request.GET.get("country", "")
        )
        context |= _picker(actor, op, picked)
    return render(request, "operations/detail.html", context, status=status)


def _picker(actor: Actor, op: Operation, country: str) -> dict[str, Any]:
    """The post picker's context: the member countries, and the chosen one's posts by kind."""
    members = sorted(services.member_countries(), key=lambda c: country_name(c.code).casefold())
    context: dict[str, Any] = {"op": op, "members": members, "picked": None}
    if not country.strip():
        return context
    try:
        member, units, chosen = services.post_choices(actor, op, country)
    except InvalidInput as exc:
        return context | {"picker_error": exc.message}
    kinds = dict(UnitKind.choices)
    groups: dict[str, list[Unit]] = {}
    for unit in units:
        groups.setdefault(unit.kind, []).append(unit)
    return context | {
        "picked": member,
        "posts": [(kinds.get(kind, kind), group) for kind, group in groups.items()],
        "chosen": chosen,
        "taking_part": op.participants.filter(country=member).exists(),
    }


@require_GET
@actor_required
def post_picker(request: HttpRequest, actor: Actor, operation_id: int) -> HttpResponse:
    """The picker's posts for the chosen country, swapped in by htmx; without it, the plan page
    shows the same once the country is chosen."""
    op = services.get_operation(actor, operation_id)
    country = request.GET.get("country", "")
    if not getattr(request, "htmx", False):
        return HttpResponseRedirect(f"{HOME}{op.pk}/?{urlencode({'country': country})}#participant-form")
    if not policy.coordinates(actor, op):
        raise Forbidden(
            _("Only the operation's coordinator may change its plan."), code="operation_not_coordinator"
        )
    return render(request, "operations/_posts.html", {"actor": actor, **_picker(actor, op, country)})


@require_http_methods(["GET", "POST"])
@actor_required
def operation_targets(request: HttpRequest, actor: Actor, operation_id: int) -> HttpResponse:
    op = services.get_operation(actor, operation_id)
    services.require_participant(actor, op)
    error, status = None, 200
    if request.method == "POST":
        try:
            if request.POST.get("act") == "remove":
                targets.remove_target(actor, op, _int(request.POST.get("target", ""), "target"))
            else:
                kind = request.POST.get("kind", "")
                record = request.POST.get("record_id", "").strip()
                targets.add_target(
                    actor,
                    op,
                    kind=kind,
                    action=request.POST.get("action", ""),
                    record_id=_int(record, "record_id") if record else None,
                    identifier=request.POST.get("identifier", ""),
                    notes=request.POST.get("notes", ""),
                )
            return HttpResponseRedirect(f"{HOME}{op.pk}/targets/")
        except PolnetError as exc:
            error, status = exc.message, exc.status
    context = {
        "actor": actor,
        "op": op,
        "error": error,
        "form": request.POST,
        "tabs": tabs.tabs_for(actor, op, "targets"),
        "targets": targets.visible_targets(actor, op),
        "may_add_targets": policy.may_add_targets(actor, op),
        "kinds": TargetKind.choices,
        "actions": HitAction.choices,
    }
    return render(request, "operations/targets.html", context, status=status)
