"""Who runs a job, and for how long: claiming, renewing, giving up and retaking leases.

A worker claims a ready job and a lease on it in one transaction (the row is locked with
SKIP LOCKED on PostgreSQL; SQLite serialises the transaction), then renews the lease from a
second thread while the job runs. A job whose lease ran out (its worker was killed, lost its
machine or hangs) is made ready again by the next worker that looks, and runs again from the
start: a job's effects must therefore survive being run twice (a passenger list goes on after
its last saved row; housekeeping finds nothing left to do).

A worker that cannot renew its lease stops its job at the next `check_lease` after half the
lease has gone by, before any other worker can have taken the job.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from uuid import UUID

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from polnet.jobs.held import HeldLease, lease_length
from polnet.jobs.models import JobLease

log = logging.getLogger(__name__)


def claim_next(worker_id: str, backend: str = "default", length: timedelta | None = None) -> HeldLease | None:
    """Take the next ready job, with a lease on it; None when no job is ready."""
    length = length or lease_length()
    ready = DBTaskResult.objects.ready().filter(backend_name=backend)
    if not ready.exists():  # an idle worker's look takes no write lock (SQLite has one for all)
        return None
    with exclusive_transaction(ready.db):
        job = ready.get_locked()
        if job is None:
            return None
        job.claim(worker_id)
        JobLease.objects.create(task=job, worker_id=worker_id, expires_at=timezone.now() + length)
    return HeldLease(task_id=job.pk, worker_id=worker_id, length=length)


def give_up(lease: HeldLease) -> bool:
    """Hand a job this worker stops (shut down mid-job) back to the queue at once. A job
    handed back was not a failed attempt: its worker drops out of the job's worker ids, so
    that jobs count only the workers that died on them (`TaskContext.attempt`)."""
    with exclusive_transaction():
        if not JobLease.objects.filter(task_id=lease.task_id, worker_id=lease.worker_id).delete()[0]:
            return False
        job = DBTaskResult.objects.select_for_update().filter(pk=lease.task_id).first()
        if job is not None and job.status == TaskResultStatus.RUNNING:
            job.status = TaskResultStatus.READY
            if job.worker_ids and job.worker_ids[-1] == lease.worker_id:
                job.worker_ids = job.worker_ids[:-1]
            job.save(update_fields=["status", "worker_ids"])
    return True


def release(lease: HeldLease) -> bool:
    """Drop the lease of a job that ended, if this worker still holds it: only the holder
    records how a job ended. Call inside the transaction that records it."""
    return bool(JobLease.objects.filter(task_id=lease.task_id, worker_id=lease.worker_id).delete()[0])


def retake_expired(now: datetime | None = None) -> list[UUID]:
    """Make the jobs whose lease ran out ready again; their ids."""
    now = now or timezone.now()
    retaken: list[UUID] = []
    with exclusive_transaction():
        expired = JobLease.objects.filter(expires_at__lt=now).select_for_update(skip_locked=True)
        for lease in expired:
            log.warning(
                "job %s: worker %s stopped renewing its lease; it runs again", lease.task_id, lease.worker_id
            )
            DBTaskResult.objects.filter(pk=lease.task_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY
            )
            retaken.append(lease.task_id)
            lease.delete()
    return retaken
