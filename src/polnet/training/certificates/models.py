"""Certificates of courses and the requirements that make a certificate a condition of work."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Gated

__all__ = ["Certificate", "CertificateSource", "Requirement"]


class CertificateSource(models.TextChoices):
    ONLINE = "online", _("Online course passed")
    ATTENDANCE = "attendance", _("Classroom session attended")


class Certificate(models.Model):
    """Issued once a course is completed (or a session attended). The verification page answers
    from ``code`` alone: genuine or not, for whom, of which course, valid until when."""

    code = models.CharField(max_length=24, unique=True)  # random, grouped for reading aloud
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates")
    # The course family (the original course, whatever the language it was taken in).
    course = models.ForeignKey("training.Course", on_delete=models.PROTECT, related_name="certificates")
    taken_course = models.ForeignKey("training.Course", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=16, choices=CertificateSource.choices)
    enrolment = models.ForeignKey(
        "training.Enrolment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(
        "training.ClassSession", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Frozen at issue: the certificate says what was true that day.
    holder_name = models.CharField(max_length=300)
    course_title = models.CharField(max_length=200)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateField(null=True, blank=True)  # None: does not expire
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    renewal_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["user", "course"], name="certificate_user_course")]

    def __str__(self) -> str:
        return f"{self.code} ({self.course_title})"


class Requirement(models.Model):
    """A course whose valid certificate a person needs before an activity: required by a bureau
    for its people (its units' included), or by the secretariat for the whole network."""

    course = models.ForeignKey("training.Course", on_delete=models.PROTECT, related_name="requirements")
    activity = models.CharField(max_length=24, choices=[(g.value, g.value) for g in Gated])
    bureau = models.ForeignKey(
        "network.Bureau", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )  # None: the whole network
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["course", "activity"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "activity", "bureau"],
                name="requirement_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} for {self.activity}"
