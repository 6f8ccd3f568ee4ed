"""Who sees a hit, and who had it, each written once as (field, value) pairs that become a Q
or a predicate.

The owner bureau sees hits on its records; a bureau sees the hits its officers and
units had; a unit or officer sees its own; the secretariat's readers see all. A hit was
had by the unit whose check it came from, or, outside a unit, by the officer who checked:
they alone report its outcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from polnet.core.actor import Actor, Role
from polnet.core.policy import BUREAU_WRITERS, SECRETARIAT_READERS

if TYPE_CHECKING:
    from django.db.models import Q

    from polnet.screening.models import Hit


def _alternatives(actor: Actor) -> list[tuple[str, Any]] | None:
    """None means every hit."""
    if actor.country is None:
        return None if actor.role in SECRETARIAT_READERS else []
    if actor.unit is not None:
        return [("unit_id", actor.unit.unit_id)]
    return [
        ("owner_country_id", actor.country),
        ("screening_country_id", actor.country),
        ("screened_by_id", actor.user_id),
    ]


def hits_q(actor: Actor) -> Q:
    from django.db.models import Q

    alts = _alternatives(actor)
    if alts is None:
        return Q()
    q = Q(pk__in=[])
    for field, value in alts:
        q |= Q(**{field: value})
    return q


def hit_visible(actor: Actor, hit: Hit) -> bool:
    alts = _alternatives(actor)
    return alts is None or any(getattr(hit, field) == value for field, value in alts)


def _had(actor: Actor) -> tuple[str, Any]:
    if actor.unit is not None:
        return ("unit_id", actor.unit.unit_id)
    return ("screened_by_id", actor.user_id)


def had_q(actor: Actor) -> Q:
    """The hits the actor had (its unit's, or its own checks'): as a filter."""
    from django.db.models import Q

    field, value = _had(actor)
    return Q(pk__in=[]) if value is None else Q(**{field: value})


def had_the_hit(actor: Actor, hit: Hit) -> bool:
    """Whether the actor had the hit: the unit or officer that reports its outcome."""
    field, value = _had(actor)
    return value is not None and getattr(hit, field) == value


# ---- who acts on a hit (the owner's answer, the hit report) -------------------------------------


def answers_for_owner(actor: Actor, hit: Hit) -> bool:
    """Whether the actor answers for the owner: an officer of the owner bureau (not of its
    units), or a reviewer of the secretariat for the secretariat's own notices."""
    if actor.unit is not None:
        return False
    if hit.owner_country_id is None:
        return actor.country is None and actor.role == Role.SECRETARIAT_REVIEWER
    return actor.country == hit.owner_country_id and actor.role in BUREAU_WRITERS


def officer_where_made(actor: Actor, hit: Hit) -> bool:
    """An officer of the bureau of the country where the hit was made (not of its units): it
    may withdraw the hit and sends its report."""
    return (
        actor.unit is None
        and actor.country is not None
        and actor.role in BUREAU_WRITERS
        and actor.country == hit.screening_country_id
    )


def may_withdraw(actor: Actor, hit: Hit) -> bool:
    """The unit or officer that had the hit, or an officer of the bureau whose check it was."""
    return had_the_hit(actor, hit) or officer_where_made(actor, hit)


def reads_report(actor: Actor, hit: Hit) -> bool:
    """The owner's and the reporter's bureau staff (a secretariat notice: its readers)."""
    if actor.unit is not None:
        return False
    if actor.country is None:
        return hit.owner_country_id is None and actor.role in SECRETARIAT_READERS
    return actor.country in (hit.owner_country_id, hit.screening_country_id)
