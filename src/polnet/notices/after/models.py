"""What happens to a notice after publication: addenda and the versions they make, sightings of
its subject, and the reservations member countries hold on it.

An addendum is content the source adds to a published notice (names, a photo, a warrant,
information). It waits for the secretariat's review like a request, and only once approved is
it applied: each application, and the publication itself, is a `NoticeVersion`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import images
from polnet.network.models import Bureau, Country
from polnet.notices.models import Notice
from polnet.records.models import SourceReliability


class AddendumState(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved and applied")
    REFUSED = "refused", _("Refused")


class Addendum(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="addenda")
    state = models.CharField(max_length=16, choices=AddendumState.choices, default=AddendumState.PENDING)
    names = models.JSONField(default=list, blank=True)  # name forms to add, as the API takes them
    warrants = models.JSONField(default=list, blank=True)  # warrants to add, as the API takes them
    information = models.TextField(blank=True)
    photo = models.FileField(
        storage=images.image_storage, upload_to="notices/%Y/%m/", max_length=200, blank=True
    )
    photo_content_type = models.CharField(max_length=32, blank=True)
    photo_size = models.PositiveIntegerField(default=0)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    photo_caption = models.CharField(max_length=200, blank=True)
    precheck = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Four eyes: the first reviewer's approval, waiting for a second.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)  # the reviewer's, required on refusal
    version = models.PositiveIntegerField(null=True, blank=True)  # the version it made

    class Meta:
        ordering = ["notice", "id"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"addendum {self.pk} of notice {self.notice_id} ({self.state})"


class NoticeVersion(models.Model):
    """The notice's content as members saw it from `at` on, and what changed from the one before."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    act = models.CharField(max_length=16)  # "publish", "send" or "addendum"
    addendum = models.ForeignKey(Addendum, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    changes = models.JSONField(default=list, blank=True)  # [{"what": "names", "added": [...]}, ...]
    content = models.JSONField(default=dict)  # names, warrants, information, images at this version

    class Meta:
        ordering = ["notice", "number"]
        constraints = [models.UniqueConstraint(fields=["notice", "number"], name="notice_version_unique")]

    def __str__(self) -> str:
        return f"notice {self.notice_id} version {self.number}"


class Sighting(models.Model):
    """A bureau's report that the subject of a notice was seen, outside a screening check."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="sightings")
    reporting_country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    reporting_bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")  # where seen
    place = models.CharField(max_length=200)
    seen_at = models.DateTimeField()
    reliability = models.CharField(max_length=1, choices=SourceReliability.choices)
    information = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["notice", "-seen_at", "-id"]

    def __str__(self) -> str:
        return f"sighting {self.pk} of notice {self.notice_id} by {self.reporting_country_id}"


class Reservation(models.Model):
    """A member country will not act on the notice or diffusion in its territory."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reservations")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["notice", "country", "-created_at"]
        constraints = [
            # One reservation in force per country and notice.
            models.UniqueConstraint(
                fields=["notice", "country"],
                condition=Q(lifted_at__isnull=True),
                name="reservation_one_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"reservation of {self.country_id} on notice {self.notice_id}"
