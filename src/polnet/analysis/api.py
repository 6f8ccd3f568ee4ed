"""REST endpoints for analysis projects and their contributions, under /api/analysis/projects/.

Every route needs the analysis scope; a project its caller's party does not take part in
answers 404, as one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema, Status
from pydantic import Field

from polnet.analysis import contributions, services
from polnet.analysis.models import Contribution, Project
from polnet.analysis.schemas import (
    ContributionIn,
    ContributionOut,
    ContributionPageOut,
    InviteIn,
    ParticipantOut,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
)
from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.core.limits import MAX_INT
from polnet.network.auth import ScopedRouter

router = ScopedRouter(tags=["analysis"])


def project_out(project: Project) -> dict[str, Any]:
    return {
        "id": project.pk,
        "name": project.name,
        "purpose": project.purpose,
        "crime_area": project.crime_area,
        "handling_code": project.handling_code,
        "review_date": project.review_date,
        "owner": services.party_name(project.owner_country_id),
        "opened_at": project.opened_at,
        "closed_at": project.closed_at,
        "participants": [
            {"party": services.party_name(p.country_id), "invited_at": p.invited_at}
            for p in services.participants(project)
        ],
    }


def contribution_out(shown: contributions.Shown) -> dict[str, Any]:
    c: Contribution = shown.contribution
    listed = getattr(c, "listed", None)
    return {
        "id": c.pk,
        "kind": c.kind,
        "object_id": c.object_id,
        "party": shown.party,
        "contributed_at": c.contributed_at,
        "label": shown.label,
        "note": c.note,
        "source_reliability": shown.source_reliability,
        "information_accuracy": shown.information_accuracy,
        "handling_code": shown.handling_code,
        "owner": shown.owner,
        "restriction": c.restriction if c.kind == "text" else "",
        "listed_countries": sorted(x.code for x in listed) if listed is not None else [],
        "mine": shown.mine,
    }


@router.get(
    "/",
    scope=TokenScope.ANALYSIS,
    response={200: list[ProjectOut], **ERRORS},
    operation_id="list_analysis_projects",
    summary="The projects the caller's party takes part in, newest first",
)
def list_view(request: HttpRequest) -> list[dict[str, Any]]:
    actor = _actor(request)
    services.require_analyst(actor)  # 403 for who is not an analyst, not an empty list
    return [project_out(p) for p in services.projects(actor).prefetch_related("participations")[:500]]


@router.post(
    "/",
    scope=TokenScope.ANALYSIS,
    response={201: ProjectOut, **ERRORS},
    operation_id="open_analysis_project",
    summary="Open a project for the caller's party; the countries listed take part from the start",
)
def open_view(request: HttpRequest, payload: ProjectIn) -> Status[dict[str, Any]]:
    project = services.open_project(_actor(request), **payload.model_dump())
    return Status(201, project_out(project))


@router.get(
    "/{int:pk}",
    scope=TokenScope.ANALYSIS,
    response={200: ProjectOut, **ERRORS},
    operation_id="get_analysis_project",
    summary="Read a project: its details and participants",
)
def detail_view(request: HttpRequest, pk: int) -> dict[str, Any]:
    return project_out(services.read_project(_actor(request), pk))


@router.patch(
    "/{int:pk}",
    scope=TokenScope.ANALYSIS,
    response={200: ProjectOut, **ERRORS},
    operation_id="update_analysis_project",
    summary="Change a project's details (the party that opened it)",
)
def update_view(request: HttpRequest, pk: int, payload: ProjectPatch) -> dict[str, Any]:
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    return project_out(services.update_project(_actor(request), pk, changes))


@router.post(
    "/{int:pk}/close",
    scope=TokenScope.ANALYSIS,
    response={200: ProjectOut, **ERRORS},
    operation_id="close_analysis_project",
    summary="Close a project: readable still, nothing more is added",
)
def close_view(request: HttpRequest, pk: int) -> dict[str, Any]:
    return project_out(services.close(_actor(request), pk))


@router.post(
    "/{int:pk}/participants",
    scope=TokenScope.ANALYSIS,
    response={201: ParticipantOut, **ERRORS},
    operation_id="invite_to_analysis_project",
    summary="Invite a member country's bureau, or the secretariat",
)
def invite_view(request: HttpRequest, pk: int, payload: InviteIn) -> Status[dict[str, Any]]:
    p = services.invite(_actor(request), pk, payload.party)
    return Status(201, {"party": services.party_name(p.country_id), "invited_at": p.invited_at})


@router.post(
    "/{int:pk}/leave",
    scope=TokenScope.ANALYSIS,
    response={204: None, **ERRORS},
    operation_id="leave_analysis_project",
    summary="The caller's party leaves the project; its contributions are withdrawn",
)
def leave_view(request: HttpRequest, pk: int) -> Status[None]:
    services.leave(_actor(request), pk)
    return Status(204, None)


class ContributionParams(Schema):
    kind: str = ""
    limit: int = Field(100, ge=1, le=contributions.MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_INT)


@router.get(
    "/{int:pk}/contributions",
    scope=TokenScope.ANALYSIS,
    response={200: ContributionPageOut, **ERRORS},
    operation_id="list_analysis_contributions",
    summary="The contributions the caller may read: each object only where its owner lets the caller see it",
)
def contributions_view(request: HttpRequest, pk: int, params: Query[ContributionParams]) -> dict[str, Any]:
    page = contributions.list_contributions(
        _actor(request), pk, kind=params.kind, limit=params.limit, offset=params.offset
    )
    return {
        "count": page.total,
        "limit": params.limit,
        "offset": params.offset,
        "by_kind": page.by_kind,
        "items": [contribution_out(s) for s in page.rows],
    }


@router.post(
    "/{int:pk}/contributions",
    scope=TokenScope.ANALYSIS,
    response={201: ContributionOut, **ERRORS},
    operation_id="add_analysis_contribution",
    summary="Contribute an object the caller may see (kind and id), or a graded and marked text",
)
def contribute_view(request: HttpRequest, pk: int, payload: ContributionIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    c = contributions.add(actor, pk, payload.model_dump())
    shown = contributions.shown_one(actor, c)
    return Status(201, contribution_out(shown))


@router.post(
    "/{int:pk}/contributions/{int:contribution_id}/withdraw",
    scope=TokenScope.ANALYSIS,
    response={204: None, **ERRORS},
    operation_id="withdraw_analysis_contribution",
    summary="Withdraw a contribution of the caller's party",
)
def withdraw_view(request: HttpRequest, pk: int, contribution_id: int) -> Status[None]:
    contributions.withdraw(_actor(request), pk, contribution_id)
    return Status(204, None)
