"""The panels of a National Central Bureau's home page: recent hits and notices awaiting it.

Each panel reads through its app's own rule (`hit_policy` for hits, the notices policy and
notifications for notices) and shows references, not the persons they concern.
"""

from __future__ import annotations

from typing import Any

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden
from polnet.core.policy import reads_records
from polnet.notices import notify
from polnet.notices.models import Notice
from polnet.notices.states import EDITABLE
from polnet.screening.web.panels import hit_panel_context

SHOWN = 5


def notices_awaiting(actor: Actor) -> dict[str, Any]:
    """The bureau's unread notifications, and its own drafts and requests sent back to it."""
    if actor.country is None or actor.unit is not None or not reads_records(actor):
        return {}
    try:
        unread = [(n, notify.message(n)) for n in notify.notifications(actor, unread_only=True, limit=SHOWN)]
        unread_count = notify.unread_count(actor)
    except Forbidden:
        unread, unread_count = [], 0
    own = Notice.objects.visible_to(actor).filter(owner_country_id=actor.country, state__in=sorted(EDITABLE))
    return {
        "unread_notifications": unread,
        "unread_count": unread_count,
        "own_open": list(own.order_by("-id")[:SHOWN]),
        "own_open_count": own.count(),
    }


def bureau_panels(actor: Actor) -> dict[str, Any]:
    return hit_panel_context(actor) | notices_awaiting(actor)
