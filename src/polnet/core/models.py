from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One act on the system, hash-chained to the entry before it.

    Never updated or deleted by the application; the user is kept by PROTECT and
    also by name, so an entry outlives renames.
    """

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    actor_role = models.CharField(max_length=32)
    affiliation = models.CharField(max_length=64)  # "bureau:FR", "unit:12" or "secretariat"
    action = models.CharField(max_length=32, db_index=True)
    object_type = models.CharField(max_length=64, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    purpose = models.CharField(max_length=64, blank=True)
    origin = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        # Without the object: this shows wherever an entry is named, also to the system administrator.
        return f"#{self.seq} {self.actor_name} {self.action} {self.object_type}"


class AuditHead(models.Model):
    """The chain's tip: one row, locked by every writer so that entries chain in order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit head #{self.seq}"
