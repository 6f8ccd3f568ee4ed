"""Hits made directly at a known time, with their deadline set as a recorded hit's is."""

from __future__ import annotations

from datetime import UTC, datetime

from polnet.screening import confirmation
from polnet.screening.models import Hit
from tests.factories import Network

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def make_hit(
    net: Network,
    *,
    owner: str | None = "FR",
    screener: str = "DE-unit-full",
    action: str = "",
    at: datetime = T0,
    kind: str = "person",
) -> Hit:
    actor = net.actor(screener)
    hit = Hit.objects.create(
        kind=kind,
        record_id=1,
        owner_country_id=owner,
        score=0.9,
        screened_by=net.users[screener],
        unit_id=actor.unit.unit_id if actor.unit else None,
        screening_country_id=actor.country,
        location="Munich airport",
        at=at,
        action=action,
    )
    confirmation.hits_recorded([hit])
    return hit
