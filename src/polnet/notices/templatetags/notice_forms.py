"""Template filters that lay the request form out in sections."""

from __future__ import annotations

from django import forms, template

from polnet.notices.web.forms import NAME_ROWS

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
