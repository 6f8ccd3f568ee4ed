"""Jobs that the queue tests enqueue (a job is a module-level task)."""

from __future__ import annotations

from polnet.jobs import check_lease, task
from polnet.jobs.worker import Worker
from tests.jobs.drive import run_out

RAN: list[str] = []


@task()
def note(text: str) -> str:
    RAN.append(text)
    return text.upper()


@task()
def tick() -> None:
    RAN.append("tick")


@task()
def fail() -> None:
    raise ValueError("this job fails")


@task()
def hang_while_another_worker_takes_over() -> None:
    """The lease runs out mid-job, another worker takes the job; this one must stop."""
    from polnet.jobs.held import _current

    lease = _current.lease
    run_out(lease)
    successor = Worker("successor", scheduler=False)
    successor.housekeep()
    assert successor.claim() is not None
    assert not lease.renew()  # what the renewing thread finds next
    check_lease()
    RAN.append("went on without its lease")


@task()
def check_in() -> None:
    check_lease()
    RAN.append("went on after the stop")
