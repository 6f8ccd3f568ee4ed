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


class AuditWitnessSender(models.Model):
    """Another node whose audit checkpoints this node witnesses: its name and public key.

    Registered by this node's operator (`polnet audit trust-witness`); a checkpoint is
    accepted only if it verifies against one of these keys."""

    name = models.CharField(max_length=64, unique=True)
    public_key = models.TextField()  # PEM, Ed25519
    key_id = models.CharField(max_length=16, unique=True)
    registered_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} ({self.key_id})"


class WitnessedCheckpoint(models.Model):
    """A checkpoint another node sent, kept as it came: never updated or deleted by the application."""

    sender = models.ForeignKey(AuditWitnessSender, on_delete=models.PROTECT, related_name="checkpoints")
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    at = models.CharField(max_length=40)  # as signed
    prev = models.CharField(max_length=64)
    signature = models.CharField(max_length=128)
    line_hash = models.CharField(max_length=64)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["sender", "line_hash"], name="witnessed_once")]

    def __str__(self) -> str:
        return f"{self.sender.name} #{self.seq}"


class AuditWitnessDelivery(models.Model):
    """The last line of this node's checkpoint file a witness acknowledged (sending side)."""

    url = models.CharField(max_length=300, unique=True)
    delivered_through = models.CharField(max_length=64, blank=True)  # that line's SHA-256
    last_error = models.CharField(max_length=300, blank=True)
    last_try = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.url}: through {self.delivered_through[:12] or 'nothing'}"
