"""The abstract model of an access-controlled object: what the access policy reads.

Records and notices both derive from it. It lives in the kernel, beside the policy that
reads it, and names the country model by string ("network.Country"): core imports no
domain app, and an abstract model adds no table, so core's migrations do not depend on
network. What only records carry (purpose of processing, handling code, source grading,
status) stays on `records.models.Record`; a notice's purpose is its kind.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from polnet.core.policy import Restriction

RESTRICTION_CHOICES = [(r.value, r.value) for r in Restriction]


class AccessControlled(models.Model):
    """Owned by one country, shown to others as its restriction and listed countries say."""

    owner_country = models.ForeignKey("network.Country", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    restriction = models.CharField(
        max_length=16, choices=RESTRICTION_CHOICES, default=Restriction.ALL_MEMBERS
    )
    listed_countries = models.ManyToManyField("network.Country", blank=True, related_name="+")
    bureau_only = models.BooleanField(default=False)  # hidden from extended-access units
    review_date = models.DateField()

    class Meta:
        abstract = True

    def listed_codes(self) -> frozenset[str]:
        """The listed countries' codes; a loader that read them already leaves them in `_listed_cache`."""
        cached: frozenset[str] | None = getattr(self, "_listed_cache", None)
        if cached is None:
            cached = frozenset(self.listed_countries.values_list("code", flat=True))
        return cached
