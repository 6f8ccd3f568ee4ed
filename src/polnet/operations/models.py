"""Joint operations: the plan, its participants and targets, the hits on targets, and the
seizures and arrests reported from the field (docs/operations.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core.actions import HitAction
from polnet.records.models import HandlingCode


class CrimeArea(models.TextChoices):
    DRUGS = "drugs", _("Drug trafficking")
    FIREARMS = "firearms", _("Firearms trafficking")
    HUMAN_TRAFFICKING = "human_trafficking", _("Trafficking in human beings")
    MIGRANT_SMUGGLING = "migrant_smuggling", _("Migrant smuggling")
    FUGITIVES = "fugitives", _("Fugitives")
    TERRORISM = "terrorism", _("Terrorism")
    VEHICLES = "vehicles", _("Vehicle crime")
    CULTURAL_PROPERTY = "cultural_property", _("Cultural property")
    ENVIRONMENT = "environment", _("Environmental crime and wildlife")
    FINANCIAL = "financial", _("Financial crime and payment cards")


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    ACTIVE = "active", _("Active")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")


class Operation(models.Model):
    code_name = models.CharField(max_length=60, unique=True)
    crime_area = models.CharField(max_length=24, choices=CrimeArea.choices)
    summary = models.TextField(blank=True)
    # The coordinating bureau, or None: the General Secretariat coordinates.
    coordinator = models.ForeignKey(
        "network.Bureau", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handling_code = models.CharField(max_length=2, choices=HandlingCode.choices, default=HandlingCode.H1)
    # The plan's dates: preparation from `prepares_on`, active from `active_on` to `active_until`,
    # closing until `closes_on`. The phase moves when the coordinator says so.
    prepares_on = models.DateField()
    active_on = models.DateField()
    active_until = models.DateField()
    closes_on = models.DateField()
    phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.PREPARATION)
    observers = models.ManyToManyField("network.Partner", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The results the coordinator released to the public (no personal data), once.
    public_summary = models.JSONField(null=True, blank=True)
    public_summary_at = models.DateTimeField(null=True, blank=True)
    # The one messaging thread of the operation: set by its first message (docs/operations.md).
    message_thread = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-active_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(active_on__gte=models.F("prepares_on"))
                & models.Q(active_until__gte=models.F("active_on"))
                & models.Q(closes_on__gte=models.F("active_until")),
                name="operation_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.code_name


class Participant(models.Model):
    """A country taking part, with the posts (units) it puts on the operation."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="participants")
    country = models.ForeignKey("network.Country", on_delete=models.PROTECT, related_name="+")
    units = models.ManyToManyField("network.Unit", blank=True, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["operation", "country"]
        constraints = [models.UniqueConstraint(fields=["operation", "country"], name="participant_once")]

    def __str__(self) -> str:
        return f"{self.operation}: {self.country_id}"


class TargetKind(models.TextChoices):
    PERSON = "person", _("Person")
    DOCUMENT = "document", _("Travel document")
    VEHICLE = "vehicle", _("Vehicle")
    FIREARM = "firearm", _("Firearm")
    NOTICE = "notice", _("Notice")
    # Operation-only entries: known to the operation, not to the databases.
    VESSEL = "vessel", _("Vessel")
    CONTAINER = "container", _("Shipping container")
    PLATE = "plate", _("Number plate")
    OTHER = "other", _("Other identifier")


RECORD_TARGETS = frozenset({TargetKind.PERSON, TargetKind.DOCUMENT, TargetKind.VEHICLE, TargetKind.FIREARM})


class Target(models.Model):
    """What the operation looks for: a record of the databases, a notice, or an operation-only
    identifier (a vessel's IMO number, a container number), with the action on a hit."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(max_length=16, choices=TargetKind.choices)
    record_id = models.BigIntegerField(null=True, blank=True)  # a record's or notice's id
    identifier = models.CharField(max_length=100, blank=True)  # operation-only: as compared
    label = models.CharField(max_length=200)  # what participants read
    action = models.CharField(max_length=16, choices=HitAction.choices)
    notes = models.TextField(blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_by_country = models.ForeignKey(
        "network.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["operation", "kind", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "kind", "record_id"],
                condition=models.Q(record_id__isnull=False),
                name="target_record_once",
            ),
            models.UniqueConstraint(
                fields=["operation", "kind", "identifier"],
                condition=models.Q(record_id__isnull=True),
                name="target_identifier_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operation}: {self.label}"


class OperationHit(models.Model):
    """A check at a participating post that found one of the operation's targets."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="hits")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="hits")
    hit = models.ForeignKey(
        "screening.Hit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    country = models.ForeignKey("network.Country", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "network.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    location = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.operation}: {self.target} at {self.at:%Y-%m-%d %H:%M}"


class ExchangeRate(models.Model):
    """The rate the operation values a currency at, in euros per unit, entered by the coordinator."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="rates")
    currency = models.CharField(max_length=3)  # ISO 4217
    eur_per_unit = models.DecimalField(max_digits=18, decimal_places=8)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["operation", "currency"]
        constraints = [models.UniqueConstraint(fields=["operation", "currency"], name="rate_once")]

    def __str__(self) -> str:
        return f"{self.currency} = {self.eur_per_unit} EUR"


class FieldReport(models.Model):
    """A report from the field: what was seized and who was arrested, at a place and time,
    and what led to it (an operation hit, a screening hit, or a record)."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="reports")
    country = models.ForeignKey("network.Country", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "network.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)
    occurred_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    operation_hit = models.ForeignKey(
        OperationHit, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    record_kind = models.CharField(max_length=16, blank=True)
    record_id = models.BigIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"{self.operation}: {self.place} {self.occurred_at:%Y-%m-%d}"


class SeizureCategory(models.TextChoices):
    DRUGS = "drugs", _("Drugs")
    CASH = "cash", _("Cash")
    GOLD = "gold", _("Gold")
    VALUABLES = "valuables", _("Other valuables")
    PAYMENT_CARDS = "payment_cards", _("Payment cards")
    FIREARMS = "firearms", _("Firearms")
    DOCUMENTS = "documents", _("Documents")
    VEHICLES = "vehicles", _("Vehicles")
    WILDLIFE = "wildlife", _("Wildlife")
    CULTURAL_GOODS = "cultural_goods", _("Cultural goods")


class DrugType(models.TextChoices):
    COCAINE = "cocaine", _("Cocaine")
    HEROIN = "heroin", _("Heroin")
    CANNABIS = "cannabis", _("Cannabis")
    METHAMPHETAMINE = "methamphetamine", _("Methamphetamine")
    AMPHETAMINE = "amphetamine", _("Amphetamine")
    MDMA = "mdma", _("MDMA (ecstasy)")
    SYNTHETIC_OPIOIDS = "synthetic_opioids", _("Synthetic opioids")
    CAPTAGON = "captagon", _("Captagon")
    OTHER = "other", _("Other drug")


class QuantityUnit(models.TextChoices):
    KILOGRAM = "kg", _("kilograms")
    GRAM = "g", _("grams")
    LITRE = "l", _("litres")
    PIECE = "piece", _("pieces")


class Seizure(models.Model):
    """One line of a report: a category, a quantity, and its value in a currency and in euros."""

    report = models.ForeignKey(FieldReport, on_delete=models.CASCADE, related_name="seizures")
    category = models.CharField(max_length=16, choices=SeizureCategory.choices)
    drug_type = models.CharField(max_length=20, choices=DrugType.choices, blank=True)
    description = models.CharField(max_length=200, blank=True)
    quantity = models.DecimalField(max_digits=14, decimal_places=3)
    quantity_unit = models.CharField(max_length=8, choices=QuantityUnit.choices)
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    value_eur = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["report", "category"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="seizure_quantity_positive"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0),
                name="seizure_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.quantity} {self.quantity_unit}"


class Arrest(models.Model):
    report = models.ForeignKey(FieldReport, on_delete=models.CASCADE, related_name="arrests")
    nationality = models.ForeignKey("network.Country", on_delete=models.PROTECT, related_name="+")
    person_record_id = models.BigIntegerField(null=True, blank=True)  # the person record, if any
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return f"arrest ({self.nationality_id})"


class ReportPhoto(models.Model):
    """A photo of a report, stored like records' photos (`core/images.py`) and served after the policy."""

    report = models.ForeignKey(FieldReport, on_delete=models.CASCADE, related_name="photos")
    path = models.CharField(max_length=300)
    content_type = models.CharField(max_length=40)
    caption = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return self.caption or self.path


class AnalysisLink(models.Model):
    """The analysis project opened from an operation once its active phase is over: one per
    operation, so opening it again leads to the same project (`operations/handover.py`).
    Operations sits above analysis, so the link is kept here and analysis knows nothing of it."""

    operation = models.OneToOneField(Operation, on_delete=models.CASCADE, related_name="analysis_link")
    project = models.OneToOneField("analysis.Project", on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.operation} -> analysis project {self.project_id}"
