"""The certificates API, mounted at /api/training/certificates/ (scope `training`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS, request_actor
from polnet.network.auth import ScopedRouter
from polnet.training.certificates import services
from polnet.training.certificates.schemas import (
    TrainingCertificateOut,
    TrainingCertificateRevokeIn,
    certificate_out,
)

router = ScopedRouter(tags=["training: certificates"])
SCOPE = TokenScope.TRAINING


@router.get("/", response={200: list[TrainingCertificateOut], **ERRORS}, scope=SCOPE)
def list_certificates(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's certificates, their staff's, and every one for the secretariat's authors."""
    return [certificate_out(c) for c in services.readable(request_actor(request))[:500]]


@router.get("/{certificate_id}/pdf", response={200: None, **ERRORS}, scope=SCOPE)
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    name, data = services.download(request_actor(request), certificate_id, base)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/{certificate_id}/revoke", response={200: TrainingCertificateOut, **ERRORS}, scope=SCOPE)
def revoke(request: HttpRequest, certificate_id: int, payload: TrainingCertificateRevokeIn) -> dict[str, Any]:
    return certificate_out(services.revoke(request_actor(request), certificate_id, payload.reason))
