"""What the requests API and pages take and give."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from polnet.core.actor import Actor
from polnet.dataprotection.requests.models import Consultation, DataRequest, Finding

KindT = Literal["access", "correction", "deletion"]
LanguageT = Literal["ar", "en", "es", "fr"]
AnswerT = Literal["disclose", "correct", "delete", "refuse"]
VerdictT = Literal["disclose", "withhold", "correct", "delete"]


class DataRequestIn(Schema):
    kind: KindT
    names: list[str] = Field(min_length=1, max_length=10)
    date_of_birth: str = Field("", max_length=10)
    nationality: str = Field("", max_length=2)
    language: LanguageT
    received_on: date
    document_type: str = Field("", max_length=32)
    document_number: str = Field("", max_length=32)
    details: str = Field("", max_length=5000)
    documents: list[str] = Field(
        default_factory=list, max_length=5, description="base64 of PDF, JPEG or PNG files"
    )


class ConsultationAnswerIn(Schema):
    answer: AnswerT
    reasons: str = Field("", max_length=5000)


class DataRequestVerdictIn(Schema):
    finding: int
    verdict: VerdictT
    reasons: str = Field("", max_length=5000)
    correction: dict[str, Any] | None = None


class DataRequestDecisionIn(Schema):
    verdicts: list[DataRequestVerdictIn] = Field(default_factory=list, max_length=1000)
    reasons: str = Field("", max_length=5000)


class DataRequestFindingOut(Schema):
    id: int
    item_kind: str
    item_id: int
    owner_country: str | None
    score: float
    why: str
    summary: str
    verdict: str
    verdict_reasons: str
    carried_out_at: datetime | None


class DataRequestConsultationOut(Schema):
    id: int
    request: str
    owner_country: str
    asked_at: datetime
    deadline: date
    answer: str
    reasons: str
    answered_at: datetime | None
    escalated_at: datetime | None


class DataRequestConsultationDetailOut(DataRequestConsultationOut):
    findings: list[DataRequestFindingOut]


class DataRequestSummaryOut(Schema):
    id: int
    reference: str
    kind: str
    state: str
    outcome: str
    received_on: date
    deadline: date
    received_by_country: str | None


class DataRequestOut(DataRequestSummaryOut):
    names: list[str]
    date_of_birth: str
    nationality: str | None
    language: str
    document_type: str
    document_number: str
    details: str
    documents: list[int]
    findings: list[DataRequestFindingOut]
    consultations: list[DataRequestConsultationOut]
    decision_reasons: str
    answered_on: date | None


class DataRequestStatisticsOut(Schema):
    received: int
    answered: int
    answered_on_time: int
    open: int
    overdue: int
    by_kind: dict[str, int]
    outcomes: dict[str, int]


def finding_out(f: Finding) -> dict[str, Any]:
    return {
        "id": f.pk,
        "item_kind": f.item_kind,
        "item_id": f.item_id,
        "owner_country": f.owner_country_id,
        "score": f.score,
        "why": f.why,
        "summary": f.summary,
        "verdict": f.verdict,
        "verdict_reasons": f.verdict_reasons,
        "carried_out_at": f.carried_out_at,
    }


def consultation_out(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "request": c.request.reference,
        "owner_country": c.owner_country_id,
        "asked_at": c.asked_at,
        "deadline": c.deadline,
        "answer": c.answer,
        "reasons": c.reasons,
        "answered_at": c.answered_at,
        "escalated_at": c.escalated_at,
    }


def summary_out(r: DataRequest) -> dict[str, Any]:
    return {
        "id": r.pk,
        "reference": r.reference,
        "kind": r.kind,
        "state": r.state,
        "outcome": r.outcome,
        "received_on": r.received_on,
        "deadline": r.deadline,
        "received_by_country": r.received_by_country_id,
    }


def request_out(r: DataRequest, actor: Actor) -> dict[str, Any]:
    """The case as the actor may see it (`requests/policy.py`)."""
    from polnet.dataprotection.requests.services import case_consultations, case_findings

    return {
        **summary_out(r),
        "names": r.names,
        "date_of_birth": r.date_of_birth,
        "nationality": r.nationality_id,
        "language": r.language,
        "document_type": r.document_type,
        "document_number": r.document_number,
        "details": r.details,
        "documents": [d.pk for d in r.documents.all()],
        "findings": [finding_out(f) for f in case_findings(actor, r)],
        "consultations": [consultation_out(c) for c in case_consultations(actor, r)],
        "decision_reasons": r.decision_reasons,
        "answered_on": r.answered_on,
    }
