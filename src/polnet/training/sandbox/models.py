"""A trainee's run of a sandbox exercise: every act appended, graded when finished."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["SandboxRun"]


class SandboxRun(models.Model):
    """One attempt at one exercise. The log holds the trainee's acts in order (each a dict
    with its time); the feedback holds the checker's steps as codes, worded when shown, so
    it reads in whichever language the trainee uses."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sandbox_runs")
    exercise = models.CharField(max_length=40)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    log = models.JSONField(default=list, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    feedback = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["user", "exercise"], name="sandbox_run_user_exercise")]

    def __str__(self) -> str:
        return f"{self.exercise} by {self.user_id}"
