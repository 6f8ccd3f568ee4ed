"""The queue's own housekeeping: finished jobs and scheduled-run records are kept a week."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from polnet.jobs import every, task
from polnet.jobs.models import ScheduledRun

KEEP = timedelta(days=7)


@every(timedelta(hours=1))
@task()
def prune_finished_jobs() -> int:
    """Delete the records of jobs that finished more than a week ago; how many went."""
    cutoff = timezone.now() - KEEP
    finished = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    gone, _ = DBTaskResult.objects.filter(status__in=finished, finished_at__lt=cutoff).delete()
    ScheduledRun.objects.filter(created_at__lt=cutoff).delete()
    return gone
