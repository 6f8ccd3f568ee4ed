"""Analysis projects: a purpose, the bureaus that take part, and what each contributes.

A project is seen only by its participants (a bureau's analysts, or the secretariat's when
the secretariat takes part). What is contributed keeps its owner's restrictions: the
records, notices and hits are named, never copied, and read through their own policy.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.network.models import Country
from polnet.records.models import HandlingCode, InformationAccuracy, Purpose, SourceReliability


class CrimeArea(models.TextChoices):
    """The crime areas of the network's analysis files."""

    DRUGS = "drugs", _("Drug trafficking")
    PEOPLE_SMUGGLING = "people_smuggling", _("People smuggling")
    HUMAN_TRAFFICKING = "human_trafficking", _("Trafficking in human beings")
    FIREARMS = "firearms", _("Firearms trafficking")
    TERRORISM = "terrorism", _("Terrorism")
    ORGANISED_CRIME = "organised_crime", _("Organized crime")
    FINANCIAL_CRIME = "financial_crime", _("Financial crime and corruption")
    CYBERCRIME = "cybercrime", _("Cybercrime")
    CHILDREN = "crimes_against_children", _("Crimes against children")
    VEHICLE_CRIME = "vehicle_crime", _("Vehicle crime")
    CULTURAL_PROPERTY = "cultural_property", _("Works of art and cultural property")
    ENVIRONMENTAL = "environmental", _("Environmental crime")
    FUGITIVES = "fugitives", _("Fugitives")
    DOCUMENT_FRAUD = "document_fraud", _("Travel document fraud")


class Project(models.Model):
    name = models.CharField(max_length=200)
    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    crime_area = models.CharField(max_length=32, choices=CrimeArea.choices)
    handling_code = models.CharField(max_length=2, choices=HandlingCode.choices, default=HandlingCode.H0)
    review_date = models.DateField()
    # The bureau that opened it; empty: the secretariat.
    owner_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_purpose(self) -> str:
        """What every act inside the project is logged for."""
        return f"analysis_project:{self.pk}"


class Participation(models.Model):
    """A party to a project: a bureau (its country), or the secretariat (no country)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participations")
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["project", "country"]
        constraints = [
            models.UniqueConstraint(fields=["project", "country"], name="participation_once"),
            models.UniqueConstraint(
                fields=["project"], condition=models.Q(country__isnull=True), name="secretariat_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.country_id or 'secretariat'}"


class LinkReason(models.TextChoices):
    MANUAL = "manual", _("Added by an analyst")
    SAME_PERSON = "same_person", _("Confirmed as the same person")


class AnalystLink(models.Model):
    """A link an analyst asserts inside a project, between two entities named by their node
    keys ("person:12", "notice:7"): one added by hand with a note, or a pair of persons
    confirmed to be the same human being. It shows only in that project's graph, and only
    where both ends are entities the reader may see."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")
    source = models.CharField(max_length=96)
    target = models.CharField(max_length=96)
    reason = models.CharField(max_length=16, choices=LinkReason.choices)
    note = models.TextField(blank=True)
    probability = models.FloatField(null=True, blank=True)  # a same-person pair's match probability
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["project", "source"]),
            models.Index(fields=["project", "target"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source", "target", "reason"], name="analyst_link_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} - {self.target} ({self.reason})"


class ContributionKind(models.TextChoices):
    """What a participant contributes: an existing object named by kind and id (the record
    kinds, a notice, a hit, a passenger-list hit row), or a text of its own."""

    PERSON = "person", _("Person")
    DOCUMENT = "document", _("Travel document")
    VEHICLE = "vehicle", _("Vehicle")
    FIREARM = "firearm", _("Firearm")
    ARTWORK = "artwork", _("Work of art")
    NOTICE = "notice", _("Notice or diffusion")
    HIT = "hit", _("Hit")
    LIST_ROW = "list_row", _("Passenger-list result")
    TEXT = "text", _("Information")


class ContributionRestriction(models.TextChoices):
    """Who in the project reads a text contribution (an object keeps its owner's rule)."""

    ALL_PARTICIPANTS = "all", _("Every participant of the project")
    ONLY_LISTED = "only_listed", _("Only the listed participant countries")


class Contribution(models.Model):
    """What a participant brings to a project. An object is named (kind, id), never copied,
    and shown to a reader only where the object's own policy lets that reader see it; a text
    carries its source evaluation, handling code and restriction."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(max_length=16, choices=ContributionKind.choices)
    object_id = models.BigIntegerField(null=True, blank=True)  # empty for a text
    # The contributing party: a bureau (its country), or the secretariat (no country).
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    contributed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    contributed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)  # why it is relevant: read only with the object
    text = models.TextField(blank=True)
    source_reliability = models.CharField(max_length=1, choices=SourceReliability.choices, blank=True)
    information_accuracy = models.CharField(max_length=1, choices=InformationAccuracy.choices, blank=True)
    handling_code = models.CharField(max_length=2, choices=HandlingCode.choices, blank=True)
    restriction = models.CharField(
        max_length=16,
        choices=ContributionRestriction.choices,
        default=ContributionRestriction.ALL_PARTICIPANTS,
    )
    listed_countries = models.ManyToManyField(Country, blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["project", "kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.kind} {self.object_id or ''}".strip()


from polnet.analysis.graph.models import *  # noqa: E402, F403
from polnet.analysis.reports.models import *  # noqa: E402, F403
from polnet.analysis.resolution.models import *  # noqa: E402, F403
from polnet.analysis.trends.models import *  # noqa: E402, F403
