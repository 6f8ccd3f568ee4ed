"""Notifications to bureaus and to the secretariat's reviewers.

They are rows in the same transaction as the act that causes them, so a rolled-back act
tells no one and a committed one always tells; anything outside the database (a push to
open pages) should hang off `transaction.on_commit` in the caller.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from polnet.core.actor import Actor, Role
from polnet.core.errors import Forbidden, NotFound
from polnet.network.models import Bureau
from polnet.notices import policy
from polnet.notices.models import Notice, Notification, NotificationKind
from polnet.notices.policy import NoticeFacts


def bureau_actor(bureau: Bureau) -> Actor:
    """How a bureau's officers stand towards a notice: the rule decides who is told."""
    return Actor(
        user_id=None,
        username=f"bureau:{bureau.country_id}",
        role=Role.BUREAU_OFFICER,
        country=bureau.country_id,
        bureau_id=bureau.pk,
    )


def members_who_see(facts: NoticeFacts, *, include_owner: bool = False) -> list[Bureau]:
    bureaus = Bureau.objects.order_by("country_id")
    return [
        b
        for b in bureaus
        if (include_owner or b.country_id != facts.owner_country) and policy.can_see(bureau_actor(b), facts)
    ]


def tell(notice: Notice, kind: str, bureaus: Iterable[Bureau | None]) -> int:
    """One notification per bureau (None: the secretariat)."""
    rows = [Notification(recipient_bureau=b, notice=notice, kind=kind) for b in bureaus]
    Notification.objects.bulk_create(rows)
    return len(rows)


def owner_bureau(notice: Notice) -> Bureau | None:
    """The source bureau (None: the secretariat's own notice)."""
    if not notice.owner_country_id:
        return None
    return Bureau.objects.filter(country_id=notice.owner_country_id).first()


def tell_source(notice: Notice, kind: str) -> None:
    tell(notice, kind, [owner_bureau(notice)])


# ---- reading and marking ------------------------------------------------------------------------


def _inbox(actor: Actor) -> Q:
    if actor.country is None:
        if not policy.is_reviewer(actor):
            raise Forbidden(
                gettext_lazy("Only bureaus and secretariat reviewers receive notifications."),
                code="notifications_forbidden",
            )
        return Q(recipient_bureau__isnull=True)
    if actor.unit is not None or actor.bureau_id is None:
        raise Forbidden(
            gettext_lazy("Notifications go to the bureau, not to its units."), code="notifications_unit"
        )
    return Q(recipient_bureau_id=actor.bureau_id)


def notifications(actor: Actor, *, unread_only: bool = False, limit: int = 100) -> QuerySet[Notification]:
    """The actor's bureau's notifications about notices it may still see."""
    qs = Notification.objects.filter(_inbox(actor), notice__in=Notice.objects.visible_to(actor).values("pk"))
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.select_related("notice").order_by("-created_at", "-id")[:limit]


def unread_count(actor: Actor) -> int:
    try:
        inbox = _inbox(actor)
    except Forbidden:
        return 0
    return Notification.objects.filter(
        inbox, read_at__isnull=True, notice__in=Notice.objects.visible_to(actor).values("pk")
    ).count()


@transaction.atomic
def mark_read(actor: Actor, pk: int | None = None) -> int:
    """Mark one notification (or, with no id, all of them) as read; returns how many changed."""
    qs = Notification.objects.filter(_inbox(actor), read_at__isnull=True)
    if pk is not None:
        if not Notification.objects.filter(_inbox(actor), pk=pk).exists():
            raise NotFound(gettext_lazy("No notification %(pk)s."), code="notification_not_found", pk=pk)
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now(), read_by_id=actor.user_id)


def message(n: Notification) -> str:
    return str(NotificationKind(n.kind).label) if n.kind in NotificationKind.values else n.kind
