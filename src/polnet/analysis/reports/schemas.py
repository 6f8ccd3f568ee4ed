"""The shapes the reports API reads and answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from polnet.analysis.reports.entities import Entity
from polnet.analysis.reports.models import Report
from polnet.analysis.reports.reading import ReportView, SectionView
from polnet.core.sharing import SharingIn

HandlingT = Literal["H0", "H1", "H2", "H3"]
KindT = Literal["text", "chart", "graph", "table", "entities"]


class ReportIn(Schema):
    title: str = Field(max_length=300)
    summary: str = Field("", max_length=20_000)
    handling_code: HandlingT = "H0"


class ReportPatch(Schema):
    title: str | None = Field(None, max_length=300)
    summary: str | None = Field(None, max_length=20_000)
    handling_code: HandlingT | None = None


class SectionIn(Schema):
    kind: KindT
    title: str = Field("", max_length=300)
    body: str = Field("", max_length=20_000)
    data: dict[str, Any] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list, max_length=500)
    position: int | None = Field(None, ge=1, le=10_000)


class ChartFiltersIn(Schema):
    """The trends page's filters (all optional; the period defaults to the last 26 weeks)."""

    since: str = Field("", max_length=10, description="first day, YYYY-MM-DD")
    until: str = Field("", max_length=10, description="last day, YYYY-MM-DD (default: today)")
    country: str = Field("", max_length=3, description="where a check or hit was made; a notice's owner")
    post: str = Field("", max_length=20, description="a screening unit's number")
    kind: str = Field("", max_length=16, description="of checks and hits (a database, or notice)")
    crime_area: str = Field("", max_length=32, description="hits, notices your projects name")


class ChartIn(Schema):
    series: str = Field(max_length=32, description="a trend: checks, hits, answers, notices, ...")
    filters: ChartFiltersIn | None = None  # none: the last 26 weeks
    title: str = Field("", max_length=300, description="default: the series and its period")
    body: str = Field("", max_length=20_000, description="a comment after the caption")
    position: int | None = Field(None, ge=1, le=10_000)


class MoveIn(Schema):
    position: int = Field(ge=1, le=10_000)


class IssueIn(SharingIn):
    bureau_only: bool = False
    review_date: date | None = None


class EntityOut(Schema):
    key: str
    kind: str
    label: str
    details: dict[str, str]
    owner_country: str
    source_evaluation: str
    handling_code: str


class SectionOut(Schema):
    id: int
    position: int
    kind: str
    title: str
    body: str
    spec: dict[str, Any] | None
    table: dict[str, Any] | None
    graph: dict[str, Any] | None
    trend: dict[str, Any] | None = None
    entities: list[EntityOut]
    withheld: int


class ReportSummaryOut(Schema):
    id: int
    project_id: int
    title: str
    handling_code: str
    state: str
    version: int
    issued_at: datetime | None
    owner_country: str | None


class ReportOut(ReportSummaryOut):
    summary: str
    restriction: str | None = None  # shown to the project's participants only
    listed_countries: list[str] | None = None
    bureau_only: bool | None = None
    review_date: date | None = None
    sections: list[SectionOut]
    sources: list[EntityOut]
    withheld: int


def summary_out(r: Report) -> dict[str, Any]:
    return {
        "id": r.pk,
        "project_id": r.project_id,
        "title": r.title,
        "handling_code": r.handling_code,
        "state": r.state,
        "version": r.version,
        "issued_at": r.issued_at,
        "owner_country": r.owner_country_id,
    }


def entity_out(e: Entity) -> dict[str, Any]:
    return {
        "key": e.key,
        "kind": e.kind,
        "label": e.label,
        "details": {str(k): v for k, v in e.details},
        "owner_country": e.owner_country,
        "source_evaluation": e.source_code,
        "handling_code": e.handling_code,
    }


def section_out(s: SectionView) -> dict[str, Any]:
    return {
        "id": s.id,
        "position": s.position,
        "kind": s.kind,
        "title": s.title,
        "body": s.body,
        "spec": s.spec,
        "table": s.table,
        "graph": s.graph,
        "trend": s.trend,
        "entities": [entity_out(e) for e in s.entities],
        "withheld": s.withheld,
    }


def report_out(view: ReportView, participant: bool) -> dict[str, Any]:
    r = view.report
    out = {
        **summary_out(r),
        "summary": r.summary,
        "sections": [section_out(s) for s in view.sections],
        "sources": [entity_out(e) for e in view.sources],
        "withheld": view.withheld,
    }
    if participant:
        out |= {
            "restriction": r.restriction,
            "listed_countries": sorted(r.listed_codes()),
            "bureau_only": r.bureau_only,
            "review_date": r.review_date,
        }
    return out
