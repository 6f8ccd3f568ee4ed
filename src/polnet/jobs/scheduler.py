"""Enqueue scheduled runs: once per schedule and slot, however many workers try at once.

Every worker, every few seconds, tries to enqueue each schedule's current slot; the first
insert of the (name, slot) row wins and enqueues the run in the same transaction, and every
other worker finds the row there or fails on its unique constraint and rolls back. A slot
missed while no worker ran is not made up: the next slot runs.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from polnet.jobs.models import ScheduledRun
from polnet.jobs.schedules import Schedule, registered

log = logging.getLogger(__name__)


def enqueue_due(now: datetime | None = None, schedules: list[Schedule] | None = None) -> list[str]:
    """Enqueue the current slot of each schedule that no worker has enqueued yet; the names
    of the schedules this call enqueued."""
    now = now or timezone.now()
    enqueued = []
    for schedule in registered() if schedules is None else schedules:
        if enqueue_slot(schedule, schedule.slot(now)):
            enqueued.append(schedule.name)
    return enqueued


def enqueue_slot(schedule: Schedule, slot: datetime, *, check_first: bool = True) -> bool:
    """Enqueue one run for this slot unless one was; whether this call enqueued it. The first
    look only saves work: the unique constraint decides."""
    if check_first and ScheduledRun.objects.filter(name=schedule.name, slot=slot).exists():
        return False
    try:
        with transaction.atomic():
            # The row first: a second worker inserting the same slot waits on it, then fails.
            run = ScheduledRun.objects.create(name=schedule.name, slot=slot)
            run.task_id = schedule.task.enqueue().id
            run.save(update_fields=["task_id"])
    except IntegrityError:
        return False
    log.info("scheduled %s for %s", schedule.name, slot.isoformat())
    return True
