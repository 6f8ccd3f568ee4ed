"""Who may analyse, and which projects an analyst sees: only those their party takes part in.

What a project holds is read through the owners' own policies (`core/policy.py`,
`notices/policy.py`, `screening/hit_policy.py`); this adds only the project's door.
"""

from __future__ import annotations

from django.db.models import Q

from polnet.core.actor import Actor, Role, TokenScope


def may_analyse(actor: Actor) -> bool:
    """An analyst of a bureau or of the secretariat, signed in or with an analysis token."""
    return actor.role == Role.ANALYST and actor.unit is None and actor.allows_scope(TokenScope.ANALYSIS)


def projects_q(actor: Actor) -> Q:
    """The projects the actor's party (its bureau, or the secretariat) takes part in."""
    if not may_analyse(actor):
        return Q(pk__in=[])
    if actor.country is None:
        return Q(participations__country__isnull=True)
    return Q(participations__country_id=actor.country)
