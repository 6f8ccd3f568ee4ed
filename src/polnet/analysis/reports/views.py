"""Report pages: a project's reports, the editor with its preview, issuing, downloads, and the
reports disseminated to the reader's bureau. Same services as the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from polnet.analysis import tabs
from polnet.analysis.reports import charts_in_reports, services
from polnet.analysis.reports.forms import (
    AddToReportForm,
    IssueForm,
    MoveForm,
    ReportForm,
    SectionForm,
    TrendChartForm,
)
from polnet.analysis.reports.models import Report, ReportSection, SectionKind
from polnet.analysis.services import project_for
from polnet.analysis.trends.filters import DEFAULT_DAYS, make_filters
from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput, PolnetError
from polnet.network.web import actor_required

ADDABLE = [
    (SectionKind.TEXT, "add-text"),
    (SectionKind.TABLE, "add-table"),
    (SectionKind.CHART, "add-chart"),
    (SectionKind.GRAPH, "add-graph"),
    (SectionKind.ENTITIES, "add-entities"),
]


def _editor_url(report: Report) -> str:
    return f"/analysis/projects/{report.project_id}/reports/{report.pk}/"


def _submitted(form: Any, act: Any) -> bool:
    """Run the service with the form's payload; a refusal lands on the form."""
    if not form.is_valid():
        return False
    payload = form.payload()
    if not form.is_valid():
        return False
    try:
        act(payload)
    except PolnetError as exc:
        form.add_service_error(exc)
        return False
    return True


@require_http_methods(["GET", "POST"])
@actor_required
def project_reports(request: HttpRequest, actor: Actor, project_id: int) -> HttpResponse:
    project = project_for(actor, project_id)
    form = ReportForm(request.POST or None, initial={"handling_code": project.handling_code})
    created: list[Report] = []
    if request.method == "POST" and _submitted(
        form, lambda p: created.append(services.create_report(actor, project_id, **p))
    ):
        return HttpResponseRedirect(_editor_url(created[0]))
    context = {
        "project": project,
        "tabs": tabs.tabs_for(project.pk, "reports"),
        "reports": services.reports_in(actor, project_id),
        "form": form,
    }
    return render(request, "analysis/reports/list.html", context, status=422 if form.errors else 200)


def _editor(
    request: HttpRequest, actor: Actor, project_id: int, report_id: int, **forms: Any
) -> HttpResponse:
    opened = services.open_report(actor, report_id)
    report = opened.view.report
    if not opened.participant or report.project_id != project_id:
        raise Http404
    meta = forms.get("meta") or ReportForm(
        initial={"title": report.title, "summary": report.summary, "handling_code": report.handling_code}
    )
    adders = []
    for kind, form_id in ADDABLE:
        form = forms.get(f"add-{kind}") or SectionForm(initial={"kind": kind})
        adders.append({"kind": kind, "label": SectionKind(kind).label, "id": form_id, "form": form})
    today = timezone.localdate()
    chart = forms.get("chart") or TrendChartForm(
        initial={"series": "hits", "since": today - timedelta(days=DEFAULT_DAYS), "until": today}
    )
    context = {
        "view": opened.view,
        "report": report,
        "project": report.project,
        "tabs": tabs.tabs_for(report.project_id, "reports"),
        "meta": meta,
        "adders": adders,
        "chart_form": chart,
        "issue": forms.get("issue")
        or IssueForm(initial={"restriction": "all", "review_date": report.review_date}),
        "move_error": forms.get("move_error"),
        "editable": not report.is_issued,
        "chart_base": f"/analysis/projects/{project_id}/reports/{report_id}/sections/",
    }
    failed = any(f is not None for f in forms.values())
    return render(request, "analysis/reports/editor.html", context, status=422 if failed else 200)


@require_GET
@actor_required
def report_editor(request: HttpRequest, actor: Actor, project_id: int, report_id: int) -> HttpResponse:
    return _editor(request, actor, project_id, report_id)


@require_POST
@actor_required
def report_update(request: HttpRequest, actor: Actor, project_id: int, report_id: int) -> HttpResponse:
    form = ReportForm(request.POST)
    if _submitted(form, lambda p: services.update_report(actor, report_id, **p)):
        return HttpResponseRedirect(f"/analysis/projects/{project_id}/reports/{report_id}/")
    return _editor(request, actor, project_id, report_id, meta=form)


@require_POST
@actor_required
def section_add(request: HttpRequest, actor: Actor, project_id: int, report_id: int) -> HttpResponse:
    form = SectionForm(request.POST)
    if _submitted(form, lambda p: services.add_section(actor, report_id, **p)):
        return HttpResponseRedirect(f"/analysis/projects/{project_id}/reports/{report_id}/#sections")
    kind = request.POST.get("kind", "")
    kind = kind if kind in SectionKind.values else SectionKind.TEXT
    return _editor(request, actor, project_id, report_id, **{f"add-{kind}": form})


def _add_chart(actor: Actor, report_id: int, payload: dict[str, Any], added: list[ReportSection]) -> None:
    filters = make_filters(**(payload["filters"] or {}))
    added.append(
        charts_in_reports.add_trend_chart(
            actor, report_id, payload["series"], filters, title=payload["title"], body=payload["body"]
        )
    )


def _chart_added(request: HttpRequest, section: ReportSection) -> HttpResponse:
    report = section.report
    messages.success(request, _("The chart “%(title)s” was added to the report.") % {"title": section.title})
    return HttpResponseRedirect(f"{_editor_url(report)}#section-{section.pk}")


@require_POST
@actor_required
def section_chart_add(request: HttpRequest, actor: Actor, project_id: int, report_id: int) -> HttpResponse:
    """The editor's chart form: a trend and its filters, counted now for the analyst."""
    form = TrendChartForm(request.POST)
    added: list[ReportSection] = []
    if _submitted(form, lambda p: _add_chart(actor, report_id, p, added)):
        return _chart_added(request, added[0])
    return _editor(request, actor, project_id, report_id, chart=form)


@require_POST
@actor_required
def trend_chart_add(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The trends page's "Add to a report": the chart under the page's filters, to a draft."""
    form = AddToReportForm(request.POST)
    added: list[ReportSection] = []
    if not form.is_valid():
        raise _refused(form)
    payload = form.payload()
    if not form.is_valid():
        raise _refused(form)
    # A report the analyst may not write is refused as the service says (404, 409, 403).
    _add_chart(actor, form.cleaned_data["report"], payload, added)
    return _chart_added(request, added[0])


def _refused(form: Any) -> InvalidInput:
    reasons = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    return InvalidInput(
        _("The chart could not be added: %(reason)s"), code="report_chart_refused", reason=reasons
    )


@require_POST
@actor_required
def section_move(
    request: HttpRequest, actor: Actor, project_id: int, report_id: int, section_id: int
) -> HttpResponse:
    form = MoveForm(request.POST)
    if _submitted(form, lambda p: services.move_section(actor, report_id, section_id, p["position"])):
        return HttpResponseRedirect(f"/analysis/projects/{project_id}/reports/{report_id}/#sections")
    return _editor(request, actor, project_id, report_id, move_error=form)


@require_POST
@actor_required
def section_remove(
    request: HttpRequest, actor: Actor, project_id: int, report_id: int, section_id: int
) -> HttpResponse:
    services.remove_section(actor, report_id, section_id)
    return HttpResponseRedirect(f"/analysis/projects/{project_id}/reports/{report_id}/#sections")


@require_POST
@actor_required
def report_issue(request: HttpRequest, actor: Actor, project_id: int, report_id: int) -> HttpResponse:
    form = IssueForm(request.POST)
    if _submitted(form, lambda p: services.issue_report(actor, report_id, **p)):
        return HttpResponseRedirect(f"/analysis/projects/{project_id}/reports/{report_id}/")
    return _editor(request, actor, project_id, report_id, issue=form)


def _attachment(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@actor_required
def report_pdf(
    request: HttpRequest, actor: Actor, report_id: int, project_id: int | None = None
) -> HttpResponse:
    report, data = services.report_pdf(actor, report_id)
    return _attachment(data, "application/pdf", services.file_name(report, "pdf"))


@require_GET
@actor_required
def report_ftm(
    request: HttpRequest, actor: Actor, report_id: int, project_id: int | None = None
) -> HttpResponse:
    report, text = services.report_ftm(actor, report_id)
    return _attachment(
        text.encode(), "application/x-ndjson; charset=utf-8", services.file_name(report, "ftm.json")
    )


@require_GET
@actor_required
def chart_image(
    request: HttpRequest, actor: Actor, report_id: int, section_id: int, project_id: int | None = None
) -> HttpResponse:
    response = HttpResponse(services.chart_png(actor, report_id, section_id), content_type="image/png")
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
@actor_required
def received_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "analysis/reports/received.html", {"reports": services.received(actor)[:200]})


@require_GET
@actor_required
def received_read(request: HttpRequest, actor: Actor, report_id: int) -> HttpResponse:
    opened = services.open_report(actor, report_id)
    base = f"/analysis/reports/received/{report_id}/"
    context = {
        "view": opened.view,
        "report": opened.view.report,
        "base": base,
        "chart_base": base + "sections/",
    }
    return render(request, "analysis/reports/read.html", context)
