"""The reports API, mounted at /api/analysis/reports/.

Writing and reading inside a project needs the `analysis` scope. A bureau reads the reports
disseminated to it under `/received/` with the `records:read` scope, the scope it reads
records with: a report reaches officers as much as analysts. Either way the report is what
the caller may see of it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Status

from polnet.analysis.reports import charts_in_reports, services
from polnet.analysis.reports.schemas import (
    ChartIn,
    IssueIn,
    MoveIn,
    ReportIn,
    ReportOut,
    ReportPatch,
    ReportSummaryOut,
    SectionIn,
    report_out,
    summary_out,
)
from polnet.analysis.trends.filters import make_filters
from polnet.core.actor import Actor, TokenScope
from polnet.core.apitools import ERRORS, request_actor
from polnet.network.auth import ScopedRouter

router = ScopedRouter(tags=["analysis: reports"])
ANALYSIS = TokenScope.ANALYSIS
RECEIVED = TokenScope.RECORDS_READ


def _actor(request: HttpRequest) -> Actor:
    return request_actor(request)


def _read(request: HttpRequest, report_id: int) -> dict[str, Any]:
    opened = services.open_report(_actor(request), report_id)
    return report_out(opened.view, opened.participant)


def _pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    report, data = services.report_pdf(_actor(request), report_id)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{services.file_name(report, "pdf")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _ftm(request: HttpRequest, report_id: int) -> HttpResponse:
    report, text = services.report_ftm(_actor(request), report_id)
    response = HttpResponse(text.encode(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{services.file_name(report, "ftm.json")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("/projects/{project_id}/", response={200: list[ReportSummaryOut], **ERRORS}, scope=ANALYSIS)
def list_reports(request: HttpRequest, project_id: int) -> list[dict[str, Any]]:
    return [summary_out(r) for r in services.reports_in(_actor(request), project_id)]


@router.post("/projects/{project_id}/", response={201: ReportOut, **ERRORS}, scope=ANALYSIS)
def create_report(request: HttpRequest, project_id: int, payload: ReportIn) -> Status[dict[str, Any]]:
    report = services.create_report(_actor(request), project_id, **payload.dict())
    return Status(201, _read(request, report.pk))


@router.get("/received/", response={200: list[ReportSummaryOut], **ERRORS}, scope=RECEIVED)
def received(request: HttpRequest) -> list[dict[str, Any]]:
    return [summary_out(r) for r in services.received(_actor(request))[:500]]


@router.get("/received/{report_id}", response={200: ReportOut, **ERRORS}, scope=RECEIVED)
def read_received(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return _read(request, report_id)


@router.get("/received/{report_id}/pdf", response={200: None, **ERRORS}, scope=RECEIVED)
def received_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    return _pdf(request, report_id)


@router.get("/received/{report_id}/ftm", response={200: None, **ERRORS}, scope=RECEIVED)
def received_ftm(request: HttpRequest, report_id: int) -> HttpResponse:
    return _ftm(request, report_id)


@router.get("/{report_id}", response={200: ReportOut, **ERRORS}, scope=ANALYSIS)
def read_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return _read(request, report_id)


@router.patch("/{report_id}", response={200: ReportOut, **ERRORS}, scope=ANALYSIS)
def update_report(request: HttpRequest, report_id: int, payload: ReportPatch) -> dict[str, Any]:
    services.update_report(_actor(request), report_id, **payload.dict())
    return _read(request, report_id)


@router.post("/{report_id}/sections", response={201: ReportOut, **ERRORS}, scope=ANALYSIS)
def add_section(request: HttpRequest, report_id: int, payload: SectionIn) -> Status[dict[str, Any]]:
    services.add_section(_actor(request), report_id, **payload.dict())
    return Status(201, _read(request, report_id))


@router.post(
    "/{report_id}/sections/chart",
    response={201: ReportOut, **ERRORS},
    scope=ANALYSIS,
    summary="Add a chart of a trend, counted now as the caller may see it (422 on bad filters, "
    "404 a report the caller cannot write, 409 an issued one)",
)
def add_chart(request: HttpRequest, report_id: int, payload: ChartIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    filters = make_filters(**(payload.filters.dict() if payload.filters else {}))
    charts_in_reports.add_trend_chart(
        actor,
        report_id,
        payload.series,
        filters,
        title=payload.title,
        body=payload.body,
        position=payload.position,
    )
    return Status(201, _read(request, report_id))


@router.post("/{report_id}/sections/{section_id}/move", response={200: ReportOut, **ERRORS}, scope=ANALYSIS)
def move_section(request: HttpRequest, report_id: int, section_id: int, payload: MoveIn) -> dict[str, Any]:
    services.move_section(_actor(request), report_id, section_id, payload.position)
    return _read(request, report_id)


@router.delete("/{report_id}/sections/{section_id}", response={204: None, **ERRORS}, scope=ANALYSIS)
def remove_section(request: HttpRequest, report_id: int, section_id: int) -> Status[None]:
    services.remove_section(_actor(request), report_id, section_id)
    return Status(204, None)


@router.post("/{report_id}/issue", response={200: ReportOut, **ERRORS}, scope=ANALYSIS)
def issue_report(request: HttpRequest, report_id: int, payload: IssueIn) -> dict[str, Any]:
    services.issue_report(_actor(request), report_id, **payload.dict())
    return _read(request, report_id)


@router.get("/{report_id}/pdf", response={200: None, **ERRORS}, scope=ANALYSIS)
def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    return _pdf(request, report_id)


@router.get("/{report_id}/ftm", response={200: None, **ERRORS}, scope=ANALYSIS)
def report_ftm(request: HttpRequest, report_id: int) -> HttpResponse:
    return _ftm(request, report_id)
