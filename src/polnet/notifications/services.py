"""Write notifications after the act that causes them has committed, and read an inbox."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from polnet.core.actor import Actor
from polnet.notifications.models import Notification


@dataclass(frozen=True)
class Recipient:
    """A bureau (its officers), a unit (its officers), or, with neither, the secretariat."""

    bureau_id: int | None = None
    unit_id: int | None = None


SECRETARIAT = Recipient()


def notify(
    recipients: Iterable[Recipient],
    kind: str,
    subject: str,
    subject_id: int,
    *,
    params: dict[str, Any] | None = None,
    urgent: bool = False,
) -> None:
    """One row per distinct recipient, written once the current transaction commits: a
    rolled-back act tells no one, and the act never waits on the notifications table."""
    rows = [
        Notification(
            recipient_bureau_id=r.bureau_id,
            recipient_unit_id=r.unit_id,
            kind=kind,
            subject=subject,
            subject_id=subject_id,
            params=params or {},
            urgent=urgent,
        )
        for r in dict.fromkeys(recipients)
    ]
    if rows:
        transaction.on_commit(lambda: Notification.objects.bulk_create(rows), robust=True)


def inbox_q(actor: Actor) -> Q:
    """The notifications addressed to the actor: its unit's, its bureau's, or the secretariat's."""
    if actor.unit is not None:
        return Q(recipient_unit_id=actor.unit.unit_id)
    if actor.country is None:
        return Q(recipient_bureau__isnull=True, recipient_unit__isnull=True)
    if actor.bureau_id is None:
        return Q(pk__in=[])
    return Q(recipient_bureau_id=actor.bureau_id, recipient_unit__isnull=True)


def unread_count(actor: Actor) -> int:
    return Notification.objects.filter(inbox_q(actor), read_at__isnull=True).count()
