"""The main navigation, for the frame every page shares (base.html)."""

from __future__ import annotations

from typing import Any

from django import template

from polnet.portal.navigation import nav_for

register = template.Library()


@register.inclusion_tag("portal/nav.html", takes_context=True)
def main_nav(context: template.Context) -> dict[str, Any]:
    actor = context.get("actor")
    request = context.get("request")
    if actor is None or request is None:
        return {"items": []}
    return {"items": nav_for(actor, request.path)}
