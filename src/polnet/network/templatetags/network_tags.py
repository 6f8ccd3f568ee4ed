"""Template filters that name the parts of the network in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from polnet.core.templatetags.polnet import country
from polnet.network.models import Unit

register = template.Library()


@register.filter
def affiliation(value: object) -> str:
    """Who acted, as the history stores it ("bureau:BR", "unit:12", "secretariat"), in words."""
    text = str(value or "")
    kind, _, ref = text.partition(":")
    if kind == "bureau" and ref:
        return gettext("National Central Bureau · %(country)s") % {"country": country(ref)}
    if kind == "unit" and ref.isdigit():
        unit = Unit.objects.filter(pk=int(ref)).select_related("bureau").first()
        if unit is not None:
            return f"{unit.name} · {country(unit.bureau.country_id)}"
    if kind == "secretariat":
        return gettext("General Secretariat")
    return text
