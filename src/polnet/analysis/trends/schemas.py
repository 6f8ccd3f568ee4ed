"""What the trends API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field


class TrendParams(Schema):
    since: str = Field("", max_length=10, description="first day, YYYY-MM-DD (default: 26 weeks ago)")
    until: str = Field("", max_length=10, description="last day, YYYY-MM-DD (default: today)")
    country: str = Field("", max_length=3, description="where a check or hit was made; a notice's owner")
    post: str = Field("", max_length=20, description="a screening unit's number")
    kind: str = Field("", max_length=16, description="of checks and hits (a database, or notice)")
    crime_area: str = Field("", max_length=32, description="hits, notices your projects name")
    format: Literal["json", "csv", "png", "svg"] = "json"


class TrendOut(Schema):
    name: str
    filters: dict[str, Any]
    columns: list[str]
    rows: list[list[Any]]
    chart: dict[str, Any]


class ChangeOut(Schema):
    month: str
    counts: dict[str, int]
    links: list[dict[str, Any]]
    hits: list[dict[str, Any]]
    notices: list[dict[str, Any]]
    steps: list[dict[str, Any]]


def stamp(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
