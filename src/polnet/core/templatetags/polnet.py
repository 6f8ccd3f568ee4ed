"""Template filters every app may use: translated labels, country names, numbers, kinds.

Tags that know the domains (the navigation, record cards) live with the apps that own them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from polnet.core import gates, kinds, labels
from polnet.core.actor import Gated

register = template.Library()


@register.filter
def label(value: object, group: str) -> str:
    """A stored choice in the reader's language: {{ rec.purpose|label:"purpose" }}."""
    return labels.label(group, value)


@register.filter
def kind_label(kind: str) -> str:
    return kinds.plural(kind)


@register.filter
def kinds_summary(chosen_kinds: Iterable[str]) -> str:
    """A unit's databases, in the usual order, or "all databases"."""
    chosen = set(chosen_kinds)
    if chosen >= set(kinds.KINDS):
        return str(_("All databases"))
    return ", ".join(str(info.plural) for kind, info in kinds.KINDS.items() if kind in chosen)


@register.filter
def kind_singular(kind: str) -> str:
    return kinds.singular(kind)


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


@register.filter
def hold_url(course_id: int) -> str:
    """Where to take the course a certification gate waits for (`core/gates.py`)."""
    return gates.course_url(course_id)


@register.filter
def hold_activity(activity: str) -> str:
    return str(gates.ACTIVITY_WORDS[Gated(activity)])


@register.simple_tag
def idle_seconds() -> int:
    """How long a page may sit untouched before it is hidden (the session's idle limit)."""
    return int(settings.SESSION_COOKIE_AGE)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None
