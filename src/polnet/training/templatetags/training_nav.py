"""`{% training_nav %}`: the learning centre's menu (`training/navigation.py`)."""

from __future__ import annotations

from typing import Any

from django import template

from polnet.training.navigation import training_links

register = template.Library()


@register.inclusion_tag("training/_nav.html", takes_context=True)
def training_nav(context: template.Context) -> dict[str, Any]:
    actor = context.get("actor")
    request = context.get("request")
    path = request.path if request is not None else ""
    links = training_links(actor) if actor is not None else []
    return {"links": [(href, label, path.startswith(href)) for href, label in links]}
