"""A request from an individual (access, correction, deletion), what polnet found that may
concern them, the owner bureaus' answers and the control body's decision on each item."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from polnet.core import images
from polnet.network.models import Country


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access")
    CORRECTION = "correction", _("Correction")
    DELETION = "deletion", _("Deletion")


class RequestState(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("request state", "Registered")
    FOUND = "found", pgettext_lazy("request state", "Searched")
    CONSULTING = "consulting", pgettext_lazy("request state", "Owners consulted")
    DECIDED = "decided", pgettext_lazy("request state", "Decided")
    ANSWERED = "answered", pgettext_lazy("request state", "Answered")


class LetterLanguage(models.TextChoices):
    ARABIC = "ar", "العربية"
    ENGLISH = "en", "English"
    SPANISH = "es", "Español"
    FRENCH = "fr", "Français"


class Answer(models.TextChoices):
    """What an owner bureau answers about its data."""

    DISCLOSE = "disclose", _("May be disclosed")
    CORRECT = "correct", _("Must be corrected")
    DELETE = "delete", _("Must be deleted")
    REFUSE = "refuse", _("Must not be disclosed")


class Verdict(models.TextChoices):
    """The control body's decision on one item."""

    DISCLOSE = "disclose", _("Disclose")
    WITHHOLD = "withhold", _("Withhold")
    CORRECT = "correct", pgettext_lazy("verdict", "Correct")
    DELETE = "delete", pgettext_lazy("verdict", "Delete")


class Outcome(models.TextChoices):
    """The request's outcome, as the statistics count it."""

    NOTHING_FOUND = "nothing_found", _("No data found")
    DISCLOSED = "disclosed", _("Data disclosed")
    WITHHELD = "withheld", _("Nothing disclosed")
    CORRECTED = "corrected", _("Data corrected")
    DELETED = "deleted", _("Data deleted")


class ItemKind(models.TextChoices):
    PERSON = "person", _("Person")
    DOCUMENT = "document", _("Travel document")
    NOTICE = "notice", _("Notice or diffusion")
    HIT = "hit", _("Hit")
    LIST_ROW = "list_row", _("Passenger-list result")
    CONTRIBUTION = "contribution", _("Analysis contribution")


class DataRequest(models.Model):
    """One individual's request, handled by the secretariat's control body."""

    reference = models.CharField(max_length=24, unique=True)
    kind = models.CharField(max_length=16, choices=RequestKind.choices)
    state = models.CharField(max_length=16, choices=RequestState.choices, default=RequestState.REGISTERED)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    names = models.JSONField(default=list)  # the requester's names as written, any script
    date_of_birth = models.CharField(max_length=10, blank=True)  # YYYY, YYYY-MM or YYYY-MM-DD
    nationality = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(max_length=2, choices=LetterLanguage.choices)
    document_type = models.CharField(max_length=32, blank=True)
    document_number = models.CharField(max_length=32, blank=True)  # normalised like travel documents
    details = models.TextField(blank=True)  # what the requester asks, in their words
    # The bureau that received it (None: received by the secretariat itself).
    received_by_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField()
    deadline = models.DateField()
    registered_at = models.DateTimeField(default=timezone.now)
    searched_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self) -> str:
        return self.reference


def _document_storage() -> Storage:
    return images.image_storage()


class IdentityDocument(models.Model):
    """A copy of the requester's identity document, kept with the case, served only by its views."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(storage=_document_storage, upload_to="dataprotection/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"document {self.pk} of request {self.request_id}"


class Finding(models.Model):
    """One item that may concern the requester, with its owner and why it was found."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="findings")
    item_kind = models.CharField(max_length=16, choices=ItemKind.choices)
    item_id = models.BigIntegerField()
    owner_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.FloatField()
    why = models.CharField(max_length=300)
    summary = models.CharField(max_length=300, blank=True)  # e.g. the name as the item writes it
    verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)
    verdict_reasons = models.TextField(blank=True)
    correction = models.JSONField(default=dict, blank=True)  # the fields a correction sets
    carried_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "item_kind", "item_id"], name="finding_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_kind}:{self.item_id}"


class Consultation(models.Model):
    """The question put to one owner bureau about its items, and its answer."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="consultations")
    owner_country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    deadline = models.DateField()
    answer = models.CharField(max_length=16, choices=Answer.choices, blank=True)
    reasons = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "owner_country"]
        constraints = [
            models.UniqueConstraint(fields=["request", "owner_country"], name="consultation_unique")
        ]
        indexes = [models.Index(fields=["answer", "deadline"])]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.owner_country_id}"
