"""Notifications endpoints: the inbox, marking read, and the live feed of a signed-in page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.core.errors import InvalidInput
from polnet.network.auth import ScopedRouter
from polnet.notifications import live, registry, services
from polnet.notifications.models import Notification
from polnet.notifications.schemas import InboxOut, ReadIn, ReadOut

router = ScopedRouter(tags=["notifications"])


def public(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "text": registry.wording(n.kind, n.params),
        "subject": n.subject,
        "subject_id": n.subject_id,
        "url": registry.link(n.subject, n.subject_id),
        "urgent": n.urgent,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get(
    "",
    scope=TokenScope.SCREENING,
    response={200: InboxOut, **ERRORS},
    summary="The caller's notifications (its unit's, bureau's or the secretariat's): "
    "urgent unread first, then newest",
)
def inbox(
    request: HttpRequest, unread_only: bool = False, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    actor = _actor(request)
    if not 1 <= limit <= 200:
        raise InvalidInput(_("limit is out of range."), code="limit_out_of_range", field="limit")
    if not 0 <= offset <= 100_000:
        raise InvalidInput(_("offset is out of range."), code="offset_out_of_range", field="offset")
    rows = services.inbox(actor)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return {
        "unread": services.unread_count(actor),
        "items": [public(n) for n in rows[offset : offset + limit]],
    }


@router.post(
    "/read",
    scope=TokenScope.SCREENING,
    response={200: ReadOut, **ERRORS},
    summary="Mark notifications of the caller's inbox read (all of them without ids)",
)
def mark_read(request: HttpRequest, payload: ReadIn) -> dict[str, int]:
    actor = _actor(request)
    marked = services.mark_read(actor, payload.ids)
    return {"marked": marked, "unread": services.unread_count(actor)}


@router.get(
    "/stream",
    scope=TokenScope.SCREENING,
    response={200: None, **ERRORS},
    summary="Server-sent events: the caller's new notifications and new hits it may see, as they happen",
)
def stream(request: HttpRequest) -> StreamingHttpResponse:
    """Waits in the event loop, not in a thread (live.py); a reconnecting client sends
    Last-Event-ID and misses nothing."""
    actor = _actor(request)
    request.polnet_background = True  # type: ignore[attr-defined]  # an open page is not activity
    feeds = live.page_feeds(actor)
    marks = live.starting_marks(feeds, request.headers.get("Last-Event-ID", ""))
    return live.response(request, feeds, marks)
