"""The requests API, mounted at /api/dataprotection/requests/. Every route needs the
`data_protection` scope; what it shows and allows is `requests/policy.py`'s."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Status

from polnet.core.actor import Actor, TokenScope
from polnet.core.apitools import ERRORS, request_actor
from polnet.core.errors import InvalidInput
from polnet.dataprotection.requests import services
from polnet.dataprotection.requests.schemas import (
    ConsultationAnswerIn,
    DataRequestConsultationDetailOut,
    DataRequestConsultationOut,
    DataRequestDecisionIn,
    DataRequestIn,
    DataRequestOut,
    DataRequestStatisticsOut,
    DataRequestSummaryOut,
    consultation_out,
    finding_out,
    request_out,
    summary_out,
)
from polnet.network.auth import ScopedRouter

router = ScopedRouter(tags=["data protection: requests"])
SCOPE = TokenScope.DATA_PROTECTION


def _actor(request: HttpRequest) -> Actor:
    return request_actor(request)


def _decoded(documents: list[str]) -> list[bytes]:
    try:
        return [base64.b64decode(d, validate=True) for d in documents]
    except (binascii.Error, ValueError):
        raise InvalidInput(
            _("A document must be sent as base64."), code="identity_document_encoding", field="documents"
        ) from None


@router.get("/", response={200: list[DataRequestSummaryOut], **ERRORS}, scope=SCOPE)
def list_requests(request: HttpRequest) -> list[dict[str, Any]]:
    return [summary_out(r) for r in services.visible_requests(_actor(request))[:500]]


@router.post("/", response={201: DataRequestOut, **ERRORS}, scope=SCOPE)
def register(request: HttpRequest, payload: DataRequestIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    data["documents"] = _decoded(data["documents"])
    req = services.register(_actor(request), **data)
    return Status(201, request_out(req, _actor(request)))


@router.get("/statistics", response={200: DataRequestStatisticsOut, **ERRORS}, scope=SCOPE)
def statistics(request: HttpRequest) -> dict[str, Any]:
    return services.statistics(_actor(request))


@router.get("/consultations/", response={200: list[DataRequestConsultationOut], **ERRORS}, scope=SCOPE)
def consultations(request: HttpRequest) -> list[dict[str, Any]]:
    return [consultation_out(c) for c in services.my_consultations(_actor(request))[:500]]


@router.get(
    "/consultations/{consultation_id}",
    response={200: DataRequestConsultationDetailOut, **ERRORS},
    scope=SCOPE,
)
def consultation(request: HttpRequest, consultation_id: int) -> dict[str, Any]:
    c, findings = services.open_consultation(_actor(request), consultation_id)
    return {**consultation_out(c), "findings": [finding_out(f) for f in findings]}


@router.post(
    "/consultations/{consultation_id}/answer",
    response={200: DataRequestConsultationOut, **ERRORS},
    scope=SCOPE,
)
def answer(request: HttpRequest, consultation_id: int, payload: ConsultationAnswerIn) -> dict[str, Any]:
    c = services.answer_consultation(_actor(request), consultation_id, **payload.dict())
    return consultation_out(c)


@router.get("/{request_id}", response={200: DataRequestOut, **ERRORS}, scope=SCOPE)
def read(request: HttpRequest, request_id: int) -> dict[str, Any]:
    return request_out(services.open_request(_actor(request), request_id), _actor(request))


@router.post("/{request_id}/find", response={200: DataRequestOut, **ERRORS}, scope=SCOPE)
def find(request: HttpRequest, request_id: int) -> dict[str, Any]:
    services.find(_actor(request), request_id)
    return request_out(services.open_request(_actor(request), request_id), _actor(request))


@router.post("/{request_id}/consult", response={200: DataRequestOut, **ERRORS}, scope=SCOPE)
def consult(request: HttpRequest, request_id: int) -> dict[str, Any]:
    services.consult(_actor(request), request_id)
    return request_out(services.open_request(_actor(request), request_id), _actor(request))


@router.post("/{request_id}/decide", response={200: DataRequestOut, **ERRORS}, scope=SCOPE)
def decide(request: HttpRequest, request_id: int, payload: DataRequestDecisionIn) -> dict[str, Any]:
    verdicts = {v.finding: services.ItemVerdict(v.verdict, v.reasons, v.correction) for v in payload.verdicts}
    if len(verdicts) != len(payload.verdicts):
        raise InvalidInput(_("Decide on each item once."), code="verdicts_repeated", field="verdicts")
    services.decide(_actor(request), request_id, verdicts, reasons=payload.reasons)
    return request_out(services.open_request(_actor(request), request_id), _actor(request))


@router.post("/{request_id}/answered", response={200: DataRequestOut, **ERRORS}, scope=SCOPE)
def answered(request: HttpRequest, request_id: int) -> dict[str, Any]:
    services.mark_answered(_actor(request), request_id)
    return request_out(services.open_request(_actor(request), request_id), _actor(request))


@router.get("/{request_id}/letter", response={200: None, **ERRORS}, scope=SCOPE)
def letter(request: HttpRequest, request_id: int) -> HttpResponse:
    req, data = services.letter(_actor(request), request_id)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{req.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
