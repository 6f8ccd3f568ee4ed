"""Capacity-building plans between the secretariat and partners: activities, the bureaus and
posts they serve, and indicators whose figures polnet computes from what it records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.training.catalogue.models import PriorityArea

__all__ = ["ActivityKind", "Indicator", "Metric", "Plan", "PlanActivity", "PlanState"]


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Under way")
    CLOSED = "closed", _("Closed")


class Plan(models.Model):
    """A joint action plan: the secretariat's, with the partner organisations that take part."""

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    partners = models.ManyToManyField("network.Partner", blank=True, related_name="plans")
    starts_on = models.DateField()
    ends_on = models.DateField()
    state = models.CharField(max_length=16, choices=PlanState.choices, default=PlanState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="plan_dates")
        ]

    def __str__(self) -> str:
        return self.title


class ActivityKind(models.TextChoices):
    COURSE = "course", _("Course")
    WORKSHOP = "workshop", _("Workshop")
    EQUIPMENT = "equipment", _("Equipment")
    CONNECTION = "connection", _("Connection of new posts")
    MENTORING = "mentoring", _("Mentoring and assessment visit")


class PlanActivity(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=ActivityKind.choices)
    area = models.CharField(max_length=32, choices=PriorityArea.choices)
    course = models.ForeignKey(
        "training.Course", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session = models.ForeignKey(
        "training.ClassSession", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_partner = models.ForeignKey(
        "network.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bureaus = models.ManyToManyField("network.Bureau", blank=True, related_name="+")
    units = models.ManyToManyField("network.Unit", blank=True, related_name="+")  # the posts served
    starts_on = models.DateField()
    ends_on = models.DateField()
    done = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="activity_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Metric(models.TextChoices):
    """What the performance dashboard computes from what polnet records (capacity/dashboard.py)."""

    CHECKS_PER_DAY = "checks_per_day", _("Checks per day")
    POSTS_CONNECTED = "posts_connected", _("Share of posts connected (%)")
    HIT_RATE = "hit_rate", _("Hits per 1,000 checks")
    HOURS_TO_ANSWER = "hours_to_answer", _("Median hours from hit to the owner's answer")
    NOTICES_REQUESTED = "notices_requested", _("Notices requested")
    NOTICES_REFUSED = "notices_refused", _("Notices refused")
    RECORDS_PAST_REVIEW = "records_past_review", _("Records past their review date")
    STAFF_CERTIFIED = "staff_certified", _("Staff with a valid certificate (%)")


class Indicator(models.Model):
    """A plan's indicator: a metric of a bureau or a post, with a target and a date. Its
    baseline and current figures are computed, before and after the activity it follows."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    activity = models.ForeignKey(
        PlanActivity, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    metric = models.CharField(max_length=32, choices=Metric.choices)
    bureau = models.ForeignKey("network.Bureau", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "network.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target = models.DecimalField(max_digits=12, decimal_places=2)
    target_date = models.DateField()

    class Meta:
        ordering = ["plan", "metric"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.metric}"
