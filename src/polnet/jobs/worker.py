"""A job worker: takes ready jobs one at a time, renews their leases, and enqueues scheduled runs.

`polnet worker` runs one for ever; `polnet serve` starts one beside the web server unless told
not to. Tests run one in their own process until the queue is empty (`run_until_idle`).
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from types import FrameType
from typing import Any

from django.db import DatabaseError, close_old_connections, connections, transaction
from django.db.utils import OperationalError
from django.utils.module_loading import autodiscover_modules
from django_tasks import TaskContext
from django_tasks.signals import task_finished, task_started
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

from polnet.jobs import held, leases, scheduler
from polnet.jobs.held import HeldLease, LeaseLost, WorkerStopped

log = logging.getLogger(__name__)
HOUSEKEEPING_SECONDS = 15.0  # at most, between looks for expired leases and due schedules


def discover_tasks() -> None:
    """Import every installed app's `tasks` module, so that their schedules are registered."""
    autodiscover_modules("tasks")


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{secrets.token_hex(4)}"


class Worker:
    def __init__(
        self,
        worker_id: str = "",
        *,
        scheduler: bool = True,
        interval: float = 1.0,
        lease: timedelta | None = None,
    ) -> None:
        self.worker_id = worker_id or new_worker_id()
        self.scheduler = scheduler
        self.interval = interval
        self.lease = lease or held.lease_length()
        self.running = True
        self.stopping = threading.Event()  # a job in hand stops at its next check_lease()
        # Often enough that a dead worker's job waits little longer than its lease.
        self.housekeeping_seconds = min(HOUSEKEEPING_SECONDS, self.lease.total_seconds() / 2)
        self._housekept = -self.housekeeping_seconds

    # ---- one step at a time (tests drive these directly) -----------------------------------------

    def housekeep(self) -> None:
        """Retake the jobs of workers that stopped renewing, and enqueue due scheduled runs."""
        leases.retake_expired()
        if self.scheduler:
            scheduler.enqueue_due()

    def claim(self) -> HeldLease | None:
        try:
            return leases.claim_next(self.worker_id, length=self.lease)
        except OperationalError as exc:  # SQLite busy past its timeout: try again next round
            if is_locked_database_exception(exc):
                return None
            raise

    def run(self, lease: HeldLease) -> None:
        """Run a claimed job and record how it ended, if this worker still holds it then."""
        job = DBTaskResult.objects.get(pk=lease.task_id)
        done = threading.Event()
        renewing = threading.Thread(target=self._renew, args=(lease, done), name="job-lease", daemon=True)
        held.holding(lease, self.stopping)
        renewing.start()
        try:
            value = self._call(job)
        except LeaseLost:
            log.warning("job %s (%s) stopped: its lease passed to another worker", job.pk, job.task_path)
            return
        except (WorkerStopped, KeyboardInterrupt):
            leases.give_up(lease)  # another worker goes on with it now, not after the lease
            raise
        except BaseException as exc:
            log.exception("job %s (%s) failed", job.pk, job.task_path)
            self._finish(lease, job, partial(job.set_failed, exc))
        else:
            self._finish(lease, job, partial(job.set_successful, value))
        finally:
            held.holding(None)
            done.set()
            renewing.join()

    def step(self) -> bool:
        """Take and run one job; whether there was one."""
        lease = self.claim()
        if lease is None:
            return False
        self.run(lease)
        return True

    def run_until_idle(self) -> int:
        """Run jobs until none is ready; how many ran."""
        self.housekeep()
        ran = 0
        while self.step():
            ran += 1
        return ran

    # ---- for ever --------------------------------------------------------------------------------

    def run_forever(self, *, parent_pid: int | None = None) -> None:
        """Until SIGTERM or SIGINT (or, if given, until the parent process has gone)."""
        self._handle_signals()
        log.info("job worker %s started", self.worker_id)
        while self.running:
            close_old_connections()
            if parent_pid is not None and os.getppid() != parent_pid:
                log.warning("job worker %s: its server stopped; stopping too", self.worker_id)
                return
            now = time.monotonic()
            if now - self._housekept >= self.housekeeping_seconds:
                self._housekept = now
                try:
                    self.housekeep()
                except DatabaseError:  # the database is away or busy: next round
                    log.exception("job housekeeping failed")
            try:
                ran = self.step()
            except WorkerStopped:  # its job went back to the queue
                return
            except DatabaseError:  # the database is away: the job's lease runs out, and it runs again
                log.exception("job worker %s: the database failed", self.worker_id)
                ran = False
            if not ran and self.running:
                time.sleep(self.interval)

    def _handle_signals(self) -> None:
        def stop(signum: int, frame: FrameType | None) -> None:
            # A passenger list may take hours: it is handed on at its next check instead.
            # A second signal ends the process at once (the job's lease then runs out).
            self.running = False
            self.stopping.set()
            signal.signal(signum, signal.SIG_DFL)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

    # ---- inside -------------------------------------------------------------------------------

    def _call(self, job: DBTaskResult[Any, Any]) -> Any:
        task, result = job.task, job.task_result
        task_started.send(sender=type(task.get_backend()), task_result=result)
        if task.takes_context:
            # The backend's result is the base TaskResult with its database row attached.
            context = TaskContext(task_result=result)  # type: ignore[arg-type]
            return task.call(context, *result.args, **result.kwargs)
        return task.call(*result.args, **result.kwargs)

    def _finish(self, lease: HeldLease, job: DBTaskResult[Any, Any], record: Callable[[], None]) -> None:
        with transaction.atomic():
            if not leases.release(lease):
                log.warning("job %s ended after its lease passed to another worker", job.pk)
                return
            record()
        task_finished.send(sender=type(job.task.get_backend()), task_result=job.task_result)

    def _renew(self, lease: HeldLease, done: threading.Event) -> None:
        every = lease.length.total_seconds() / 6
        try:
            while not done.wait(every):
                try:
                    if not lease.renew():
                        return
                except OperationalError:  # busy or away: the job stops itself at half the lease
                    log.exception("job %s: lease not renewed", lease.task_id)
        finally:
            connections.close_all()  # this thread's own connection
