"""Who an object is shared with: one check that a restriction and its listed countries fit,
for the API's input shapes and for the services that write records and notices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from polnet.core import policy
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput
from polnet.core.policy import AccessFacts, Restriction

RestrictionT = Literal["all", "only_listed", "all_except"]

# The two ways listed countries can fail to fit a restriction, by their reason code.
LISTED_WITH_ALL = "listed_countries_with_all"
NONE_LISTED = "listed_countries_missing"


def listed_fits(restriction: str, listed: list[str]) -> str:
    """The reason code why the listed countries do not fit the restriction, or ''."""
    if restriction == Restriction.ALL_MEMBERS and listed:
        return LISTED_WITH_ALL
    if restriction != Restriction.ALL_MEMBERS and not listed:
        return NONE_LISTED
    return ""


def _refusal(code: str, restriction: str) -> InvalidInput:
    if code == LISTED_WITH_ALL:
        return InvalidInput(
            _("listed_countries must be empty when restriction is 'all'."),
            code="listed_countries_with_all",
            field="listed_countries",
        )
    return InvalidInput(
        _("restriction %(r)r needs at least one listed country."),
        code="listed_countries_missing",
        field="listed_countries",
        r=restriction,
    )


class SharingIn(Schema):
    """A restriction and the countries it lists: none for all members, one or more otherwise."""

    restriction: RestrictionT = "all"
    listed_countries: list[str] = Field(default_factory=list, max_length=250)

    @model_validator(mode="after")
    def _listed_fits_restriction(self) -> SharingIn:
        code = listed_fits(self.restriction, self.listed_countries)
        if code == LISTED_WITH_ALL:
            raise PydanticCustomError(code, "listed_countries must be empty when restriction is 'all'")
        if code:
            raise PydanticCustomError(
                code,
                "restriction '{restriction}' needs at least one listed country",
                {"restriction": self.restriction},
            )
        return self


def listed_after(
    restriction: str,
    sent: list[str] | None,
    current: list[str] | None,
    resolve: Callable[[list[str]], list[str]],
) -> list[str] | None:
    """The listed countries to store once a change is applied, or None when they stay as they are.

    `sent` are the codes the caller sent (None: none sent), `resolve` checks and normalises them;
    `current` are those stored (None: the restriction does not change either, or a new object
    that lists none yet). Raises InvalidInput when they do not fit the restriction."""
    codes = resolve(sent) if sent is not None else None
    if restriction == Restriction.ALL_MEMBERS and codes:
        raise _refusal(LISTED_WITH_ALL, restriction)
    if codes is None:
        if current is None:
            return None
        codes = current
    if restriction == Restriction.ALL_MEMBERS:
        return []
    if not codes:
        raise _refusal(NONE_LISTED, restriction)
    return codes


def require_within_reach(actor: Actor, facts: AccessFacts, rule: policy.Condition | None = None) -> None:
    """After writing, inside the transaction: the actor must still see and own what it wrote.
    `rule`: the actor's `policy.changeability`, built once by a caller that writes many."""
    if not (rule or policy.changeability(actor)).holds(facts):
        raise Forbidden(
            _("This change would take the record out of your own reach."), code="record_out_of_reach"
        )
