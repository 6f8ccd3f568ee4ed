"""The lease of the job the current thread runs, and the check that long jobs make on it.

Imports no model: apps import `check_lease` from `polnet.jobs` while the registry loads.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.utils import timezone


class LeaseLost(BaseException):  # like KeyboardInterrupt: no `except Exception` stops it
    """This worker no longer holds the job it runs: another worker may be running it."""


class WorkerStopped(BaseException):  # like KeyboardInterrupt
    """The worker was told to stop while it ran a job: the job goes back to the queue."""


def lease_length() -> timedelta:
    return timedelta(seconds=settings.POLNET_JOB_LEASE_SECONDS)


@dataclass
class HeldLease:
    """The lease of the job that the current thread runs."""

    task_id: UUID
    worker_id: str
    length: timedelta
    renewed: float = field(default_factory=time.monotonic)
    lost: threading.Event = field(default_factory=threading.Event)

    def still_held(self) -> bool:
        age = time.monotonic() - self.renewed
        return not self.lost.is_set() and age < self.length.total_seconds() / 2

    def renew(self) -> bool:
        """Push the lease on; False once another worker has taken the job."""
        from polnet.jobs.models import JobLease

        started = time.monotonic()
        renewed = JobLease.objects.filter(task_id=self.task_id, worker_id=self.worker_id).update(
            expires_at=timezone.now() + self.length
        )
        if not renewed:
            self.lost.set()
            return False
        self.renewed = started
        return True


_current = threading.local()


def holding(lease: HeldLease | None, stop: threading.Event | None = None) -> None:
    """The job this thread runs now, and the event that its worker sets to stop."""
    _current.lease, _current.stop = lease, stop


def check_lease() -> None:
    """Raise LeaseLost if the job this thread runs may have passed to another worker, and
    WorkerStopped if its worker was told to stop. Long jobs call it between steps (a signal
    handler must not raise into C code such as the screening engine); outside a worker it
    does nothing."""
    lease: HeldLease | None = getattr(_current, "lease", None)
    if lease is None:
        return
    if not lease.still_held():
        raise LeaseLost(f"job {lease.task_id}: lease of {lease.worker_id} lost")
    stop: threading.Event | None = getattr(_current, "stop", None)
    if stop is not None and stop.is_set():
        raise WorkerStopped
