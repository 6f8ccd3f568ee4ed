"""A batch of records sent by a bureau's national system, and where its sync stands."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BatchStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("import batch", "Queued")
    CHECKING = "checking", pgettext_lazy("import batch", "Checking")
    APPLYING = "applying", pgettext_lazy("import batch", "Applying")
    # A full sync applied its rows and waits for the owner to confirm the deletions.
    AWAITING_CONFIRMATION = "awaiting", pgettext_lazy("import batch", "Awaiting confirmation")
    SWEEPING = "sweeping", pgettext_lazy("import batch", "Deleting what the batch left out")
    DONE = "done", pgettext_lazy("import batch", "Done")
    # Invalid rows and no `apply_valid_only`: nothing was applied.
    REJECTED = "rejected", pgettext_lazy("import batch", "Rejected")
    FAILED = "failed", pgettext_lazy("import batch", "Failed")


FINISHED = frozenset({BatchStatus.DONE, BatchStatus.REJECTED, BatchStatus.FAILED})
MAX_REPORTED_ERRORS = 1000  # the report keeps the first ones; `rows_failed` counts them all


class ImportBatch(models.Model):
    owner_country = models.ForeignKey("network.Country", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit_id = models.BigIntegerField(null=True, blank=True)  # sent by a unit: only it sees the batch
    kind = models.CharField(max_length=16)
    format = models.CharField(max_length=16)
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField(default=0)
    full_sync = models.BooleanField(default=False)
    apply_valid_only = models.BooleanField(default=False)
    language = models.CharField(max_length=8, default="en")  # of the error report
    status = models.CharField(max_length=16, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    rows_read = models.BigIntegerField(default=0)
    rows_failed = models.BigIntegerField(default=0)
    rows_applied = models.BigIntegerField(default=0)
    created = models.BigIntegerField(default=0)
    updated = models.BigIntegerField(default=0)
    unchanged = models.BigIntegerField(default=0)
    deleted = models.BigIntegerField(default=0)
    would_delete = models.BigIntegerField(null=True, blank=True)  # full sync, before confirmation
    swept = models.BigIntegerField(default=0)  # deleted by the full sync once confirmed
    errors = models.JSONField(default=list, blank=True)  # [{"row", "field", "code", "message"}]
    message = models.TextField(blank=True, default="")
    same_as = models.BigIntegerField(null=True, blank=True)  # an earlier batch with the same content
    submitted_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["owner_country", "kind", "sha256"])]
        verbose_name = _("import batch")

    def __str__(self) -> str:
        return f"batch {self.pk} {self.owner_country_id} {self.kind} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
