"""Background and scheduled work: one task queue in the database, on SQLite and PostgreSQL.

Jobs are django-tasks tasks (the backport of Django 6's `django.tasks`) stored by the
django-tasks-db backend; this package adds what a job queue for polnet needs on top: leases
(a job whose worker died runs again), schedules (once per slot, however many workers run) and
the worker loop (`polnet worker`). Domain apps declare their jobs and schedules in their own
`tasks` module; this package imports no domain app. See docs/jobs.md.
"""

from django_tasks import TaskContext, task

from polnet.jobs.held import LeaseLost, WorkerStopped, check_lease
from polnet.jobs.schedules import every

__all__ = ["LeaseLost", "TaskContext", "WorkerStopped", "check_lease", "every", "task"]
