"""Template helpers of the record pages: field names and the cards of the records index."""

from __future__ import annotations

from typing import Any

from django import template

from polnet.records.display import cards_for
from polnet.records.labels import field_label as lookup

register = template.Library()


@register.filter
def field_label(name: str) -> str:
    return lookup(name)


@register.simple_tag
def record_cards(actor: Any) -> list[dict[str, Any]]:
    return cards_for(actor) if actor is not None else []
