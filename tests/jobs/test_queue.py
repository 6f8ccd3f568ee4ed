"""The job queue: claims, leases that run out and are taken again, and how a job ends."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from polnet.jobs import LeaseLost, WorkerStopped, check_lease, leases
from polnet.jobs.held import HeldLease, holding
from polnet.jobs.models import JobLease
from polnet.jobs.worker import Worker
from tests.jobs import sample_tasks
from tests.jobs.drive import claim_and_die, run_jobs, run_out
from tests.races import race


@pytest.fixture(autouse=True)
def nothing_ran() -> Iterator[None]:
    sample_tasks.RAN.clear()
    yield
    sample_tasks.RAN.clear()


def _job() -> DBTaskResult[Any, Any]:
    return DBTaskResult.objects.get()


@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_each_job_once_and_records_how_it_ended() -> None:
    done = sample_tasks.note.enqueue("a")
    sample_tasks.fail.enqueue()
    assert run_jobs() == 2
    assert run_jobs() == 0
    assert sample_tasks.RAN == ["a"]
    done.refresh()
    assert done.status == TaskResultStatus.SUCCESSFUL and done.return_value == "A"
    failed = DBTaskResult.objects.get(task_path__endswith=".fail")
    assert failed.status == TaskResultStatus.FAILED and "this job fails" in failed.traceback
    assert not JobLease.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_died_is_taken_again_once_its_lease_ran_out() -> None:
    sample_tasks.note.enqueue("once")
    lease = claim_and_die()
    assert run_jobs() == 0  # the lease still holds: nobody else runs the job
    assert _job().status == TaskResultStatus.RUNNING

    run_out(lease)
    worker = Worker(scheduler=False)
    assert worker.run_until_idle() == 1
    assert run_jobs() == 0
    job = _job()
    assert job.status == TaskResultStatus.SUCCESSFUL and job.worker_ids == ["dead-worker", worker.worker_id]
    assert sample_tasks.RAN == ["once"]


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_lost_its_lease_stops_and_does_not_record_the_end() -> None:
    sample_tasks.hang_while_another_worker_takes_over.enqueue()
    first = Worker("first", scheduler=False)
    assert first.step()
    assert sample_tasks.RAN == []  # stopped at its check
    job = _job()
    assert job.status == TaskResultStatus.RUNNING and job.worker_ids == ["first", "successor"]
    assert JobLease.objects.get().worker_id == "successor"


@pytest.mark.django_db(transaction=True)
def test_a_lease_is_renewed_until_another_worker_took_the_job() -> None:
    sample_tasks.note.enqueue("x")
    lease = claim_and_die("slow-worker")
    JobLease.objects.update(expires_at=timezone.now())
    assert lease.renew() and JobLease.objects.get().expires_at > timezone.now()
    run_out(lease)
    assert leases.retake_expired() == [lease.task_id]
    assert not lease.renew()
    holding(lease)
    try:
        with pytest.raises(LeaseLost):
            check_lease()
    finally:
        holding(None)
    check_lease()  # outside a job: nothing to check


def test_a_worker_that_could_not_renew_for_half_its_lease_stops_its_job() -> None:
    """Before another worker can take the job (a whole lease): the database may be away."""
    lease = HeldLease(task_id=uuid.uuid4(), worker_id="cut-off", length=timedelta(seconds=60))
    holding(lease)
    try:
        lease.renewed = time.monotonic() - 29
        check_lease()
        lease.renewed = time.monotonic() - 31
        with pytest.raises(LeaseLost):
            check_lease()
    finally:
        holding(None)


@pytest.mark.django_db(transaction=True)
def test_a_worker_told_to_stop_hands_its_job_back_at_once() -> None:
    sample_tasks.check_in.enqueue()
    worker = Worker(scheduler=False)
    worker.stopping.set()  # what SIGTERM does
    with pytest.raises(WorkerStopped):
        worker.step()
    assert sample_tasks.RAN == []
    job = _job()
    assert job.status == TaskResultStatus.READY and not JobLease.objects.exists()
    assert job.worker_ids == []  # handed back, not an attempt that died


@pytest.mark.django_db(transaction=True)
def test_workers_claiming_together_take_a_job_once() -> None:
    sample_tasks.note.enqueue("together")
    won = race(6, lambda n: leases.claim_next(f"worker-{n}") is not None)
    assert sorted(won) == [False] * 5 + [True]
    assert JobLease.objects.count() == 1
