"""Hits, passenger-list batches and the screening query log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core.actions import HitAction
from polnet.core.images import image_storage
from polnet.network.models import Country, Unit


class Outcome(models.TextChoices):
    PENDING = "pending", "Pending"
    LOCATED = "located", "Located"
    ARRESTED = "arrested", "Arrested"
    REFUSED_ENTRY = "refused_entry", "Refused entry"
    NOT_SAME_PERSON = "not_same_person", "Not the same person"
    SEIZED = "seized", "Seized"
    NO_ACTION = "no_action", "No action"


class HitState(models.TextChoices):
    """The owner's answer to a hit: is it the person or object of its record or notice?"""

    REPORTED = "reported", _("Reported, waiting for the owner")
    CONFIRMED = "confirmed", _("Confirmed by the owner")
    NOT_SAME = "not_same", _("Not the same, says the owner")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Hit(models.Model):
    """A screening query matched a record: the owner bureau is told where and when."""

    kind = models.CharField(max_length=16)  # person, document, vehicle, firearm, or notice
    record_id = models.BigIntegerField()  # for a notice: the notice's id
    # None: a notice of the secretariat (UN), whose hits its readers see.
    owner_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.FloatField()
    explanation = models.JSONField(default=list)
    query = models.JSONField(default=dict)
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    screening_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    batch = models.ForeignKey(
        "ScreeningBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField(blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    # The passenger-list row it came from (from 1): a list resumed after a crash finds the
    # hit already there instead of making a second one.
    batch_row = models.PositiveIntegerField(null=True, blank=True)

    # What the owner asked an officer to do on a hit, copied from the record or notice at
    # the moment of the hit.
    action = models.CharField(max_length=16, choices=HitAction.choices, blank=True)
    action_reference = models.CharField(max_length=200, blank=True)
    action_note = models.CharField(max_length=500, blank=True)

    # The owner's confirmation, due by `due_at`; once overdue it is escalated to the
    # secretariat (`escalated_at`).
    state = models.CharField(max_length=16, choices=HitState.choices, default=HitState.REPORTED)
    state_reason = models.TextField(blank=True)
    state_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["owner_country", "id"]),
            models.Index(fields=["kind", "record_id"]),
            models.Index(fields=["state", "due_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "batch_row", "kind", "record_id"],
                condition=models.Q(batch_row__isnull=False),
                name="hit_once_per_batch_row",
            )
        ]

    def __str__(self) -> str:
        return f"hit {self.pk} on {self.kind} {self.record_id}"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ScreeningBatch(models.Model):
    """A passenger list checked in the background; results are a file to download."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    token_scopes = models.JSONField(null=True, blank=True)  # the scopes of the token that sent it
    origin = models.CharField(max_length=64, blank=True)
    location = models.CharField(max_length=200, blank=True)
    # The purpose stated at the upload (records.models.Purpose): each row's query-log row carries it.
    purpose = models.CharField(max_length=32, blank=True, default="")
    status = models.CharField(max_length=16, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    hit_count = models.PositiveIntegerField(default=0)
    # Rows read but refused by a check (a date that is not a date), and not yet corrected:
    # of the `done` rows, done - rejected were checked.
    rejected = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"batch {self.pk} ({self.status} {self.done}/{self.total})"

    @property
    def checked(self) -> int:
        return self.done - self.rejected

    @property
    def state(self) -> str:
        """The status as told to the officer and the API: a finished list with rows still
        rejected is only partly checked, never done."""
        if self.status == BatchStatus.DONE and self.rejected:
            return PARTLY_CHECKED
        return str(self.status)


PARTLY_CHECKED = "partly_checked"


class RowState(models.TextChoices):
    REJECTED = "rejected", "Rejected"
    PENDING = "pending", "Corrected, waiting to be checked"
    CHECKED = "checked", "Checked"


class BatchRow(models.Model):
    """A row of a passenger list the officer must see on the list's page: a row a check
    refused (to correct), or a row with hits. Other rows live only in the results file."""

    batch = models.ForeignKey(ScreeningBatch, on_delete=models.CASCADE, related_name="rows")
    row = models.PositiveIntegerField()  # its number in the list, from 1
    state = models.CharField(max_length=16, choices=RowState.choices, default=RowState.CHECKED)
    hit_ids = models.JSONField(default=list)
    # Why it was refused: the column, the reason's code, and the reason in each language of
    # the site (read in the reader's language).
    field = models.CharField(max_length=32, blank=True)
    code = models.CharField(max_length=64, blank=True)
    reasons = models.JSONField(default=dict)
    # The row as read (or as corrected), to correct it; emptied with the list's files, as
    # passenger data is kept no longer.
    values = models.JSONField(default=dict)
    corrected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "row"]
        constraints = [models.UniqueConstraint(fields=["batch", "row"], name="batch_row_unique")]

    def __str__(self) -> str:
        return f"batch {self.batch_id} row {self.row} ({self.state})"


class QueryLog(models.Model):
    """Who asked what, when, and what came back. Committed before the answer is given, and
    sealed into the audit chain in ranges: each seal is one chained entry with a digest of its
    rows (`querylog.py`)."""

    at = models.DateTimeField()
    user_id_ref = models.BigIntegerField(null=True)  # kept as a number: the log outlives accounts
    actor_name = models.CharField(max_length=150)
    affiliation = models.CharField(max_length=64)
    origin = models.CharField(max_length=64, blank=True)
    kind = models.CharField(max_length=16)
    query = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    batch_id_ref = models.BigIntegerField(null=True)
    # The stated purpose of the search (records.models.Purpose); empty on rows from before it.
    purpose = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.kind}"


class ReportOutcome(models.TextChoices):
    """What came of the check reported in a hit report."""

    LOCATED = "located", _("Located, no further action")
    ARRESTED = "arrested", _("Arrested")
    DETAINED = "detained", _("Held for the owner's decision")
    REFUSED_ENTRY = "refused_entry", _("Refused entry")
    SEIZED = "seized", _("Object seized")
    RELEASED = "released", _("Checked and let go")
    PROTECTED = "protected", _("Taken into protection")
    NOT_FOUND = "not_found", _("Gone before the check")


class Transport(models.TextChoices):
    NONE = "none", _("None or not known")
    VEHICLE = "vehicle", _("Vehicle")
    FLIGHT = "flight", _("Flight")
    VESSEL = "vessel", _("Vessel")
    TRAIN = "train", _("Train")
    ON_FOOT = "on_foot", _("On foot")


class HitReport(models.Model):
    """The structured report of a hit (what a SIRENE "G" form carries), sent by the bureau of
    the country where the hit was made to the owner bureau. One per hit, unchanged once sent:
    what follows goes in the sealed message thread that references the hit."""

    hit = models.OneToOneField(Hit, on_delete=models.PROTECT, related_name="report")
    reporting_country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    place = models.CharField(max_length=200)
    occurred_at = models.DateTimeField()
    check_performed = models.CharField(max_length=16, choices=HitAction.choices)
    outcome = models.CharField(max_length=16, choices=ReportOutcome.choices)
    accompanying = models.TextField(blank=True)
    transport = models.CharField(max_length=16, choices=Transport.choices, default=Transport.NONE)
    transport_identifier = models.CharField(max_length=100, blank=True)
    items = models.TextField(blank=True)
    items_seized = models.BooleanField(default=False)
    remarks = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"report on hit {self.hit_id}"


class HitReportPhoto(models.Model):
    """A photo sent with a hit report; read only through the report (`hit_reports`)."""

    report = models.ForeignKey(HitReport, on_delete=models.PROTECT, related_name="photos")
    file = models.FileField(storage=image_storage, upload_to="hit-reports/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return f"photo {self.pk} of {self.report}"
