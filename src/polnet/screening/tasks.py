"""Screening's background jobs: passenger lists, the deletion of their files, and the
escalation of hits the owner has not answered in time."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from polnet.jobs import TaskContext, every, task
from polnet.screening import confirmation
from polnet.screening.batches import corrections
from polnet.screening.batches import files as batch_files
from polnet.screening.batches import runs as batches
from polnet.screening.models import BatchStatus, ScreeningBatch


@task(takes_context=True)
def check_passenger_list(context: TaskContext, batch_id: int) -> None:
    """Check a passenger list, or the rest of it after a worker that stopped on the way."""
    batches.run_batch(batch_id, attempt=context.attempt)


@every(timedelta(minutes=10))
@task()
def passenger_list_housekeeping() -> dict[str, int]:
    """Delete the files of lists whose results are no longer kept, fail uploads that were cut
    off before their job was queued, and queue again a list whose job ended without it."""
    return {
        "files_deleted": batch_files.delete_expired_files(),
        "uploads_cut_off": batch_files.fail_cut_off_uploads(),
        "requeued": requeue_orphans(),
    }


def requeue_orphans() -> int:
    """Queue a job again for each list waiting or running without one (its job failed outside
    the list's own error handling, or the list is older than the job queue); how many."""
    # The lists first, then the jobs: a list uploaded in between (stored with its job in one
    # transaction) is not among them, so it never gets a second job.
    unfinished = list(
        ScreeningBatch.objects.filter(
            status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING], total__gt=0
        ).values_list("pk", flat=True)
    )
    active = DBTaskResult.objects.filter(
        task_path=check_passenger_list.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True)
    have_job = {job["args"][0] for job in active if job["args"]}
    orphans = [batch_id for batch_id in unfinished if batch_id not in have_job]
    for batch_id in orphans:  # a list whose job finished meanwhile: the new job finds it done
        check_passenger_list.enqueue(batch_id)
    return len(orphans)


@every(timedelta(minutes=1))
@task()
def escalate_overdue_hits() -> dict[str, int]:
    """Send the hits the owner has not answered in time to the secretariat's queue."""
    return {"escalated": confirmation.escalate_overdue()}


@task()
def recheck_passenger_row(batch_id: int, row: int) -> None:
    """Check a row of a passenger list that the officer corrected after it was refused."""
    corrections.recheck_row(batch_id, row)
