"""The hit report page, `/check/hits/<id>/report/`: the form for the reporting bureau, the
report for the owner and the reporter (`hit_reports` decides who is who).

From the report, a link opens the messaging compose page with the other bureau as
recipient and the hit as the message's reference: by URL only, since screening and
messaging are on the same floor and may not import each other.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from polnet.core.actor import Actor
from polnet.core.errors import Conflict, InvalidInput
from polnet.network.web import actor_required
from polnet.screening import hit_reports
from polnet.screening.models import Hit, HitReport
from polnet.screening.report_api import HitReportIn
from polnet.screening.web.report_forms import HitReportForm


def report_url(hit_id: int) -> str:
    return f"/check/hits/{hit_id}/report/"


def compose_url(actor: Actor, hit: Hit, report: HitReport | None) -> str:
    """The messaging compose page, to the other bureau, with the hit as reference."""
    to = hit_reports.counterpart_address(actor, hit, report)
    if not to:
        return ""
    return "/messages/compose/?" + urlencode({"to": to, "ref": hit_reports.thread_reference(hit)})


def _send(request: HttpRequest, actor: Actor, hit: Hit) -> tuple[HitReportForm, HttpResponse | None]:
    form = HitReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None
    data = form.validate_with(HitReportIn, form.payload())
    if not data:
        return form, None
    try:
        hit_reports.create_report(actor, hit.pk, data, form.photo_bytes())
    except (InvalidInput, Conflict) as exc:
        if exc.field == "file":  # an upload's size, read before the service
            exc.field = "photos"
        form.add_service_error(exc)
        return form, None
    messages.success(request, gettext("The report was sent to the owner."))
    return form, HttpResponseRedirect(report_url(hit.pk))


@actor_required
@require_http_methods(["GET", "POST"])
def hit_report(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    hit, report, may_write = hit_reports.report_view(actor, pk)
    form = HitReportForm(initial={"place": hit.location}) if may_write else None
    if request.method == "POST":
        if not may_write:
            hit_reports.refuse_writing(actor, hit)
        form, done = _send(request, actor, hit)
        if done is not None:
            return done
    context = {
        "actor": actor,
        "hit": hit,
        "report": report,
        "photos": hit_reports.photos_of(report) if report else [],
        "form": form,
        "compose_url": compose_url(actor, hit, report) if report else "",
    }
    return render(request, "screening/hit_report.html", context, status=400 if form and form.errors else 200)
