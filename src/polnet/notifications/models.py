"""Notifications: one row per recipient (a bureau, a unit, or the secretariat) and event.

Apps write them through `services.notify` after their act commits; the subject is named by
its kind and id (a hit, a notice), so this app imports no domain above it. Who may open the
subject is decided by the subject's own app when the notification is shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from polnet.network.models import Bureau, Unit


class Notification(models.Model):
    # Both empty: the secretariat. A unit's notification goes to its officers, a bureau's to
    # the bureau's officers (not to its units).
    recipient_bureau = models.ForeignKey(
        Bureau, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recipient_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=32)  # e.g. "hit_new", "hit_confirmed": see `kinds.py`
    subject = models.CharField(max_length=16)  # "hit", "notice", ...
    subject_id = models.BigIntegerField()
    params = models.JSONField(default=dict)  # values the wording needs, never personal data
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["recipient_bureau", "recipient_unit", "read_at"]),
            models.Index(fields=["subject", "subject_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} {self.subject_id}"
