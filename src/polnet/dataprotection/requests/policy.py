"""Who may do what with individuals' requests; every page, API route and command asks here.

- The control body (the secretariat's data-protection officer) registers, reads and decides
  every request.
- A bureau's data-protection officer registers a request received by their bureau (it goes
  to the control body) and follows it: its state, deadline and outcome, and of the items
  found only their own bureau's; never which other bureaus hold data, nor another bureau's
  requests.
- An owner bureau answers the consultation about its own data: its data-protection officer
  or its administrator (who answers for the bureau's records). It sees its consultation and
  the findings it owns, never the rest of the case.
"""

from __future__ import annotations

from django.db.models import Q

from polnet.core.actor import Actor, Role, TokenScope
from polnet.dataprotection.policy import may_supervise, supervises_network

ANSWERING_ROLES = frozenset({Role.DATA_PROTECTION_OFFICER, Role.BUREAU_ADMIN})


def may_register(actor: Actor) -> bool:
    return may_supervise(actor)


def may_decide(actor: Actor) -> bool:
    """Searching, consulting, deciding and answering are the control body's work."""
    return supervises_network(actor)


def requests_q(actor: Actor) -> Q:
    """The requests whose case the actor may open."""
    if supervises_network(actor):
        return Q()
    if may_supervise(actor) and actor.country is not None:
        return Q(received_by_country_id=actor.country)
    return Q(pk__in=[])


def answers_for(actor: Actor) -> str | None:
    """The owner country whose consultations the actor answers, or None."""
    if actor.country is None or actor.unit is not None or actor.bureau_id is None:
        return None
    if actor.role not in ANSWERING_ROLES or not actor.allows_scope(TokenScope.DATA_PROTECTION):
        return None
    return actor.country


def consultations_q(actor: Actor) -> Q:
    """The consultations the actor may read and answer."""
    country = answers_for(actor)
    if country is None:
        return Q(pk__in=[])
    return Q(owner_country_id=country)


def findings_q(actor: Actor) -> Q:
    """Of a case the actor may open, the items it may see: all for the control body, its own
    bureau's for a bureau's officer."""
    if supervises_network(actor):
        return Q()
    if actor.country is None:
        return Q(pk__in=[])
    return Q(owner_country_id=actor.country)


def sees_consultations(actor: Actor) -> bool:
    """Which bureaus were asked, and what they answered, is the control body's to know."""
    return may_decide(actor)
