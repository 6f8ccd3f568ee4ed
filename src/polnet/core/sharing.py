"""Who an object is shared with: one check that a restriction and its listed countries fit,
for the API's input shapes and for the services that write records and notices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from django.utils.translation import gettext, gettext_noop
from ninja import Schema
from pydantic import Field, model_validator

from polnet.core import policy
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput
from polnet.core.policy import AccessFacts, Restriction

RestrictionT = Literal["all", "only_listed", "all_except"]

_LISTED_WITH_ALL = gettext_noop("listed_countries must be empty when restriction is 'all'.")
_NONE_LISTED = gettext_noop("restriction %(r)r needs at least one listed country.")


def listed_fits(restriction: str, listed: list[str]) -> str:
    """Why the listed countries do not fit the restriction (a message as written), or ''."""
    if restriction == Restriction.ALL_MEMBERS and listed:
        return _LISTED_WITH_ALL
    if restriction != Restriction.ALL_MEMBERS and not listed:
        return _NONE_LISTED % {"r": restriction}
    return ""


class SharingIn(Schema):
    """A restriction and the countries it lists: none for all members, one or more otherwise."""

    restriction: RestrictionT = "all"
    listed_countries: list[str] = Field(default_factory=list, max_length=250)

    @model_validator(mode="after")
    def _listed_fits_restriction(self) -> SharingIn:
        problem = listed_fits(self.restriction, self.listed_countries)
        if problem:
            raise ValueError(problem.rstrip("."))
        return self


def listed_after(
    restriction: str,
    sent: list[str] | None,
    current: list[str] | None,
    resolve: Callable[[list[str]], list[str]],
    *,
    translate: bool = False,
) -> list[str] | None:
    """The listed countries to store once a change is applied, or None when they stay as they are.

    `sent` are the codes the caller sent (None: none sent), `resolve` checks and normalises them;
    `current` are those stored (None: the restriction does not change either, or a new object
    that lists none yet). Raises InvalidInput when they do not fit the restriction; with
    `translate`, in the reader's language."""
    codes = resolve(sent) if sent is not None else None
    if restriction == Restriction.ALL_MEMBERS and codes:
        raise InvalidInput(_say(_LISTED_WITH_ALL, translate), field="listed_countries")
    if codes is None:
        if current is None:
            return None
        codes = current
    if restriction == Restriction.ALL_MEMBERS:
        return []
    if not codes:
        raise InvalidInput(_say(_NONE_LISTED, translate) % {"r": restriction}, field="listed_countries")
    return codes


def _say(message: str, translate: bool) -> str:
    return gettext(message) if translate else message


def require_within_reach(actor: Actor, facts: AccessFacts) -> None:
    """After writing, inside the transaction: the actor must still see and own what it wrote."""
    if not policy.can_change(actor, facts):
        raise Forbidden("This change would leave the record out of your own reach; it was not made.")
