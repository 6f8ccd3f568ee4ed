"""Turning a signed-in user or a machine token into the Actor that services receive."""

from __future__ import annotations

from polnet.core import gates
from polnet.core.actor import LEARNING_ONLY_ROLES, Actor, ResultLevel, Role, TokenScope, UnitScope
from polnet.network.models import User


def actor_for(
    user: User,
    *,
    origin: str = "unknown",
    request_id: str = "",
    token_scopes: frozenset[TokenScope] | None = None,
    default_purpose: str = "",
) -> Actor:
    unit_scope = None
    country: str | None = None
    bureau_id: int | None = None
    if user.unit_id is not None:
        unit = user.unit
        assert unit is not None
        unit_scope = UnitScope(
            unit_id=unit.pk,
            kind=unit.kind,
            databases=frozenset(unit.databases) if unit.active else frozenset(),
            result_level=ResultLevel(unit.result_level),
            may_write=unit.may_write and unit.active,
        )
        bureau_id = unit.bureau_id
        country = unit.bureau.country_id
    elif user.bureau_id is not None:
        bureau_id = user.bureau_id
        country = user.bureau.country_id  # type: ignore[union-attr]
    role = Role(user.role)
    # A person whose bureau (or the network) requires a certificate they lack is held back;
    # machine clients take no courses, and learners work with no police data anyway.
    holds = (
        gates.holds_for(user.pk, bureau_id)
        if not user.is_machine and role not in LEARNING_ONLY_ROLES and user.partner_id is None
        else frozenset()
    )
    return Actor(
        user_id=user.pk,
        username=user.username,
        role=role,
        country=country,
        bureau_id=bureau_id,
        unit=unit_scope,
        token_scopes=token_scopes,
        origin=origin,
        request_id=request_id,
        default_purpose=default_purpose,
        partner_id=user.partner_id,
        holds=holds,
    )
