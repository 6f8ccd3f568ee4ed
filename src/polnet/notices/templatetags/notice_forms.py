"""Template filters that lay the request form out in sections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms, template

from polnet.notices.web.forms import NAME_ROWS, CountryChoice, NoticeForm
from polnet.notices.web.forms import picked as forms_picked

register = template.Library()


@register.filter
def fields_starting(form: forms.Form, names: str) -> list[forms.BoundField]:
    """The named fields the form has, in the order given."""
    return [form[n] for n in names.split(",") if n in form.fields]


@register.filter
def fields_prefixed(form: forms.Form, prefixes: str) -> list[forms.BoundField]:
    wanted = tuple(prefixes.split(","))
    return [form[n] for n in form.fields if n.startswith(wanted)]


@register.filter
def name_rows(form: forms.Form) -> list[list[forms.BoundField]]:
    return [
        [form[f"name{n}_{part}"] for part in ("given", "family", "full", "script", "alias")]
        for n in range(1, NAME_ROWS + 1)
        if f"name{n}_given" in form.fields
    ]


@register.filter
def picked(field: forms.BoundField) -> list[str]:
    """The values a picker shows as chosen, posted or initial."""
    return [v.upper() for v in forms_picked(field.value())]


@register.filter
def country_choices(field: forms.BoundField) -> list[CountryChoice]:
    form = field.form
    assert isinstance(form, NoticeForm)
    return form.member_countries if getattr(field.field, "members", False) else form.all_countries


@register.filter
def item(mapping: Mapping[str, Any], key: str) -> Any:
    return mapping.get(key, [])
