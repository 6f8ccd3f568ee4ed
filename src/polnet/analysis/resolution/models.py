"""Entity resolution inside a project: a run, and the candidate pairs it proposes.

A pair names its two persons by node key ("person:12", "notice:7"), never copies what they
hold: whoever reads it later reads the persons through their owners' policies again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.analysis.models import AnalystLink, Project

__all__ = ["CandidatePair", "PairStatus", "ResolutionRun", "RunStatus"]


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ResolutionRun(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="resolution_runs")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    stage = models.CharField(max_length=32, blank=True)  # reading, training, predicting, storing
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    threshold = models.FloatField()
    backend = models.CharField(max_length=16, default="duckdb")
    persons = models.PositiveIntegerField(default=0)  # compared (what the starter may see)
    pairs_found = models.PositiveIntegerField(default=0)
    trained = models.BooleanField(default=False)
    training_note = models.CharField(max_length=64, blank=True)  # "trained", "too_few_persons", ...
    model = models.JSONField(default=dict, blank=True)  # the Splink model used, as JSON
    seconds = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"run {self.pk} of project {self.project_id}"


class PairStatus(models.TextChoices):
    OPEN = "open", _("To decide")
    CONFIRMED = "confirmed", _("Same person")
    REJECTED = "rejected", _("Not the same person")


class CandidatePair(models.Model):
    run = models.ForeignKey(ResolutionRun, on_delete=models.CASCADE, related_name="pairs")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    left = models.CharField(max_length=96)  # node keys, left < right
    right = models.CharField(max_length=96)
    left_owner = models.CharField(max_length=2, blank=True)
    right_owner = models.CharField(max_length=2, blank=True)
    probability = models.FloatField()
    weight = models.FloatField()
    # [{"comparison": "name", "level": "exact", "bayes_factor": 14000.0}, ...]
    comparisons = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=PairStatus.choices, default=PairStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    link = models.ForeignKey(AnalystLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-probability", "id"]
        indexes = [
            models.Index(fields=["project", "left", "right"]),
            models.Index(fields=["run", "status"]),
        ]
        constraints = [models.UniqueConstraint(fields=["run", "left", "right"], name="candidate_pair_once")]

    def __str__(self) -> str:
        return f"{self.left} ~ {self.right} ({self.probability:.3f})"

    @property
    def same_country(self) -> bool:
        """Both records belong to one country: that bureau's own duplicate, not a link across
        bureaus (shown, but flagged)."""
        return bool(self.left_owner) and self.left_owner == self.right_owner
