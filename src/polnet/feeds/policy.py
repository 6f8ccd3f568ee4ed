"""Who may send a batch and who sees it: the records' write rule, and the import scope.

A batch creates, changes and deletes records of its sender's country: whoever may create
records of that kind for their bureau (`core.policy.may_create`: its officers and
administrators, a unit it let write that database) may send one. A machine token needs
`records:import` besides `records:write`: a token made for single edits cannot delete a
database's worth of records by a full sync.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from polnet.core import gates, policy
from polnet.core.actor import Actor, Gated, TokenScope
from polnet.core.errors import Forbidden


def may_import(actor: Actor, kind: str) -> bool:
    return (
        actor.country is not None
        and actor.allows_scope(TokenScope.RECORDS_IMPORT)
        and policy.may_create(actor, kind, actor.country)
    )


def require_import(actor: Actor, kind: str) -> None:
    gates.require_clear(actor, Gated.CREATE_RECORDS)
    if not actor.allows_scope(TokenScope.RECORDS_IMPORT):
        raise Forbidden(_("This token may not import records."), code="records_import_scope")
    if not may_import(actor, kind):
        raise Forbidden(_("You may not import records into this database."), code="import_forbidden")


def sees_batches(actor: Actor) -> bool:
    return actor.country is not None and policy.may_write_as(actor)


def batches_q(actor: Actor) -> Q:
    """The batches the actor may follow: its bureau's, or for a unit the unit's own."""
    if not sees_batches(actor):
        return Q(pk__in=[])
    q = Q(owner_country_id=actor.country)
    if actor.unit is not None:
        q &= Q(unit_id=actor.unit.unit_id)
    return q
