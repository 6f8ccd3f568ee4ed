"""Who supervises processing: a bureau's data-protection officer for that bureau, the
secretariat's for the whole network. Every rule of this app starts from here."""

from __future__ import annotations

from django.db.models import Q

from polnet.core.actor import Actor, Role, TokenScope


def may_supervise(actor: Actor) -> bool:
    """A data-protection officer, signed in or with a data-protection token."""
    return (
        actor.role == Role.DATA_PROTECTION_OFFICER
        and actor.unit is None
        and actor.allows_scope(TokenScope.DATA_PROTECTION)
    )


def supervises_network(actor: Actor) -> bool:
    """The secretariat's officer, who answers for every bureau."""
    return may_supervise(actor) and actor.country is None


def supervised_q(actor: Actor, country_field: str) -> Q:
    """Rows the officer answers for: their bureau's (by `country_field`), or all of them for
    the secretariat's officer; nothing for anyone else."""
    if not may_supervise(actor):
        return Q(pk__in=[])
    if actor.country is None:
        return Q()
    return Q(**{country_field: actor.country})
