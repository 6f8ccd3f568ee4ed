"""Passenger lists cut off by a server stop go on where they stopped when the server starts.

A list is checked by a thread of a server worker, so a stop leaves it queued or running with
nobody checking it. `polnet serve` calls `requeue_interrupted` once, before it starts any
worker: nothing can be checking a list then, so every running one was cut off and waits
again. Each worker calls `resume_in_background` at start; `batches.run_batch` claims a
waiting list with one conditional UPDATE, so however many workers start, one alone checks
it. The results file is the record of the rows done (`batch_files.completed_rows`).

This assumes one server per database, as `polnet serve` runs it.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import connections
from django.utils import timezone

from polnet.screening import batch_files, batches
from polnet.screening.models import BatchStatus, ScreeningBatch

log = logging.getLogger(__name__)
HOUSEKEEPING_SECONDS = 600  # between deletions of expired passenger-list files
UPLOAD_CUT = "The upload was cut off when the server stopped; upload the list again."


def requeue_interrupted() -> int:
    """Put the lists cut off by the last stop back in the queue; how many wait to go on.
    Only while no worker runs: a list running now would be claimed a second time."""
    stopped = ScreeningBatch.objects.filter(status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING])
    # The row count is written once the list is stored: without it the upload was cut off.
    stopped.filter(total=0).update(status=BatchStatus.FAILED, error=UPLOAD_CUT, finished_at=timezone.now())
    stopped.filter(status=BatchStatus.RUNNING).update(status=BatchStatus.QUEUED)
    return stopped.count()


def resume_queued() -> list[threading.Thread]:
    """A thread for each waiting list; the one that claims the list checks the rest of it."""
    waiting = ScreeningBatch.objects.filter(status=BatchStatus.QUEUED, total__gt=0).order_by("pk")
    threads = [
        threading.Thread(
            target=batches.run_batch,
            args=(batch_id,),
            kwargs={"resumed": True},
            name=f"batch-{batch_id}",
            daemon=True,
        )
        for batch_id in waiting.values_list("pk", flat=True)
    ]
    for thread in threads:
        thread.start()
    return threads


def resume_in_background() -> None:
    """Start-up step of a server worker: no database work on the way to serving requests.
    The same thread then deletes expired passenger-list files every so often."""

    def run() -> None:
        try:
            resume_queued()
        except Exception:  # the lists stay queued for the next start
            log.exception("passenger lists could not be resumed")
        finally:
            connections.close_all()
        while True:
            try:
                batch_files.delete_expired_files()
            except Exception:  # tried again at the next round
                log.exception("expired passenger-list files could not be deleted")
            finally:
                connections.close_all()
            time.sleep(HOUSEKEEPING_SECONDS)

    threading.Thread(target=run, name="batch-resume", daemon=True).start()
