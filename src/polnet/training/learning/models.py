"""Enrolments, progress per module and quiz attempts: what each learner did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Attempt", "Enrolment", "EnrolmentState", "ModuleProgress"]


class EnrolmentState(models.TextChoices):
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Enrolment(models.Model):
    course = models.ForeignKey("training.Course", on_delete=models.PROTECT, related_name="enrolments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments")
    # The learner, or the bureau administrator who enrolled their staff.
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=16, choices=EnrolmentState.choices, default=EnrolmentState.ACTIVE)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [
            # One open enrolment per course and person; a renewal opens a new one.
            models.UniqueConstraint(
                fields=["course", "user"],
                condition=models.Q(state="active"),
                name="enrolment_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.course}"


class ModuleProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    module = models.ForeignKey("training.Module", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="progress_one_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment}: module {self.module_id}"


class Attempt(models.Model):
    """One try at a quiz: the questions drawn for it, the answers given and the score."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    module = models.ForeignKey("training.Module", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField()  # 1, 2, ... per enrolment and module
    question_ids = models.JSONField(default=list)  # drawn, in the order shown
    answers = models.JSONField(default=dict)  # {question id: [choice ids]}
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # percent
    passed = models.BooleanField(default=False)

    class Meta:
        ordering = ["enrolment", "module", "number"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module", "number"], name="attempt_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment}: attempt {self.number}"
