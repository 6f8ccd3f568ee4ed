"""How the notifications about notices read, where they open, and who may still open them;
and the notices' own older inbox, which the header counts with the others."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden
from polnet.notices.after.kinds import AFTER_KINDS
from polnet.notifications import registry

# The kinds written after publication (addenda, sightings, reservations): `after/kinds.py`.
NOTICE_KINDS = dict(AFTER_KINDS)


def visible_notices(actor: Actor, ids: Iterable[int] | QuerySet[Any]) -> QuerySet[Any]:
    from polnet.notices.models import Notice

    return Notice.objects.visible_to(actor).filter(pk__in=ids).values("pk")


def unread_notice_notifications(actor: Actor) -> QuerySet[Any] | None:
    from polnet.notices import notify
    from polnet.notices.models import Notice, Notification

    try:
        inbox = notify._inbox(actor)
    except Forbidden:
        return None
    notices = Notice.objects.visible_to(actor).values("pk")
    return Notification.objects.filter(inbox, read_at__isnull=True, notice__in=notices).values("pk")


def register() -> None:
    registry.register_subject("notice", "/notices/{id}/", visible_notices)
    registry.register_kinds("notice", NOTICE_KINDS)
    registry.register_other_inbox(
        registry.OtherInbox(
            "/notices/notifications/", _("Notifications about notices"), unread_notice_notifications
        )
    )
