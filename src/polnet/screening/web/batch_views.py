"""Passenger lists on the check page: upload a file, watch its progress, download the results.

The list runs in the background (`polnet.screening.batches.runs`); its page polls a small status
fragment until it is done. Results are downloaded from the API's address for them. Under the
upload form are the officer's earlier lists (`batches.visible_batches`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput
from polnet.core.middleware import background
from polnet.network.web import actor_required
from polnet.screening.batches import files as batch_files
from polnet.screening.batches import runs as batches
from polnet.screening.messages import NO_CHECKS
from polnet.screening.models import BatchStatus, ScreeningBatch
from polnet.screening.web.forms import BatchUpload
from polnet.screening.web.offers import checkable_kinds

POLL_SECONDS = 1
EARLIER_SHOWN = 5


def may_check_lists(kinds: list[str]) -> bool:
    """Passenger lists are checked by name and by document."""
    return "person" in kinds or "document" in kinds


def batch_context(batch: ScreeningBatch) -> dict[str, Any]:
    running = batch.status in (BatchStatus.QUEUED, BatchStatus.RUNNING)
    results = batch_files.has_results(batch)
    return {
        "batch": batch,
        "running": running,
        "percent": round(100 * batch.done / batch.total) if batch.total else (0 if running else 100),
        "results_url": f"/api/screening/batches/{batch.pk}/results.csv" if results else "",
        "results_deleted": batch.status == BatchStatus.DONE and not results,
        "results_until": batch_files.results_deleted_at(batch),
        "batch_poll_seconds": POLL_SECONDS,
    }


def earlier_batches(actor: Actor, shown: int | None = None) -> list[dict[str, Any]]:
    """The actor's latest passenger lists but the one ``shown`` above them, newest first."""
    found = [b for b in batches.recent_batches(actor, EARLIER_SHOWN + 1) if b.pk != shown]
    return [batch_context(b) for b in found[:EARLIER_SHOWN]]


@actor_required
@require_POST
def upload(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not may_check_lists(checkable_kinds(actor)):
        raise Forbidden(NO_CHECKS, code="checks_not_allowed")
    htmx = bool(getattr(request, "htmx", False))
    form = BatchUpload(request.POST, request.FILES)
    context: dict[str, Any] = {"actor": actor}
    if form.is_valid():
        try:
            batch = batches.start_batch(
                actor,
                form.cleaned_data["file"].read(),
                form.content_type(),
                location=form.cleaned_data["location"],
            )
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            if not htmx:
                return HttpResponseRedirect(f"/check/batches/{batch.pk}/")
            context |= batch_context(batch)
            form = BatchUpload(initial={"location": form.cleaned_data["location"]})
    status = 422 if form.errors else 200
    context["batch_form"] = form
    context["earlier_batches"] = earlier_batches(actor, context["batch"].pk if "batch" in context else None)
    template = "screening/_batch_area.html" if htmx else "screening/batch_upload.html"
    return render(request, template, context, status=status)


@background
@actor_required
@require_GET
def status(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    batch = batches.get_batch(actor, pk)  # the one who sent it, else not found
    context = {"actor": actor, **batch_context(batch)}
    htmx = bool(getattr(request, "htmx", False))
    return render(request, "screening/_batch.html" if htmx else "screening/batch.html", context)
