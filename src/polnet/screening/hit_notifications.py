"""How the hit notifications read, in the reader's language (`notifications/kinds.py` lists
who receives each kind and its params). Registered with the notifications pages when they
know how to word a kind: `HIT_WORDING` for the kinds, `/check/hits/{id}/` and
`visible_hit_ids` for the subject "hit"."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.screening.hit_policy import hits_q
from polnet.screening.models import Hit

HIT_WORDING: dict[str, Promise] = {
    "hit_new": _("A check in %(screening_country)s hit one of your records."),
    "hit_confirmed": _("The owner confirmed the hit."),
    "hit_not_same": _("The owner says it is not the same."),
    "hit_withdrawn": _("The hit was withdrawn by the side that had it."),
    "hit_overdue": _("A hit was not answered by its deadline and went to the General Secretariat."),
}


def visible_hit_ids(actor: Actor, ids: Iterable[int] | QuerySet[Any]) -> QuerySet[Any]:
    """The hits among ``ids`` the actor may still open (`hit_policy`), as a queryset of ids:
    a notification about any other hit is not shown."""
    return Hit.objects.filter(hits_q(actor), pk__in=ids).values("pk")
