"""A limit on verification tries per client address, so codes cannot be guessed in bulk.

Codes carry 60 random bits, so guessing is hopeless anyway; the limit keeps a scraper from
walking the page and keeps the audit log readable. The count lives in the sign-in throttle's
table (one row per address, key ``verify:<address>``), so every worker process sees it, and
is forgotten with it a day later. A border officer checking a stack of certificates stays far
below the limit.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from polnet.network.models import SignInThrottle

WINDOW = timedelta(minutes=10)
LIMIT = 30  # tries per address per window


@transaction.atomic
def allow(address: str) -> bool:
    """Count one try from ``address``; False when the address is over the limit."""
    now = timezone.now()
    key = f"verify:{address}"[:200]
    row, _ = SignInThrottle.objects.select_for_update().get_or_create(key=key, defaults={"last_at": now})
    if row.last_at < now - WINDOW:
        row.failures = 0
        row.last_at = now  # a new window starts at its first try
    row.failures += 1
    row.save(update_fields=["failures", "last_at"])
    return row.failures <= LIMIT
