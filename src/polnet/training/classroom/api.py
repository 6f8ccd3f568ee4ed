"""The sessions API, mounted at /api/training/sessions/ (scope `training`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS, request_actor
from polnet.network.auth import ScopedRouter
from polnet.training.certificates.schemas import TrainingCertificateOut, certificate_out
from polnet.training.classroom import services
from polnet.training.classroom.schemas import (
    TrainingAttendanceIn,
    TrainingRegistrationIn,
    TrainingRegistrationOut,
    TrainingSessionIn,
    TrainingSessionOut,
    registration_out,
    session_out,
)

router = ScopedRouter(tags=["training: sessions"])
SCOPE = TokenScope.TRAINING


@router.get("/", response={200: list[TrainingSessionOut], **ERRORS}, scope=SCOPE)
def list_sessions(request: HttpRequest) -> list[dict[str, Any]]:
    return [session_out(s) for s in services.visible_sessions(request_actor(request))[:500]]


@router.post("/", response={201: TrainingSessionOut, **ERRORS}, scope=SCOPE)
def create_session(request: HttpRequest, payload: TrainingSessionIn) -> Status[dict[str, Any]]:
    session = services.create_session(request_actor(request), services.SessionIn(**payload.dict()))
    return Status(201, session_out(session))


@router.get("/mine", response={200: list[TrainingRegistrationOut], **ERRORS}, scope=SCOPE)
def my_registrations(request: HttpRequest) -> list[dict[str, Any]]:
    return [registration_out(r) for r in services.my_registrations(request_actor(request))]


@router.get("/{session_id}", response={200: TrainingSessionOut, **ERRORS}, scope=SCOPE)
def get_session(request: HttpRequest, session_id: int) -> dict[str, Any]:
    return session_out(services.get_session(request_actor(request), session_id))


@router.get(
    "/{session_id}/registrations", response={200: list[TrainingRegistrationOut], **ERRORS}, scope=SCOPE
)
def list_registrations(request: HttpRequest, session_id: int) -> list[dict[str, Any]]:
    actor = request_actor(request)
    return [
        registration_out(r) for r in services.registrations(actor, services.get_session(actor, session_id))
    ]


@router.post("/{session_id}/registrations", response={201: TrainingRegistrationOut, **ERRORS}, scope=SCOPE)
def register(
    request: HttpRequest, session_id: int, payload: TrainingRegistrationIn
) -> Status[dict[str, Any]]:
    return Status(
        201, registration_out(services.register(request_actor(request), session_id, payload.user_id))
    )


@router.post(
    "/registrations/{registration_id}/cancel", response={200: TrainingRegistrationOut, **ERRORS}, scope=SCOPE
)
def cancel(request: HttpRequest, registration_id: int) -> dict[str, Any]:
    return registration_out(services.cancel(request_actor(request), registration_id))


@router.post("/{session_id}/attendance", response={200: TrainingSessionOut, **ERRORS}, scope=SCOPE)
def attendance(request: HttpRequest, session_id: int, payload: TrainingAttendanceIn) -> dict[str, Any]:
    actor = request_actor(request)
    services.take_attendance(actor, session_id, payload.attended)
    return session_out(services.get_session(actor, session_id))


@router.post("/{session_id}/close", response={200: list[TrainingCertificateOut], **ERRORS}, scope=SCOPE)
def close(request: HttpRequest, session_id: int) -> list[dict[str, Any]]:
    return [certificate_out(c) for c in services.close_session(request_actor(request), session_id)]
