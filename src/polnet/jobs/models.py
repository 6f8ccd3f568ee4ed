"""What the task queue of django-tasks-db does not keep: who holds a running job, until when,
and which scheduled runs were enqueued."""

from __future__ import annotations

from django.db import models


class JobLease(models.Model):
    """A running job's holder. The worker renews it while the job runs; a job whose lease ran
    out (its worker died or hung) is made ready again by any worker."""

    task = models.OneToOneField(
        "django_tasks_database.DBTaskResult", on_delete=models.CASCADE, primary_key=True, related_name="lease"
    )
    worker_id = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.task_id} held by {self.worker_id} until {self.expires_at:%Y-%m-%d %H:%M:%S}"


class ScheduledRun(models.Model):
    """One row per schedule and slot: the worker that inserts it enqueues the run, every other
    worker finds it taken (the unique constraint decides, on SQLite as on PostgreSQL)."""

    name = models.CharField(max_length=200)
    slot = models.DateTimeField()
    task_id = models.UUIDField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="one_run_per_schedule_slot")]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.name} at {self.slot:%Y-%m-%d %H:%M}"
