"""API shapes of batches."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from polnet.feeds.models import ImportBatch


class RowErrorOut(Schema):
    row: int = Field(description="1 for the file's first record")
    ref: str
    field: str
    code: str
    message: str


class ImportBatchOut(Schema):
    id: int
    kind: str
    format: str
    file_name: str
    sha256: str
    status: str = Field(
        description="queued, checking, applying, awaiting (a full sync waits for its confirmation), "
        "sweeping, done, rejected (invalid rows, nothing applied), failed"
    )
    full_sync: bool
    apply_valid_only: bool
    rows_read: int
    rows_failed: int
    rows_applied: int
    created: int
    updated: int
    unchanged: int
    deleted: int
    would_delete: int | None = Field(description="A full sync: records it deletes once confirmed")
    swept: int
    same_as: int | None = Field(description="An earlier batch with the same content, if any")
    message: str
    errors: list[RowErrorOut]
    submitted_at: datetime
    finished_at: datetime | None


class ConfirmIn(Schema):
    count: int = Field(ge=0, description="The number of records the batch said it would delete")


def batch_out(batch: ImportBatch) -> dict[str, object]:
    return {f: getattr(batch, f) for f in ImportBatchOut.model_fields}
