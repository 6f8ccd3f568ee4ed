"""The feeds' API: send a batch (202 at once), follow it, confirm a full sync."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Status, UploadedFile

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.feeds import services
from polnet.feeds.schemas import ConfirmIn, ImportBatchOut, batch_out
from polnet.network.auth import ScopedRouter

router = ScopedRouter(tags=["feeds"])


@router.post(
    "/batches",
    scope=TokenScope.RECORDS_IMPORT,
    response={202: ImportBatchOut, **ERRORS},
    operation_id="submit_import_batch",
    summary="Send a batch of records (CSV or JSON Lines) with their external references; "
    "poll the batch for its progress and report",
)
def submit_view(
    request: HttpRequest,
    file: File[UploadedFile],
    kind: Form[str],
    format: Form[str] = "",  # the form field's name
    full_sync: Form[bool] = False,
    apply_valid_only: Form[bool] = False,
) -> Status[dict[str, Any]]:
    batch = services.submit(
        _actor(request),
        kind,
        file.chunks(),
        file_name=file.name or "batch",
        fmt=format,
        full_sync=full_sync,
        apply_valid_only=apply_valid_only,
    )
    return Status(202, batch_out(batch))


@router.get(
    "/batches",
    scope=TokenScope.RECORDS_IMPORT,
    response={200: list[ImportBatchOut], **ERRORS},
    operation_id="list_import_batches",
    summary="The bureau's batches, newest first",
)
def list_view(request: HttpRequest) -> list[dict[str, Any]]:
    return [batch_out(b) for b in services.visible_batches(_actor(request))[:200]]


@router.get(
    "/batches/{int:pk}",
    scope=TokenScope.RECORDS_IMPORT,
    response={200: ImportBatchOut, **ERRORS},
    operation_id="get_import_batch",
    summary="A batch: its status, counts and error report",
)
def detail_view(request: HttpRequest, pk: int) -> dict[str, Any]:
    return batch_out(services.get_batch(_actor(request), pk))


@router.post(
    "/batches/{int:pk}/confirm",
    scope=TokenScope.RECORDS_IMPORT,
    response={202: ImportBatchOut, **ERRORS},
    operation_id="confirm_import_batch",
    summary="Confirm a full sync's deletions by their number (the batch's would_delete)",
)
def confirm_view(request: HttpRequest, pk: int, payload: ConfirmIn) -> Status[dict[str, Any]]:
    return Status(202, batch_out(services.confirm(_actor(request), pk, payload.count)))
