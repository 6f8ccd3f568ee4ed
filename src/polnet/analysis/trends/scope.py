"""What an analyst counts: only what the analyst's party may see, item by item.

- A bureau's analyst counts its own country's checks (its officers' and its posts'), the
  hits its bureau sees (as the country where the check was made, or as the owner of the
  record or notice hit: `screening/hit_policy.py`), and the notices and diffusions its
  bureau sees (`notices/policy.py`: its own in every state, others' in force whose
  restriction admits it).
- The secretariat's analyst counts the whole network's checks and hits, and the notices
  and diffusions in force.
- No one else reads trends.

Every count is of things the reader may open one by one, so no cell is suppressed: a small
count tells nothing the reader's own lists do not (`docs/analysis.md`).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from polnet.analysis import policy as analysis_policy
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden
from polnet.notices.models import Notice
from polnet.screening import hit_policy
from polnet.screening.models import Hit


def require_analyst(actor: Actor) -> None:
    if not analysis_policy.may_analyse(actor):
        raise Forbidden(_("Only an analyst reads trends."), code="trends_not_an_analyst")


def checks_country(actor: Actor) -> str | None:
    """The one checking country whose checks the actor counts; None: every country."""
    return actor.country


def hits(actor: Actor) -> QuerySet[Hit]:
    return Hit.objects.filter(hit_policy.hits_q(actor))


def notices(actor: Actor) -> QuerySet[Notice]:
    return Notice.objects.visible_to(actor)
