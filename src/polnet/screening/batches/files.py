"""A passenger list's files: the uploaded rows and the results, and how long they are kept.

The rows are stored as JSON lines when the list is uploaded and read while it is checked;
the results file gets each row as soon as it is checked, so it is also the record of the
rows done when a list cut off by a server stop goes on (`completed_rows`). Passenger data
is kept only as long as it is needed (`delete_expired_files`).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import csv_safety
from polnet.core.errors import NotFound
from polnet.screening.models import BatchRow, BatchStatus, ScreeningBatch

RESULT_FIELDS = [
    "row",
    "name",
    "date_of_birth",
    "document_number",
    "document_country",
    "person_hit",
    "person_matches",
    "document_hit",
    "document_matches",
    "hit_ids",
    # What to do on each hit, in the order of hit_ids: arrest, protect, discreet_check …
    "actions",
    "error",
    # The passenger's flight and booking, as sent (co-travellers share both), and the
    # flight's date (a PAXLST message states it).
    "flight",
    "booking",
    "flight_date",
]


def folder() -> Path:
    path = Path(settings.DATA_DIR) / "batches"
    path.mkdir(parents=True, exist_ok=True)
    return path


def input_path(batch_id: int) -> Path:
    return folder() / f"{batch_id}.input.jsonl"


def results_path(batch_id: int) -> Path:
    return folder() / f"{batch_id}.results.csv"


def results_deleted_at(batch: ScreeningBatch) -> datetime | None:
    """When a finished list's results file is (or was) deleted under the retention rule."""
    if batch.finished_at is None:
        return None
    return batch.finished_at + timedelta(hours=settings.POLNET_BATCH_RESULTS_HOURS)


def has_results(batch: ScreeningBatch) -> bool:
    return batch.status == BatchStatus.DONE and results_path(batch.pk).exists()


def no_results(batch: ScreeningBatch) -> NotFound:
    """Why a list has no results file to download."""
    if batch.status == BatchStatus.DONE:
        return NotFound(
            _(
                "The results of batch %(batch)s were deleted %(hours)s hours after it finished, as "
                "passenger data is kept no longer; its hits are in the hit list."
            ),
            code="batch_results_deleted",
            batch=batch.pk,
            hours=f"{settings.POLNET_BATCH_RESULTS_HOURS:g}",
        )
    if batch.status == BatchStatus.FAILED:
        message = _("Batch %(batch)s failed and has no results; send the list again.")
        return NotFound(message, code="batch_failed", batch=batch.pk)
    message = _("Batch %(batch)s has no results yet (%(done)s/%(total)s).")
    return NotFound(message, code="batch_results_pending", batch=batch.pk, done=batch.done, total=batch.total)


def delete_expired_files(now: datetime | None = None) -> int:
    """Delete the files of lists that finished more than POLNET_BATCH_RESULTS_HOURS ago, and
    the files of lists that failed; how many lists lost files. Passenger data is kept only as
    long as the officer needs it to read the results; the hits are hit records of their own."""
    now = now or timezone.now()
    files: dict[int, list[Path]] = {}
    for path in folder().iterdir():
        number = path.name.split(".", 1)[0]
        if number.isdigit():
            files.setdefault(int(number), []).append(path)
    cutoff = now - timedelta(hours=settings.POLNET_BATCH_RESULTS_HOURS)
    ended = ScreeningBatch.objects.filter(pk__in=list(files)).filter(
        Q(status=BatchStatus.FAILED) | Q(status=BatchStatus.DONE, finished_at__lte=cutoff)
    )
    gone = 0
    for batch_id in ended.values_list("pk", flat=True):
        for path in files[batch_id]:
            path.unlink(missing_ok=True)
        # The refused rows' values go with the file; their number and reason stay.
        BatchRow.objects.filter(batch_id=batch_id).exclude(values={}).update(values={})
        gone += 1
    return gone


def replace_result(batch_id: int, out: dict[str, Any]) -> None:
    """Put a corrected row's result in place of its line in the results file. The file is
    written anew beside the old one and takes its place whole: a reader never sees half."""
    path = results_path(batch_id)
    new = path.with_name(f"{batch_id}.results.csv.new")
    number = str(out["row"])
    with (
        path.open(newline="", encoding="utf-8") as src,
        new.open("w", newline="", encoding="utf-8") as dst,
    ):
        # The lines kept were neutralised when first written; neutralising is idempotent, so
        # they are written back through the same safe writer unchanged.
        plain = csv_safety.writer(dst)
        corrected = csv_safety.DictWriter(dst, fieldnames=RESULT_FIELDS)
        for record in csv.reader(src):
            if record and record[0] == number:
                corrected.writerow(out)
            else:
                plain.writerow(record)
    os.replace(new, path)


def completed_rows(path: Path) -> tuple[int, int]:
    """The rows a results file holds whole, and how many of them had hits. A row cut off by a
    server stop is cut away, so that the list goes on with that row and nothing is lost."""
    if not path.exists():
        return 0, 0
    rows = hits = read = keep = 0
    last = b""
    hit_ids = RESULT_FIELDS.index("hit_ids")
    with path.open("r+b") as file:

        def lines() -> Iterator[str]:
            nonlocal read, last
            for line in file:
                read, last = read + len(line), line
                yield line.decode("utf-8", errors="replace")

        try:
            for n, record in enumerate(csv.reader(lines())):
                first = RESULT_FIELDS[0] if n == 0 else str(n)  # the header, then rows 1, 2, ...
                whole = last.endswith(b"\r\n") and len(record) == len(RESULT_FIELDS)
                if not whole or record[0] != first:
                    break
                rows, keep = n, read
                hits += n > 0 and bool(record[hit_ids])
        except csv.Error:  # a quoted field cut off by the end of the file
            pass
        file.truncate(keep)
    return rows, hits


UPLOAD_CUT = "The upload was cut off when the server stopped; upload the list again."
UPLOAD_HOURS = 1  # an upload still without its row count after this long was cut off


def fail_cut_off_uploads(now: datetime | None = None) -> int:
    """Fail the lists whose upload stopped before it was stored whole (no row count, no job),
    and delete what was stored of them; how many."""
    cutoff = (now or timezone.now()) - timedelta(hours=UPLOAD_HOURS)
    cut = ScreeningBatch.objects.filter(status=BatchStatus.QUEUED, total=0, created_at__lt=cutoff)
    ids = list(cut.values_list("pk", flat=True))
    failed = cut.filter(pk__in=ids).update(
        status=BatchStatus.FAILED, error=UPLOAD_CUT, finished_at=timezone.now()
    )
    for batch_id in ScreeningBatch.objects.filter(pk__in=ids, status=BatchStatus.FAILED).values_list(
        "pk", flat=True
    ):
        input_path(batch_id).unlink(missing_ok=True)
    return failed
