"""Passenger lists on the check page: upload a file, watch its progress, download the results.

The list runs in the background (`polnet.screening.batches.runs`); its page polls a small status
fragment until it is done. Results are downloaded from the API's address for them. Under the
upload form are the officer's earlier lists (`batches.visible_batches`).

A checked list shows its rows with hits (each hit as the reader may see it, `hit_views`) and
the rows a check refused, each with a form to correct it (`batches.corrections`); a corrected
row is checked in the background, and the page polls until it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, PolnetError
from polnet.core.middleware import background
from polnet.network.web import actor_required
from polnet.screening.batches import corrections
from polnet.screening.batches import files as batch_files
from polnet.screening.batches import runs as batches
from polnet.screening.hit_policy import hits_q
from polnet.screening.messages import NO_CHECKS
from polnet.screening.models import BatchRow, BatchStatus, Hit, RowState, ScreeningBatch
from polnet.screening.web.batch_forms import COLUMN_LABELS, RowCorrection
from polnet.screening.web.forms import BatchUpload
from polnet.screening.web.hit_views import OwnHit, own_hit_rows
from polnet.screening.web.offers import checkable_kinds
from polnet.screening.web.purposes import remember_purpose

POLL_SECONDS = 1
EARLIER_SHOWN = 5
ROWS_SHOWN = 100  # refused rows, and rows with hits, on the page; all are in the results file


@dataclass(frozen=True)
class RefusedRow:
    """A refused row as the page shows it: where, why, and the form to correct it."""

    row: int
    field_label: str
    value: str  # what the row held in that field
    reason: str
    pending: bool
    form: RowCorrection | None


@dataclass(frozen=True)
class HitRow:
    """A row with hits: its number (None for a list checked before rows were kept), what
    was checked, and each hit as the reader may see it."""

    row: int | None
    checked: list[str]
    hits: list[OwnHit]


def may_check_lists(kinds: list[str]) -> bool:
    """Passenger lists are checked by name and by document."""
    return "person" in kinds or "document" in kinds


def batch_context(batch: ScreeningBatch) -> dict[str, Any]:
    running = batch.status in (BatchStatus.QUEUED, BatchStatus.RUNNING)
    results = batch_files.has_results(batch)
    return {
        "batch": batch,
        "running": running,
        "partly_checked": batch.state == "partly_checked",
        "percent": round(100 * batch.done / batch.total) if batch.total else (0 if running else 100),
        "results_url": f"/api/screening/batches/{batch.pk}/results.csv" if results else "",
        "results_deleted": batch.status == BatchStatus.DONE and not results,
        "results_until": batch_files.results_deleted_at(batch),
        "batch_poll_seconds": POLL_SECONDS,
    }


def _reason(kept: BatchRow) -> str:
    language = (get_language() or "en").split("-")[0]
    return str(kept.reasons.get(language) or kept.reasons.get("en") or kept.code)


def refused_rows(batch: ScreeningBatch, bound: RowCorrection | None = None) -> tuple[list[RefusedRow], int]:
    """The refused rows shown (a form bound to what the officer sent replaces its row's), and
    how many there are."""
    rows = corrections.refused_rows(batch)
    correctable = corrections.may_correct(batch)
    shown = []
    for kept in rows[:ROWS_SHOWN]:
        pending = kept.state == RowState.PENDING
        form = None
        if correctable and not pending:
            form = bound if bound is not None and bound.row == kept.row else None
            form = form or RowCorrection(initial=corrections.form_values(kept), row=kept.row)
        label = COLUMN_LABELS.get(kept.field, kept.field)
        value = str((kept.values or {}).get(kept.field) or "")
        shown.append(RefusedRow(kept.row, str(label), value, _reason(kept), pending, form))
    return shown, rows.count()


def _checked(query: dict[str, Any]) -> list[str]:
    """What a hit's check asked, as the officer sent it."""
    parts = [" / ".join(query.get("names") or []), query.get("date_of_birth") or ""]
    parts += [query.get("number") or "", query.get("country") or ""]
    return [p for p in parts if p]


def hit_rows(actor: Actor, batch: ScreeningBatch) -> list[HitRow]:
    """The list's rows with hits the actor may see, in list order, each hit shown through the
    same display and access rules as the reader's own hits."""
    kept = list(corrections.rows_with_hits(batch)[:ROWS_SHOWN])
    visible = Hit.objects.filter(hits_q(actor), batch_id=batch.pk).order_by("id")
    if not kept:  # a list checked before its rows were kept: its hits, without row numbers
        shown = list(visible[:ROWS_SHOWN])
        rows = own_hit_rows(actor, shown)
        return [HitRow(None, _checked(h.query), [rows[h.pk]]) for h in shown]
    hits = {h.pk: h for h in visible.filter(pk__in=[i for k in kept for i in k.hit_ids])}
    rows = own_hit_rows(actor, list(hits.values()))
    out: list[HitRow] = []
    for k in kept:
        found = [hits.pop(i) for i in k.hit_ids if i in hits]
        if found:
            checked = [p for h in found for p in _checked(h.query)]
            out.append(HitRow(k.row, list(dict.fromkeys(checked)), [rows[h.pk] for h in found]))
    return out


def rows_context(actor: Actor, batch: ScreeningBatch, bound: RowCorrection | None = None) -> dict[str, Any]:
    """The refused rows and the rows with hits of a list that is no longer being checked."""
    if batch.status in (BatchStatus.QUEUED, BatchStatus.RUNNING):
        return {}
    refused, refused_total = refused_rows(batch, bound)
    return {
        "refused_rows": refused,
        "refused_total": refused_total,
        "hit_rows": hit_rows(actor, batch),
        "rows_shown": ROWS_SHOWN,
        "correcting": any(r.pending for r in refused),
        "correction_form": bound,
        "next_url": f"/check/batches/{batch.pk}/",
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
            content = form.cleaned_data["file"].read()
            batch = batches.start_batch(
                actor,
                content,
                form.content_type(content),
                location=form.cleaned_data["location"],
                purpose=form.cleaned_data["purpose"],
            )
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            if not htmx:
                return HttpResponseRedirect(f"/check/batches/{batch.pk}/")
            context |= batch_context(batch)
            remember_purpose(request, form.cleaned_data["purpose"])
            kept = {name: form.cleaned_data[name] for name in ("location", "purpose")}
            form = BatchUpload(initial=kept)
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
    context = {"actor": actor, **batch_context(batch), **rows_context(actor, batch)}
    htmx = bool(getattr(request, "htmx", False))
    return render(request, "screening/_batch.html" if htmx else "screening/batch.html", context)


@actor_required
@require_POST
def correct_row(request: HttpRequest, actor: Actor, pk: int, row: int) -> HttpResponse:
    """A refused row, corrected: queued to be checked, then back to the list's page."""
    batch = batches.get_batch(actor, pk)
    form = RowCorrection(request.POST, row=row)
    if form.is_valid():
        try:
            corrections.correct_row(actor, batch.pk, row, form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_error(exc)
        except PolnetError as exc:  # not refused, already being checked, no longer kept
            form.add_error(None, str(exc.message))
        else:
            return HttpResponseRedirect(f"/check/batches/{batch.pk}/#batch-{batch.pk}-rejected")
    batch.refresh_from_db()
    context = {"actor": actor, **batch_context(batch), **rows_context(actor, batch, form)}
    return render(request, "screening/batch.html", context, status=422)
