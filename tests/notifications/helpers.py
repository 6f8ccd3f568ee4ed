"""Hits and notifications written straight into the tables, as the screening and notices
services would, so that these tests need no matching."""

from __future__ import annotations

from typing import Any

from polnet.notifications.models import Notification
from polnet.screening.models import Hit
from tests.factories import Network


def hit(net: Network, owner: str = "FR", by: str = "DE-officer", unit: str | None = None) -> Hit:
    user = net.users[by]
    return Hit.objects.create(
        kind="person",
        record_id=1,
        owner_country_id=owner,
        score=0.97,
        screened_by=user,
        unit=net.units[unit] if unit else None,
        screening_country_id=by[:2] if not by.startswith("gs-") else None,
    )


def note(
    kind: str,
    subject: str,
    subject_id: int,
    *,
    bureau: Any = None,
    unit: Any = None,
    urgent: bool = False,
    **params: Any,
) -> Notification:
    return Notification.objects.create(
        recipient_bureau=bureau,
        recipient_unit=unit,
        kind=kind,
        subject=subject,
        subject_id=subject_id,
        params=params,
        urgent=urgent,
    )
