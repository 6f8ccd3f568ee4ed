"""The requirements API, mounted at /api/training/requirements/ (scope `training`)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Schema, Status

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS, request_actor
from polnet.network.auth import ScopedRouter
from polnet.training.certificates import requirements

router = ScopedRouter(tags=["training: requirements"])
SCOPE = TokenScope.TRAINING


class TrainingRequirementIn(Schema):
    course_id: int
    activity: Literal["consult", "create_records", "request_notices"]


class TrainingRequirementOut(Schema):
    id: int
    course_id: int
    course_title: str
    activity: str
    bureau_id: int | None
    lacking: int


def _out(row: requirements.RequirementRow) -> dict[str, Any]:
    req = row.requirement
    return {
        "id": req.pk,
        "course_id": req.course_id,
        "course_title": req.course.title,
        "activity": req.activity,
        "bureau_id": req.bureau_id,
        "lacking": row.lacking,
    }


@router.get("/", response={200: list[TrainingRequirementOut], **ERRORS}, scope=SCOPE)
def list_requirements(request: HttpRequest) -> list[dict[str, Any]]:
    return [_out(r) for r in requirements.list_requirements(request_actor(request))]


@router.post("/", response={201: TrainingRequirementOut, **ERRORS}, scope=SCOPE)
def add_requirement(request: HttpRequest, payload: TrainingRequirementIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    req = requirements.add_requirement(actor, payload.course_id, payload.activity)
    row = requirements.RequirementRow(req, requirements.lacking(req, actor.bureau_id), True)
    return Status(201, _out(row))


@router.delete("/{requirement_id}", response={204: None, **ERRORS}, scope=SCOPE)
def remove_requirement(request: HttpRequest, requirement_id: int) -> Status[None]:
    requirements.remove_requirement(request_actor(request), requirement_id)
    return Status(204, None)
