"""The learning API, mounted at /api/training/learning/: one's enrolments and quiz attempts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS, request_actor
from polnet.network.auth import ScopedRouter
from polnet.training.learning import services
from polnet.training.learning.schemas import (
    TrainingAttemptIn,
    TrainingAttemptOut,
    TrainingAttemptStartIn,
    TrainingEnrolIn,
    TrainingEnrolmentOut,
    attempt_out,
    enrolment_out,
)

router = ScopedRouter(tags=["training: learning"])
SCOPE = TokenScope.TRAINING


@router.get("/enrolments/", response={200: list[TrainingEnrolmentOut], **ERRORS}, scope=SCOPE)
def my_enrolments(request: HttpRequest) -> list[dict[str, Any]]:
    rows = services.my_enrolments(request_actor(request))[:500]
    return [enrolment_out(e, services.completed_modules(e)) for e in rows]


@router.post("/enrolments/", response={201: TrainingEnrolmentOut, **ERRORS}, scope=SCOPE)
def enrol(request: HttpRequest, payload: TrainingEnrolIn) -> Status[dict[str, Any]]:
    enrolment = services.enrol(request_actor(request), payload.course_id)
    return Status(201, enrolment_out(enrolment, services.completed_modules(enrolment)))


@router.post(
    "/enrolments/{enrolment_id}/attempts/", response={201: TrainingAttemptOut, **ERRORS}, scope=SCOPE
)
def start_attempt(
    request: HttpRequest, enrolment_id: int, payload: TrainingAttemptStartIn
) -> Status[dict[str, Any]]:
    attempt = services.start_attempt(request_actor(request), enrolment_id, payload.module_id)
    return Status(201, attempt_out(attempt, services.shown(attempt)))


@router.post("/attempts/{attempt_id}/submit", response={200: TrainingAttemptOut, **ERRORS}, scope=SCOPE)
def submit_attempt(request: HttpRequest, attempt_id: int, payload: TrainingAttemptIn) -> dict[str, Any]:
    attempt = services.submit_attempt(request_actor(request), attempt_id, payload.answers)
    return attempt_out(attempt, services.shown(attempt))
