"""The page of a project's duplicates: start a run, follow it, decide its pairs side by side."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from polnet.analysis import services as projects
from polnet.analysis import tabs
from polnet.analysis.resolution import labels, services
from polnet.analysis.resolution.forms import PairFilterForm, RunForm
from polnet.analysis.resolution.models import CandidatePair, ResolutionRun, RunStatus
from polnet.core.actor import Actor
from polnet.core.errors import NotFound, PolnetError
from polnet.network.web import actor_required

POLL_SECONDS = 2


def _page_url(project_id: int) -> str:
    return f"/analysis/projects/{project_id}/duplicates/"


def _run_context(actor: Actor, run: ResolutionRun | None) -> dict[str, Any]:
    if run is None:
        return {"run": None}
    state = services.run_state(actor, run)
    return {
        "run": run,
        "state": state,
        "running": run.status in (RunStatus.QUEUED, RunStatus.RUNNING),
        "stage_label": str(labels.STAGES.get(run.stage, "")),
        "training_label": labels.training_label(run.training_note),
        "poll_seconds": POLL_SECONDS,
    }


def _pair_view(pair: CandidatePair, sides: dict[str, services.Side]) -> dict[str, Any] | None:
    left, right = sides.get(pair.left), sides.get(pair.right)
    if left is None or right is None:
        return None
    rows = [
        {
            "comparison": labels.comparison_label(c["comparison"]),
            "level": labels.level_label(c["comparison"], c["level"]),
            "factor": c["bayes_factor"],
            "for_match": c["bayes_factor"] > 1,
            "against": c["bayes_factor"] < 1,
        }
        for c in pair.comparisons
    ]
    percent = round(pair.probability * 100, 1)
    return {"pair": pair, "sides": [left, right], "rows": rows, "percent": percent}


def _pair_views(actor: Actor, pairs: list[CandidatePair]) -> list[dict[str, Any]]:
    sides = services.sides(actor, pairs)
    return [v for p in pairs if (v := _pair_view(p, sides)) is not None]


@require_GET
@actor_required
def duplicates(request: HttpRequest, actor: Actor, project_id: int) -> HttpResponse:
    project = projects.project_for(actor, project_id)
    run = services.latest_run(actor, project_id)
    filters = PairFilterForm(request.GET or None)
    params = filters.payload() if request.GET else {}
    shown: list[dict[str, Any]] = []
    if run is not None and run.status == RunStatus.DONE and (not request.GET or filters.is_valid()):
        found = services.list_pairs(
            actor,
            project_id,
            run_id=run.pk,
            status=params.get("status"),
            min_probability=params.get("min_probability"),
            limit=100,
        )
        shown = _pair_views(actor, found)
    context = {
        "project": project,
        "tabs": tabs.tabs_for(project.pk, "duplicates"),
        "run_form": RunForm(initial={"threshold": 0.8}),
        "filters": filters,
        "pairs": shown,
        **_run_context(actor, run),
    }
    return render(request, "analysis/resolution/duplicates.html", context)


@require_POST
@actor_required
def start_run(request: HttpRequest, actor: Actor, project_id: int) -> HttpResponse:
    project = projects.project_for(actor, project_id)
    form = RunForm(request.POST)
    payload = form.payload()
    if payload:
        try:
            services.start_run(actor, project_id, threshold=payload.get("threshold"))
        except PolnetError as exc:
            form.add_service_error(exc)
    if form.errors:
        run = services.latest_run(actor, project_id)
        context = {
            "project": project,
            "tabs": tabs.tabs_for(project.pk, "duplicates"),
            "run_form": form,
            "filters": PairFilterForm(),
            "pairs": [],
        }
        return render(
            request,
            "analysis/resolution/duplicates.html",
            {**context, **_run_context(actor, run)},
            status=422,
        )
    return HttpResponseRedirect(_page_url(project_id))


@require_GET
@actor_required
def run_state(request: HttpRequest, actor: Actor, project_id: int, run_id: int) -> HttpResponse:
    run = services.run_for(actor, project_id, run_id)
    response = render(
        request,
        "analysis/resolution/_run.html",
        {"project": projects.project_for(actor, project_id), **_run_context(actor, run)},
    )
    if getattr(request, "htmx", False) and run.status == RunStatus.DONE:
        response["HX-Refresh"] = "true"  # the pairs are ready: show them
    return response


@require_POST
@actor_required
def decide(request: HttpRequest, actor: Actor, project_id: int, pair_id: int, decision: str) -> HttpResponse:
    if decision == "confirm":
        services.confirm(actor, project_id, pair_id, note=request.POST.get("note", "")[:2000])
    elif decision == "reject":
        services.reject(actor, project_id, pair_id)
    else:
        raise NotFound(
            _("A pair is confirmed or rejected, nothing else."), code="resolution_decision_unknown"
        )
    if not getattr(request, "htmx", False):
        return HttpResponseRedirect(_page_url(project_id))
    pair = services.pair_for(actor, project_id, pair_id)
    view = _pair_view(pair, services.sides(actor, [pair]))
    return render(
        request,
        "analysis/resolution/_pair.html",
        {"project": projects.project_for(actor, project_id), "item": view},
    )
