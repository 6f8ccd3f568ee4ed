"""Drive job workers from a test: explicitly, in this process, one step at a time if need be."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from polnet.jobs import leases
from polnet.jobs.held import HeldLease
from polnet.jobs.models import JobLease
from polnet.jobs.worker import Worker


def run_jobs() -> int:
    """Run every ready job (and any that it enqueues) until none is left; how many ran."""
    return Worker(scheduler=False).run_until_idle()


def claim_and_die(worker_id: str = "dead-worker") -> HeldLease:
    """A worker claims the next job and dies at once: its lease is left to run out."""
    lease = leases.claim_next(worker_id)
    assert lease is not None, "no job was ready"
    return lease


def run_out(lease: HeldLease) -> None:
    """The lease's time passes without its worker renewing it."""
    JobLease.objects.filter(task_id=lease.task_id).update(expires_at=timezone.now() - timedelta(seconds=1))
