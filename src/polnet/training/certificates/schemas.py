"""What the certificates API takes and gives."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from polnet.training.certificates.models import Certificate
from polnet.training.certificates.services import state_of

CertificateStateT = Literal["valid", "expired", "revoked"]


class TrainingCertificateOut(Schema):
    id: int
    code: str
    user_id: int
    holder_name: str
    course_id: int
    course_title: str
    source: str
    score: int | None
    issued_at: datetime
    valid_until: date | None
    state: CertificateStateT
    revoked_reason: str


class TrainingCertificateRevokeIn(Schema):
    reason: str = Field(min_length=1, max_length=300)


def certificate_out(cert: Certificate) -> dict[str, Any]:
    return {
        "id": cert.pk,
        "code": cert.code,
        "user_id": cert.user_id,
        "holder_name": cert.holder_name,
        "course_id": cert.course_id,
        "course_title": cert.course_title,
        "source": cert.source,
        "score": cert.score,
        "issued_at": cert.issued_at,
        "valid_until": cert.valid_until,
        "state": state_of(cert),
        "revoked_reason": cert.revoked_reason,
    }
