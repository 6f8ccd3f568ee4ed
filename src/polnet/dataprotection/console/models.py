"""What the console keeps of its own: the alerts. The log, the query log and the hits it reads
stay where they are (read through `console/sources.py`, never copied)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.network.models import Country

__all__ = ["Alert", "AlertKind", "AlertState"]


class AlertKind(models.TextChoices):
    READ_VOLUME = "read_volume", _("Far more reads than peers")
    OFF_HOURS = "off_hours", _("Searches outside usual hours")
    FISHING = "fishing", _("Many near-identical searches")
    RESTRICTED_READ = "restricted_read", _("Reads of restricted records")


class AlertState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Alert(models.Model):
    """Unusual processing found by a rule over one window; the same rule, subject and window
    never alert twice (the constraint below)."""

    kind = models.CharField(max_length=32, choices=AlertKind.choices)
    # The rule, subject, records' owner and window in one string: the same window never
    # alerts twice, however often the rules run.
    key = models.CharField(max_length=255, unique=True)
    # The subject: a user (by id and name, which outlive the account) or a unit ("unit:12").
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_name = models.CharField(max_length=150)
    affiliation = models.CharField(max_length=64)  # the subject's: "bureau:FR", "unit:12", "secretariat"
    # The subject's bureau (none: the secretariat) and, for reads of restricted records, the
    # records' owner: the officers of both answer for it.
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    concerns_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    figures = models.JSONField(default=dict)  # the numbers the explanation is worded from
    state = models.CharField(max_length=8, choices=AlertState.choices, default=AlertState.OPEN)
    raised_at = models.DateTimeField(default=timezone.now)
    closing_note = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-window_start", "-id"]
        indexes = [models.Index(fields=["state", "country"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_name} {self.window_start:%Y-%m-%d %H:%M}"
