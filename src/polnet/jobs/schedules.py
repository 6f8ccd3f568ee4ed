"""Scheduled jobs, as the apps declare them: each runs once per slot of its period.

A domain app declares a schedule in its `tasks` module (`@every(timedelta(hours=1))` on a
task). Every worker, every few seconds, tries to enqueue each schedule's current slot; the
first insert of the (name, slot) row wins and enqueues the run in the same transaction, and
every other worker finds the row there or fails on its unique constraint and rolls back. A
slot missed while no worker ran is not made up: the next slot runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django_tasks.base import Task

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Schedule:
    name: str
    period: timedelta
    task: Task[[], Any]

    def slot(self, now: datetime) -> datetime:
        """The start of the period that ``now`` falls in (periods counted from a fixed epoch)."""
        return EPOCH + (now - EPOCH) // self.period * self.period


_schedules: dict[str, Schedule] = {}


def every(period: timedelta, *, name: str = "") -> Callable[[Task[[], Any]], Task[[], Any]]:
    """Run a task (one without arguments) once per ``period``."""
    if period < timedelta(minutes=1):
        raise ValueError("A schedule runs at most once a minute.")

    def register(task: Task[[], Any]) -> Task[[], Any]:
        schedule = Schedule(name or task.module_path, period, task)
        _schedules[schedule.name] = schedule
        return task

    return register


def registered() -> list[Schedule]:
    return sorted(_schedules.values(), key=lambda s: s.name)
