"""The sandbox's pages: exercises, a run (briefing, checks, hits, reports, the notice request)
and its result. Learners and trainers practise here too: the data is synthetic."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from polnet.core import labels
from polnet.core.actions import allowed_actions
from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput
from polnet.core.templatetags.polnet import country_list
from polnet.network.web import actor_required, open_to_learners
from polnet.training.sandbox import services
from polnet.training.sandbox.exercises import EXERCISES, FUGITIVE_FILE
from polnet.training.sandbox.models import SandboxRun
from polnet.training.sandbox.services import NOTICE_FIELDS, Found
from polnet.training.sandbox.words import FIELDS, action_label, reasons, step_view
from polnet.training.sandbox.world import SandboxRecord, owners, planted, world


def _run_url(run: SandboxRun) -> str:
    return reverse("training-sandbox-run", args=[run.pk])


@actor_required
@open_to_learners
@require_GET
def sandbox_home(request: HttpRequest, actor: Actor) -> HttpResponse:
    best = services.best_results(actor)
    rows = [(e, best.get(e.code)) for e in EXERCISES.values()]
    return render(request, "training/sandbox/home.html", {"actor": actor, "rows": rows})


@actor_required
@open_to_learners
@require_POST
def sandbox_start(request: HttpRequest, actor: Actor, code: str) -> HttpResponse:
    return HttpResponseRedirect(_run_url(services.start(actor, code)))


def _fact_value(code: str, value: str) -> str:
    """Coded facts in the reader's words: a sex as a word, nationalities as country names."""
    if code == "sex" and value:
        return labels.label("sex", value)
    if code == "nationality" and value:
        return country_list(v.strip() for v in value.split(","))
    return value


def _fact_rows(record: SandboxRecord) -> list[tuple[str, str]]:
    return [(str(FIELDS.get(code, code)), _fact_value(code, value)) for code, value in record.facts]


def _act_line(act: dict[str, Any]) -> dict[str, Any]:
    """One act of the log as the run page lists it."""
    line = dict(act)
    if act.get("act") == "report":
        line["action_label"] = action_label(str(act.get("action", "")))
    record = world().record(str(act.get("kind", "")), int(act.get("id") or 0))
    line["ref"] = record.ref if record else ""
    return line


def _run_page(
    request: HttpRequest,
    actor: Actor,
    run: SandboxRun,
    *,
    found: list[Found] | None = None,
    kind: str = "",
    error: InvalidInput | None = None,
    status: int = 200,
) -> HttpResponse:
    ex = services.exercise(run.exercise)
    results = [
        {"record": f.record, "score": round(f.candidate.score * 100), "reasons": reasons(f.candidate)}
        for f in found or []
    ]
    context = {
        "actor": actor,
        "run": run,
        "exercise": ex,
        "planted": planted(),
        "fugitive": FUGITIVE_FILE,
        "notice_fields": [(n, FIELDS[n]) for n in NOTICE_FIELDS],
        "results": results,
        "checked_kind": kind,
        "checked": found is not None,
        "error": error,
        "acts": [_act_line(a) for a in run.log],
        "form": request.POST if request.method == "POST" else {},
        "bureaus": owners(),
    }
    return render(request, "training/sandbox/run.html", context, status=status)


@actor_required
@open_to_learners
@require_GET
def sandbox_run(request: HttpRequest, actor: Actor, run_id: int) -> HttpResponse:
    run = services.get_run(actor, run_id)
    if run.finished_at is not None:
        return HttpResponseRedirect(reverse("training-sandbox-result", args=[run.pk]))
    return _run_page(request, actor, run)


@actor_required
@open_to_learners
@require_POST
def sandbox_check(request: HttpRequest, actor: Actor, run_id: int, kind: str) -> HttpResponse:
    try:
        found = services.check(actor, run_id, kind, request.POST.dict())
    except InvalidInput as error:
        return _run_page(request, actor, services.get_run(actor, run_id), kind=kind, error=error, status=422)
    return _run_page(request, actor, services.get_run(actor, run_id), found=found, kind=kind)


def _record_page(
    request: HttpRequest,
    actor: Actor,
    run: SandboxRun,
    record: SandboxRecord,
    error: InvalidInput | None = None,
) -> HttpResponse:
    holder = world().record("person", record.holder) if record.holder else None
    context = {
        "actor": actor,
        "run": run,
        "record": record,
        "facts": _fact_rows(record),
        "holder": holder,
        "owner_action": action_label(record.action),
        "actions": [(a, action_label(a)) for a in allowed_actions(record.kind)],
        "error": error,
    }
    return render(request, "training/sandbox/record.html", context, status=422 if error else 200)


@actor_required
@open_to_learners
@require_POST
def sandbox_open(request: HttpRequest, actor: Actor, run_id: int, kind: str, record_id: int) -> HttpResponse:
    record = services.open_record(actor, run_id, kind, record_id)
    return _record_page(request, actor, services.get_run(actor, run_id), record)


@actor_required
@open_to_learners
@require_POST
def sandbox_report(
    request: HttpRequest, actor: Actor, run_id: int, kind: str, record_id: int
) -> HttpResponse:
    action, remarks = request.POST.get("action", ""), request.POST.get("remarks", "")
    try:
        run = services.report(actor, run_id, kind, record_id, action, remarks)
    except InvalidInput as error:
        run = services.get_run(actor, run_id)
        record = world().record(kind, record_id)
        if record is None:
            raise
        return _record_page(request, actor, run, record, error)
    return HttpResponseRedirect(_run_url(run) + "#acts")


@actor_required
@open_to_learners
@require_POST
def sandbox_notice(request: HttpRequest, actor: Actor, run_id: int) -> HttpResponse:
    try:
        run = services.request_notice(actor, run_id, request.POST.dict())
    except InvalidInput as error:
        return _run_page(request, actor, services.get_run(actor, run_id), error=error, status=422)
    return HttpResponseRedirect(_run_url(run) + "#acts")


@actor_required
@open_to_learners
@require_POST
def sandbox_message(request: HttpRequest, actor: Actor, run_id: int) -> HttpResponse:
    try:
        run = services.send_message(actor, run_id, request.POST.dict())
    except InvalidInput as error:
        return _run_page(request, actor, services.get_run(actor, run_id), error=error, status=422)
    return HttpResponseRedirect(_run_url(run) + "#acts")


@actor_required
@open_to_learners
@require_POST
def sandbox_finish(request: HttpRequest, actor: Actor, run_id: int) -> HttpResponse:
    run = services.finish(actor, run_id)
    return HttpResponseRedirect(reverse("training-sandbox-result", args=[run.pk]))


@actor_required
@open_to_learners
@require_GET
def sandbox_result(request: HttpRequest, actor: Actor, run_id: int) -> HttpResponse:
    run = services.get_run(actor, run_id)
    if run.finished_at is None:
        return HttpResponseRedirect(_run_url(run))
    context = {
        "actor": actor,
        "run": run,
        "exercise": services.exercise(run.exercise),
        "steps": [step_view(s) for s in run.feedback],
    }
    return render(request, "training/sandbox/result.html", context)
