"""The header's unread counter (base.html), refreshed by open pages on their live feed."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from polnet.core.actor import Actor
from polnet.notifications import services

register = template.Library()
STREAM_URL = "/api/notifications/stream"


def badge_context(actor: Actor | None) -> dict[str, Any]:
    if actor is None or not services.has_inbox(actor):
        return {"shown": False}
    return {"shown": True, "unread": services.unread_count(actor)}


@register.simple_tag
def live_stream_url() -> str:
    """Where a signed-in page opens its live feed (static/notifications/live.js); empty: none."""
    return STREAM_URL if settings.POLNET_LIVE_STREAM else ""


@register.inclusion_tag("notifications/_badge.html", takes_context=True)
def inbox_badge(context: template.Context) -> dict[str, Any]:
    return badge_context(context.get("actor"))
