"""The field reports' pages: filing (seizure and arrest lines added with htmx), a report with its
photos, the final report with its map and exports, and the released public summary."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput, PolnetError
from polnet.core.images import image_response, read_upload
from polnet.network.web import actor_required, open_to_learners
from polnet.operations import handover, policy, tabs
from polnet.operations.models import DrugType, QuantityUnit, SeizureCategory
from polnet.operations.reports import export, results, services

SEIZURE_FIELDS = ("category", "drug_type", "quantity", "quantity_unit", "value", "currency", "description")
ARREST_FIELDS = ("nationality", "person_record_id", "notes")


def _lines(post: Any, prefix: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
    columns = [post.getlist(f"{prefix}{f}") for f in fields]
    rows = [dict(zip(fields, values, strict=False)) for values in zip(*columns, strict=False)]
    return [r for r in rows if any(v.strip() for v in r.values())]


def _int(raw: str, field: str) -> int | None:
    if not raw.strip():
        return None
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(_("Enter a record number."), code="report_record_invalid", field=field) from None


def _posted(request: HttpRequest) -> dict[str, Any]:
    when: datetime | None = parse_datetime(request.POST.get("occurred_at", ""))
    if when is None:
        raise InvalidInput(_("Give the date and time."), code="report_time_invalid", field="occurred_at")
    return {
        "place": request.POST.get("place", ""),
        "occurred_at": when,
        "seizures": _lines(request.POST, "s_", SEIZURE_FIELDS),
        "arrests": _lines(request.POST, "a_", ARREST_FIELDS),
        "operation_hit": _int(request.POST.get("operation_hit", ""), "operation_hit"),
        "record_kind": request.POST.get("record_kind", ""),
        "record_id": _int(request.POST.get("record_id", ""), "record_id"),
        "notes": request.POST.get("notes", ""),
    }


def _choices() -> dict[str, Any]:
    return {"categories": SeizureCategory.choices, "drugs": DrugType.choices, "units": QuantityUnit.choices}


@actor_required
def new_report(request: HttpRequest, actor: Actor, operation_id: int) -> HttpResponse:
    op = services.get_operation(actor, operation_id)
    services.require_may_report(actor, op)  # the form is not shown to who may not file it
    context: dict[str, Any] = {
        "actor": actor,
        "operation": op,
        "tabs": tabs.tabs_for(actor, op, "report-new"),
        **_choices(),
        "error": None,
    }
    if request.method == "POST":
        try:
            report = services.file_report(actor, op.pk, **_posted(request))
        except InvalidInput as exc:
            context["error"] = exc
            return render(request, "operations/reports/new.html", context, status=400)
        return HttpResponseRedirect(f"/operations/reports/{report.pk}/")
    return render(request, "operations/reports/new.html", context)


@actor_required
def new_line(request: HttpRequest, actor: Actor, operation_id: int, kind: str) -> HttpResponse:
    services.get_operation(actor, operation_id)
    template = "seizure" if kind == "seizure" else "arrest"
    return render(request, f"operations/reports/_{template}_line.html", _choices())


@actor_required
def report_detail(request: HttpRequest, actor: Actor, report_id: int) -> HttpResponse:
    report = services.get_report(actor, report_id)
    context = {
        "actor": actor,
        "report": report,
        "operation": report.operation,
        "tabs": tabs.tabs_for(actor, report.operation, "report-new"),
    }
    return render(request, "operations/reports/detail.html", context)


@actor_required
@require_POST
def photo_add(request: HttpRequest, actor: Actor, report_id: int) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidInput(_("Choose a file."), code="operation_photo_missing", field="file")
    services.add_photo(actor, report_id, read_upload(upload), caption=request.POST.get("caption", ""))
    return HttpResponseRedirect(f"/operations/reports/{report_id}/")


@actor_required
def photo_image(request: HttpRequest, actor: Actor, report_id: int, photo_id: int) -> HttpResponse:
    photo, data = services.photo_bytes(actor, report_id, photo_id)
    return image_response(data, photo.content_type, name=f"report-{report_id}-photo-{photo.pk}", max_age=0)


@actor_required
@open_to_learners
def final_report(request: HttpRequest, actor: Actor, operation_id: int) -> HttpResponse:
    """Observers open it too: `results_for` gives them totals only, no hit, no follow-up."""
    op = services.get_operation(actor, operation_id)
    r = results.results_for(actor, op)
    svg, unmapped = export.bubble_map(r.countries)
    context = {
        "actor": actor,
        "operation": op,
        "tabs": tabs.tabs_for(actor, op, "results"),
        "results": r,
        "category_rows": export.category_rows(r, grouped=True)[1:],
        "map_svg": svg,
        "unmapped": unmapped,
        "personal": policy.reads_personal_data(actor, op),
        "may_release": policy.may_release_summary(actor, op),
        "reports": services.reports_of(actor, op),
        "may_analyse": policy.may_open_analysis(actor, op),
        "analysis_open": handover.linked_project_id(op) is not None,
    }
    return render(request, "operations/reports/final.html", context)


@actor_required
@open_to_learners
def final_pdf(request: HttpRequest, actor: Actor, operation_id: int) -> HttpResponse:
    op = services.get_operation(actor, operation_id)
    data = export.pdf(op, results.results_for(actor, op))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="operation-{op.pk}-report.pdf"'
    return response


@actor_required
def final_csv(request: HttpRequest, actor: Actor, operation_id: int) -> HttpResponse:
    """Rows name places and nationalities: participants only."""
    op = services.get_operation(actor, operation_id)
    response = HttpResponse(services.report_csv(actor, op), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="operation-{op.pk}-report.csv"'
    return response


@actor_required
@require_POST
def release(request: HttpRequest, actor: Actor, operation_id: int) -> HttpResponse:
    services.release_summary(actor, operation_id)
    return HttpResponseRedirect(f"/operations/{operation_id}/report/")


def public_summary(request: HttpRequest, code_name: str) -> HttpResponse:
    """No sign-in: what the coordinator released, totals only."""
    try:
        summary = services.released_summary(code_name)
    except PolnetError:
        return render(request, "operations/reports/public.html", {"summary": None}, status=404)
    return render(request, "operations/reports/public.html", {"summary": results.public_display(summary)})
