"""What the console's API takes and gives."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field


class LogParams(Schema):
    user: str = Field("", max_length=150)
    unit: str = Field("", max_length=18, description="A unit's number")
    purpose: str = Field("", max_length=64)
    kind: str = Field("", max_length=64, description="A record kind or another kind of object")
    record_id: str = Field("", max_length=18)
    since: str = Field("", max_length=40, description="YYYY-MM-DD or an ISO date and time (UTC)")
    until: str = Field("", max_length=40, description="YYYY-MM-DD (included) or an ISO date and time")
    page: str = Field("1", max_length=6)


class AccessEventOut(Schema):
    at: str
    source: str
    ref: int
    user: str
    affiliation: str
    action: str
    object_type: str
    object_id: str
    purpose: str
    origin: str
    detail: dict[str, Any]


class EventPageOut(Schema):
    total: int
    page: int
    pages: int
    events: list[AccessEventOut]


class AccessHistoryOut(EventPageOut):
    kind: str
    id: int
    owner_country: str | None
    exists: bool
    documents: list[int]


class AlertOut(Schema):
    id: int
    kind: str
    subject: str
    affiliation: str
    window_start: str
    window_end: str
    explanation: str
    figures: dict[str, Any]
    state: str
    closing_note: str
    closed_by: str | None
    closed_at: str | None


class AlertPageOut(Schema):
    total: int
    alerts: list[AlertOut]


class CloseIn(Schema):
    note: str = Field(..., max_length=4000)


class RegisterEntryOut(Schema):
    kind: str
    name: str
    purposes: list[dict[str, Any]]
    categories: list[dict[str, Any]]
    retention: list[str]
    recipients: list[str]
