"""Scheduled jobs: one run per schedule and slot, however many workers enqueue it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from polnet.jobs import scheduler
from polnet.jobs.models import ScheduledRun
from polnet.jobs.schedules import Schedule, registered
from polnet.jobs.worker import discover_tasks
from tests.jobs import sample_tasks
from tests.jobs.drive import run_jobs
from tests.races import race

HOURLY = Schedule("test.hourly", timedelta(hours=1), sample_tasks.tick)
AT = datetime(2026, 3, 1, 10, 20, tzinfo=UTC)


@pytest.fixture(autouse=True)
def nothing_ran() -> None:
    sample_tasks.RAN.clear()


def test_a_slot_is_the_start_of_the_period_it_falls_in() -> None:
    assert HOURLY.slot(AT) == datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    assert HOURLY.slot(AT + timedelta(minutes=40)) == datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
    daily = Schedule("test.daily", timedelta(days=1), HOURLY.task)
    assert daily.slot(AT) == datetime(2026, 3, 1, tzinfo=UTC)


def test_the_apps_declare_their_housekeeping_schedules() -> None:
    discover_tasks()
    names = {s.name.rsplit(".", 1)[-1] for s in registered()}
    assert {
        "expire_overdue_notices",
        "expire_overdue_records",
        "sweep_photo_files",
        "purge_unsent_uploads",
        "passenger_list_housekeeping",
        "prune_finished_jobs",
    } <= names


@pytest.mark.django_db(transaction=True)
def test_a_slot_is_enqueued_once_however_often_workers_try() -> None:
    schedules = [Schedule("test.note", timedelta(hours=1), sample_tasks.tick)]
    assert scheduler.enqueue_due(AT, schedules) == ["test.note"]
    assert scheduler.enqueue_due(AT + timedelta(minutes=30), schedules) == []
    assert DBTaskResult.objects.count() == 1
    assert scheduler.enqueue_due(AT + timedelta(hours=1), schedules) == ["test.note"]
    assert DBTaskResult.objects.count() == 2
    assert run_jobs() == 2 and sample_tasks.RAN == ["tick", "tick"]
    assert list(ScheduledRun.objects.order_by("slot").values_list("slot", flat=True)) == [
        datetime(2026, 3, 1, 10, tzinfo=UTC),
        datetime(2026, 3, 1, 11, tzinfo=UTC),
    ]


@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_a_slot_enqueue_it_once() -> None:
    """Each worker on its own connection, all past the check for an existing run at once."""
    schedule = Schedule("test.race", timedelta(hours=1), sample_tasks.tick)
    slot = schedule.slot(AT)
    won = race(6, lambda _: scheduler.enqueue_slot(schedule, slot, check_first=False))
    assert sorted(won) == [False] * 5 + [True]
    assert DBTaskResult.objects.count() == ScheduledRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_housekeeping_jobs_run() -> None:
    discover_tasks()
    due = scheduler.enqueue_due()
    assert len(due) == len(registered())
    assert run_jobs() == len(due)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
