"""Analytical reports: a product written inside a project, issued to bureaus under the same
restrictions as records.

A report carries the access facts of `core.access_models.AccessControlled` (restriction,
listed countries, bureau-only, review date), so one rule decides who it reaches. The one
difference: its owner may be the secretariat (a project the secretariat opened), so the
owner country may be empty, as a UN notice's may.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.analysis.models import Project
from polnet.core.access_models import AccessControlled
from polnet.network.models import Country
from polnet.records.models import HandlingCode

__all__ = ["Report", "ReportSection", "ReportState", "SectionKind"]


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class SectionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHART = "chart", _("Chart")
    GRAPH = "graph", _("Graph snapshot")
    TABLE = "table", _("Table")
    ENTITIES = "entities", _("Selected entities")


class Report(AccessControlled):
    """A report of a project. Drafts are read by the project's participants only; once
    issued, also by the bureaus its restriction reaches."""

    # Empty: written for a project the secretariat opened.
    owner_country = models.ForeignKey(  # type: ignore[assignment]
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    handling_code = models.CharField(max_length=2, choices=HandlingCode.choices, default=HandlingCode.H0)
    state = models.CharField(max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "restriction"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_issued(self) -> bool:
        return self.state == ReportState.ISSUED


class ReportSection(models.Model):
    """One section, in order. `data` holds what the kind needs: a chart's Vega-Lite spec and
    table, a graph snapshot, a table's columns and rows, or the node keys of entities;
    `sources` the node keys a text, chart or table section draws on."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=SectionKind.choices)
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    sources = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "position"]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.position}: {self.kind}"
