"""What the learning centre's pages share: rendering with the actor, reading form values."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput


def page(
    request: HttpRequest, actor: Actor, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"training/{template}", {"actor": actor, **context}, status=status)


def whole(value: str | None, field: str, default: int | None = None) -> int:
    """A whole number from a form, or a clear refusal."""
    raw = (value or "").strip()
    if not raw and default is not None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(_("Give a whole number."), code="training_form_number", field=field) from None


def ids(values: list[str], field: str) -> list[int]:
    return [whole(v, field) for v in values if v.strip()]
