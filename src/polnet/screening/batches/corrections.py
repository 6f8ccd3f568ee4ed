"""The rows of a passenger list a check refused: the officer corrects them on the list's
page (or through the API) and each corrected row is checked in the background like the
others, by the list's job queue (`screening.tasks.recheck_passenger_row`), with the same
services, access and audit. Until every refused row is corrected and checked, the list is
only partly checked (`ScreeningBatch.state`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, NotFound
from polnet.screening.batches import files as batch_files
from polnet.screening.batches.input import TRAVEL_FIELDS, corrected_row
from polnet.screening.batches.runs import REJECTED, batch_actor, check_row, get_batch
from polnet.screening.models import BatchRow, BatchStatus, RowState, ScreeningBatch
from polnet.screening.querylog import writer as query_log_writer

# The columns a corrected row has: a full name stands for given and family names.
CORRECTED_FIELDS = ("name", "date_of_birth", "sex", "nationality", "document_number", "document_country")


def refused_rows(batch: ScreeningBatch) -> QuerySet[BatchRow]:
    """The rows still refused, or corrected and waiting to be checked, in list order."""
    return batch.rows.filter(state__in=[RowState.REJECTED, RowState.PENDING]).order_by("row")


def rows_with_hits(batch: ScreeningBatch) -> QuerySet[BatchRow]:
    return batch.rows.exclude(hit_ids=[]).filter(state=RowState.CHECKED).order_by("row")


def may_correct(batch: ScreeningBatch) -> bool:
    """Rows are corrected once the list is checked, while its results are kept."""
    return batch_files.has_results(batch)


def form_values(kept: BatchRow) -> dict[str, str]:
    """The row's values as the correction form shows them."""
    values = kept.values or {}
    out = {name: str(values.get(name) or "") for name in CORRECTED_FIELDS}
    if not out["name"]:
        out["name"] = f"{values.get('given') or ''} {values.get('family') or ''}".strip()
    return out


def correct_row(actor: Actor, batch_id: int, row: int, values: dict[str, Any]) -> BatchRow:
    """Queue a refused row, corrected, to be checked again."""
    batch = get_batch(actor, batch_id)  # the one who sent it, else not found
    if batch.status != BatchStatus.DONE:
        raise Conflict(_("Rows can be corrected once the list is checked."), code="batch_not_checked")
    if not may_correct(batch):
        raise Conflict(
            _("The list's passenger data was deleted: send the rows to correct as a new list."),
            code="batch_results_deleted_for_correction",
        )
    clean = corrected_row({name: values.get(name, "") for name in CORRECTED_FIELDS}, row)
    with transaction.atomic():
        kept = batch.rows.filter(row=row).first()
        if kept is None or kept.state == RowState.CHECKED:
            raise NotFound(
                _("Row %(row)s of this list was not refused."), code="batch_row_not_refused", row=row
            )
        if kept.state == RowState.PENDING:
            raise Conflict(
                _("Row %(row)s is already being checked again."), code="batch_row_pending", row=row
            )
        for f in TRAVEL_FIELDS:  # not corrected on the page: kept from the row as read
            clean[f] = clean[f] or str((kept.values or {}).get(f) or "")
        BatchRow.objects.filter(pk=kept.pk).update(state=RowState.PENDING, values=clean)
        audit.log(
            actor,
            audit.Action.UPDATE,
            "screening_batch",
            batch.pk,
            purpose=batch.purpose,  # the row is checked again for the list's purpose
            detail={"corrected_row": row},
        )
        from polnet.screening.tasks import recheck_passenger_row

        recheck_passenger_row.enqueue(batch.pk, row)
    kept.refresh_from_db()
    return kept


def recheck_row(batch_id: int, row: int) -> None:
    """Check a corrected row as the list's other rows were checked, then update the list's
    counts and its results file. Runs as a job: a second run finds the row checked."""
    kept = BatchRow.objects.filter(batch_id=batch_id, row=row, state=RowState.PENDING).first()
    if kept is None:
        return
    batch = ScreeningBatch.objects.get(pk=batch_id)
    if not may_correct(batch):  # deleted meanwhile: the row stays refused
        BatchRow.objects.filter(pk=kept.pk).update(state=RowState.REJECTED)
        return
    try:
        out = check_row(batch_actor(batch), kept.values, batch.location, batch.pk, row)
        query_log_writer.flush()
    except Exception:
        # Not a refusal but a failure (the database went away): the row is offered for
        # correction again rather than left waiting for ever; the job records the failure.
        BatchRow.objects.filter(pk=kept.pk, state=RowState.PENDING).update(state=RowState.REJECTED)
        raise
    out["row"] = row
    refused = out.pop(REJECTED, None)
    hit_ids = [int(h) for h in str(out.get("hit_ids") or "").split()]
    with transaction.atomic():
        # The row changes state once; its list is then updated under the list's row lock,
        # which also keeps two corrected rows from rewriting the file at once.
        if refused is not None:
            refused.pop("values", None)  # the officer's correction stays, to correct again
            changed = BatchRow.objects.filter(pk=kept.pk, state=RowState.PENDING).update(
                state=RowState.REJECTED, **refused
            )
            counts: dict[str, Any] = {"rejected": F("rejected")}
        else:
            changed = BatchRow.objects.filter(pk=kept.pk, state=RowState.PENDING).update(
                state=RowState.CHECKED, hit_ids=hit_ids, corrected_at=timezone.now()
            )
            counts = {"rejected": F("rejected") - 1, "hit_count": F("hit_count") + int(bool(hit_ids))}
        if changed:
            ScreeningBatch.objects.filter(pk=batch_id).update(**counts)
            batch_files.replace_result(batch_id, out)
