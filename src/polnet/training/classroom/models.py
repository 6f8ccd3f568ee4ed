"""Classroom courses and workshops: sessions with a place, dates, trainers and seats."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["ClassSession", "Registration", "RegistrationState", "SessionState"]


class SessionState(models.TextChoices):
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ClassSession(models.Model):
    course = models.ForeignKey("training.Course", on_delete=models.PROTECT, related_name="sessions")
    place = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    country = models.ForeignKey("network.Country", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    trainers = models.CharField(max_length=500)  # names as printed on the programme
    seats = models.PositiveSmallIntegerField()
    registration_closes = models.DateField()
    state = models.CharField(max_length=16, choices=SessionState.choices, default=SessionState.OPEN)
    organised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="session_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.city}, {self.starts_on})"


class RegistrationState(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A person registered for a session by their bureau (or partner); attendance is taken
    by the organiser after the session."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        max_length=16, choices=RegistrationState.choices, default=RegistrationState.REGISTERED
    )
    attended = models.BooleanField(null=True)  # None: not taken yet

    class Meta:
        ordering = ["session", "registered_at"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="registration_unique")]

    def __str__(self) -> str:
        return f"{self.user} at {self.session}"
