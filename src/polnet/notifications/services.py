"""Write notifications after the act that causes them has committed, and read an inbox."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, NotFound
from polnet.core.policy import SECRETARIAT_READERS
from polnet.notifications import live, registry
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
        if actor.role not in SECRETARIAT_READERS:
            return Q(pk__in=[])
        return Q(recipient_bureau__isnull=True, recipient_unit__isnull=True)
    if actor.bureau_id is None:
        return Q(pk__in=[])
    return Q(recipient_bureau_id=actor.bureau_id, recipient_unit__isnull=True)


def has_inbox(actor: Actor) -> bool:
    """Units, bureaus and the secretariat's readers receive notifications; nobody else does."""
    if actor.country is None:
        return actor.role in SECRETARIAT_READERS
    return actor.unit is not None or actor.bureau_id is not None


def _visible(actor: Actor, rows: QuerySet[Notification]) -> Q:
    """Of ``rows``, those whose subject the actor may still open: one condition per registered
    subject, each a subquery, so that counting and listing stay one query."""
    q = Q(pk__in=[])
    for name, subject in registry.subjects().items():
        ids = rows.filter(subject=name).order_by().values("subject_id")
        q |= Q(subject=name, subject_id__in=subject.visible(actor, ids))
    return q


def inbox(actor: Actor) -> QuerySet[Notification]:
    """The actor's notifications whose subject it may still see: urgent unread ones first,
    then newest first."""
    if not has_inbox(actor):
        return Notification.objects.none()
    rows = Notification.objects.filter(inbox_q(actor))
    pressing = Case(When(urgent=True, read_at__isnull=True, then=Value(1)), default=Value(0))
    return rows.filter(_visible(actor, rows)).annotate(pressing=pressing).order_by("-pressing", "-id")


def unread_count(actor: Actor) -> int:
    """Unread notifications, with those of the other inboxes (notices'), in one query."""
    if not has_inbox(actor):
        return 0
    unread = Notification.objects.filter(inbox_q(actor), read_at__isnull=True)
    counted: QuerySet[Any] = unread.filter(_visible(actor, unread)).order_by().values("pk")
    others = [o.unread(actor) for o in registry.other_inboxes()]
    parts = [other.order_by().values("pk") for other in others if other is not None]
    if parts:
        counted = counted.union(*parts, all=True)
    return counted.count()


def other_inboxes(actor: Actor) -> list[tuple[registry.OtherInbox, int]]:
    """The other inboxes the actor has, with their unread counts (for the notifications page)."""
    found = []
    for other in registry.other_inboxes():
        unread = other.unread(actor)
        if unread is not None:
            found.append((other, unread.count()))
    return found


@transaction.atomic
def mark_read(actor: Actor, ids: Iterable[int] | None = None, *, now: datetime | None = None) -> int:
    """Mark the given notifications (all, without ids) of the actor's inbox read; how many changed.

    Only the actor's own inbox is touched: an id of another inbox is refused as not found,
    and nothing is written."""
    if not has_inbox(actor):
        raise Forbidden(
            _("You receive no notifications: they go to bureaus, units and the secretariat."),
            code="no_inbox",
        )
    own = Notification.objects.filter(inbox_q(actor))
    if ids is not None:
        wanted = set(ids)
        known = set(own.filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted - known:
            missing = min(wanted - known)
            raise NotFound(_("No notification %(pk)s."), code="notification_not_found", pk=missing)
        own = own.filter(pk__in=wanted)
    changed = own.filter(read_at__isnull=True).update(read_at=now or timezone.now(), read_by_id=actor.user_id)
    return changed


# ---- the live feed (see live.py) ----------------------------------------------------------------------

FEED_BATCH = 100  # events per read; the rest follow at once on the next


def _inbox_wants(actor: Actor) -> live.Wants:
    if actor.unit is not None:
        unit_id = actor.unit.unit_id
        return lambda row: row["recipient_unit_id"] == unit_id
    bureau_id = actor.bureau_id if actor.country is not None else None
    return lambda row: row["recipient_bureau_id"] == bureau_id and row["recipient_unit_id"] is None


def _read_feed(actor: Actor, after: int) -> list[tuple[int, str]]:
    rows = inbox(actor).filter(pk__gt=after).order_by("pk")[:FEED_BATCH]
    return [
        (
            n.pk,
            json.dumps(
                {
                    "id": n.pk,
                    "kind": n.kind,
                    "subject": n.subject,
                    "subject_id": n.subject_id,
                    "urgent": n.urgent,
                }
            ),
        )
        for n in rows
    ]


def inbox_feed(actor: Actor) -> live.Feed | None:
    """A signed-in page hears of each new notification of its inbox (kind and subject, no text)."""
    if not has_inbox(actor):
        return None
    return live.Feed("notification", "notification", _inbox_wants(actor), partial(_read_feed, actor))
