"""Entity resolution inside a project, under /api/analysis/duplicates/ (scope analysis)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status

from polnet.analysis.resolution import services
from polnet.analysis.resolution.models import CandidatePair
from polnet.analysis.resolution.schemas import PairDecisionIn, PairOut, PairParams, RunIn, RunOut
from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.core.limits import RowId
from polnet.network.auth import ScopedRouter

router = ScopedRouter(tags=["analysis"])


def pair_out(pair: CandidatePair) -> dict[str, Any]:
    return {
        "id": pair.pk,
        "run": pair.run_id,
        "left": pair.left,
        "right": pair.right,
        "left_owner": pair.left_owner,
        "right_owner": pair.right_owner,
        "same_country": pair.same_country,
        "probability": pair.probability,
        "match_weight": pair.weight,
        "comparisons": pair.comparisons,
        "status": pair.status,
        "decided_at": pair.decided_at,
        "link": pair.link_id,
    }


@router.post(
    "/projects/{project_id}/runs",
    scope=TokenScope.ANALYSIS,
    response={201: RunOut, **ERRORS},
    summary="Start a run over the persons the caller may see (large runs go to the job queue)",
)
def start(request: HttpRequest, project_id: RowId, payload: RunIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    run = services.start_run(actor, project_id, threshold=payload.threshold)
    return Status(201, services.run_state(actor, run))


@router.get(
    "/projects/{project_id}/runs",
    scope=TokenScope.ANALYSIS,
    response={200: list[RunOut], **ERRORS},
    summary="The project's runs, newest first",
)
def list_runs(request: HttpRequest, project_id: RowId) -> list[dict[str, Any]]:
    actor = _actor(request)
    return [services.run_state(actor, r) for r in services.runs(actor, project_id)[:50]]


@router.get(
    "/projects/{project_id}/runs/{run_id}",
    scope=TokenScope.ANALYSIS,
    response={200: RunOut, **ERRORS},
    summary="A run's state and progress",
)
def run_view(request: HttpRequest, project_id: RowId, run_id: RowId) -> dict[str, Any]:
    actor = _actor(request)
    return services.run_state(actor, services.run_for(actor, project_id, run_id))


@router.get(
    "/projects/{project_id}/pairs",
    scope=TokenScope.ANALYSIS,
    response={200: list[PairOut], **ERRORS},
    summary="Candidate pairs whose two persons the caller may see, most probable first",
)
def list_pairs(request: HttpRequest, project_id: RowId, params: Query[PairParams]) -> list[dict[str, Any]]:
    found = services.list_pairs(
        _actor(request),
        project_id,
        run_id=params.run,
        status=params.status,
        min_probability=params.min_probability,
        limit=params.limit,
    )
    return [pair_out(p) for p in found]


@router.post(
    "/projects/{project_id}/pairs/{pair_id}/confirm",
    scope=TokenScope.ANALYSIS,
    response={200: PairOut, **ERRORS},
    summary="The two persons are one human being: link them in the project",
)
def confirm(
    request: HttpRequest, project_id: RowId, pair_id: RowId, payload: PairDecisionIn
) -> dict[str, Any]:
    actor = _actor(request)
    services.confirm(actor, project_id, pair_id, note=payload.note)
    return pair_out(services.pair_for(actor, project_id, pair_id))


@router.post(
    "/projects/{project_id}/pairs/{pair_id}/reject",
    scope=TokenScope.ANALYSIS,
    response={200: PairOut, **ERRORS},
    summary="Not the same person: the pair is not proposed again in the project",
)
def reject(request: HttpRequest, project_id: RowId, pair_id: RowId) -> dict[str, Any]:
    actor = _actor(request)
    return pair_out(services.reject(actor, project_id, pair_id))
