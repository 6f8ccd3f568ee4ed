"""The plan's API shapes (names prefixed: they are unique across the whole API)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from polnet.core.actor import Actor
from polnet.operations import policy
from polnet.operations.models import Operation, Target
from polnet.operations.plan.targets import visible_targets


class OperationSummaryOut(Schema):
    id: int
    code_name: str
    crime_area: str
    phase: str
    coordinator: str | None  # the coordinating country, None: the secretariat
    handling_code: str
    prepares_on: date
    active_on: date
    active_until: date
    closes_on: date


class OperationParticipantOut(Schema):
    country: str
    units: list[int]


class OperationTargetOut(Schema):
    id: int
    kind: str
    record_id: int | None
    identifier: str
    label: str
    action: str
    notes: str
    added_by_country: str | None


class OperationRateOut(Schema):
    currency: str
    eur_per_unit: Decimal


class OperationDetailOut(OperationSummaryOut):
    summary: str
    standing: str
    participants: list[OperationParticipantOut]
    observers: list[int]
    targets: list[OperationTargetOut]
    rates: list[OperationRateOut]


class OperationIn(Schema):
    code_name: str = Field(max_length=60)
    crime_area: str
    summary: str = ""
    handling_code: str = "H1"
    prepares_on: date
    active_on: date
    active_until: date
    closes_on: date


class OperationPhaseIn(Schema):
    phase: str


class OperationParticipantIn(Schema):
    country: str = Field(max_length=2)
    units: list[int] = []


class OperationObserverIn(Schema):
    partner: int


class OperationTargetIn(Schema):
    kind: str
    action: str
    record_id: int | None = None
    identifier: str = Field("", max_length=200)
    notes: str = Field("", max_length=2000)


class OperationRateIn(Schema):
    currency: str = Field(max_length=3)
    eur_per_unit: str = Field(max_length=40)


def summary_out(op: Operation) -> dict[str, Any]:
    return {
        "id": op.pk,
        "code_name": op.code_name,
        "crime_area": op.crime_area,
        "phase": op.phase,
        "coordinator": op.coordinator.country_id if op.coordinator else None,
        "handling_code": op.handling_code,
        "prepares_on": op.prepares_on,
        "active_on": op.active_on,
        "active_until": op.active_until,
        "closes_on": op.closes_on,
    }


def target_out(t: Target) -> dict[str, Any]:
    return {
        "id": t.pk,
        "kind": t.kind,
        "record_id": t.record_id,
        "identifier": t.identifier,
        "label": t.label,
        "action": t.action,
        "notes": t.notes,
        "added_by_country": t.added_by_country_id,
    }


def detail_out(actor: Actor, op: Operation) -> dict[str, Any]:
    where = policy.standing(actor, op)
    return summary_out(op) | {
        "summary": op.summary,
        "standing": where.value if where else "",
        "participants": [
            {"country": p.country_id, "units": [u.pk for u in p.units.all()]} for p in op.participants.all()
        ],
        "observers": [p.pk for p in op.observers.all()],
        "targets": [target_out(t) for t in visible_targets(actor, op)],
        "rates": [{"currency": r.currency, "eur_per_unit": r.eur_per_unit} for r in op.rates.all()],
    }
