"""Who builds a unit's offline package, and who uploads a post's hits."""

from __future__ import annotations

from polnet.core import policy
from polnet.core.actor import Actor, Role


def may_build_for(actor: Actor, bureau_id: int) -> bool:
    """A bureau administrator of the unit's bureau: the package holds what the unit may screen."""
    return (
        actor.role == Role.BUREAU_ADMIN
        and actor.bureau_id == bureau_id
        and policy.works_with_police_data(actor)
    )


def may_upload_for(actor: Actor, unit_id: int) -> bool:
    """A person or machine client of the unit itself: its hits are the unit's."""
    return actor.unit is not None and actor.unit.unit_id == unit_id
