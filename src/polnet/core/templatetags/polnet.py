"""Template helpers: the main navigation, translated labels, country names and numbers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from polnet.core.navigation import nav_for

register = template.Library()


def _choices() -> dict[str, dict[str, Any]]:
    from polnet.network.labels import CHOICES as NETWORK
    from polnet.records.labels import CHOICES as RECORDS

    return {**RECORDS, **NETWORK}


@register.inclusion_tag("includes/nav.html", takes_context=True)
def main_nav(context: template.Context) -> dict[str, Any]:
    actor = context.get("actor")
    request = context.get("request")
    if actor is None or request is None:
        return {"items": []}
    return {"items": nav_for(actor, request.path)}


@register.filter
def label(value: object, group: str) -> str:
    """A stored choice in the reader's language: {{ rec.purpose|label:"purpose" }}."""
    found = _choices().get(group, {}).get(str(value))
    return str(found) if found is not None else str(value)


@register.filter
def kind_label(kind: str) -> str:
    from polnet.records.labels import KIND_PLURAL

    return str(KIND_PLURAL.get(kind, kind))


@register.filter
def kinds_summary(kinds: Iterable[str]) -> str:
    """A unit's databases, in the usual order, or "all databases"."""
    from polnet.records.labels import KIND_PLURAL

    chosen = set(kinds)
    if chosen >= set(KIND_PLURAL):
        return str(_("All databases"))
    return ", ".join(str(label) for kind, label in KIND_PLURAL.items() if kind in chosen)


@register.filter
def kind_singular(kind: str) -> str:
    from polnet.records.labels import KIND_SINGULAR

    return str(KIND_SINGULAR.get(kind, kind))


@register.filter
def field_label(name: str) -> str:
    from polnet.records.labels import field_label as lookup

    return lookup(name)


@register.filter
def country(code: object) -> str:
    """A country's name in the reader's language (ISO 3166 via django-countries)."""
    text = str(code or "")
    return str(countries.name(text)) or text


@register.filter
def country_list(codes: Iterable[str]) -> str:
    return ", ".join(sorted(country(c) for c in codes))


@register.filter
def num(value: int | float | str | None) -> str:
    """A number with the grouping and separators of the reader's language."""
    return str(number_format(value if value is not None else 0, force_grouping=True))


@register.simple_tag
def idle_seconds() -> int:
    """How long a page may sit untouched before it is hidden (the session's idle limit)."""
    from django.conf import settings

    return int(settings.SESSION_COOKIE_AGE)


@register.simple_tag
def record_cards(actor: Any) -> list[dict[str, Any]]:
    from polnet.records.display import cards_for

    return cards_for(actor) if actor is not None else []


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None
