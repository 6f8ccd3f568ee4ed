"""How the hit notifications read, in the reader's language (`notifications/kinds.py` lists
who receives each kind and its params). Registered with the notifications pages when they
know how to word a kind."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

HIT_WORDING: dict[str, Promise] = {
    "hit_new": _("A check in %(screening_country)s hit one of your records."),
    "hit_confirmed": _("The owner confirmed the hit."),
    "hit_not_same": _("The owner says it is not the same."),
    "hit_withdrawn": _("The hit was withdrawn by the side that had it."),
    "hit_overdue": _("A hit was not answered by its deadline and went to the General Secretariat."),
}
