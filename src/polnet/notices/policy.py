"""Who may see a notice or diffusion, and who may act on it: written once, read two ways.

The visibility rule is a condition tree of the core policy (`polnet.core.policy`): the same
owner, bureau-only and restriction conditions as records (`admits`), plus conditions on the
notice's state, channel, kind and public extract, written here in the same style. It
compiles to a ``Q`` for lists, search and the admin, and evaluates as a predicate for
loaded notices, notifications and the screening index; a property test shows they agree.

In plain words:
- the owner bureau's users see their own notices in every state, drafts included;
- other members' bureaus see notices and diffusions in force (published, circulated)
  whose restriction admits their country; a diffusion's recipients are its listed countries;
- an extended-access unit sees notices in force that are not bureau-only, whose
  restriction admits its country, if its bureau opened the persons database to it;
- secretariat reviewers and data-protection officers see everything that left the bureau
  (every state but draft), and reviewers also the secretariat's own drafts (UN notices);
- secretariat analysts see what is in force; the system administrator sees nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from polnet.core.actor import Actor, Gated, Role, TokenScope
from polnet.core.policy import (
    AccessFacts,
    Always,
    Condition,
    Equals,
    Negation,
    Restriction,
    admits,
    all_of,
    any_of,
    held,
    reads_police_data,
    works_with_police_data,
)
from polnet.notices.kinds import PUBLIC_KINDS
from polnet.notices.states import IN_FORCE, Channel, State

if TYPE_CHECKING:
    from django.db import models
    from django.db.models import Q

    from polnet.notices.models import Notice


@dataclass(frozen=True, slots=True)
class NoticeFacts(AccessFacts):
    """A notice's access facts: the record facts plus its lifecycle state and channel."""

    state: str = State.DRAFT
    channel: str = Channel.NOTICE
    extract_status: str = "none"


def facts_of(notice: Notice, listed: Iterable[str] | None = None) -> NoticeFacts:
    codes = frozenset(listed) if listed is not None else notice.listed_codes()
    return NoticeFacts(
        kind=notice.kind,
        owner_country=notice.owner_country_id or "",
        restriction=notice.restriction,
        listed_countries=codes,
        bureau_only=notice.bureau_only,
        record_status="active" if notice.state in IN_FORCE else "inactive",
        state=notice.state,
        channel=notice.channel,
        extract_status=notice.extract_status,
    )


# ---- conditions on notice fields -------------------------------------------------------------


@dataclass(frozen=True)
class FactIn(Condition):
    """A notice fact (state, channel, kind, extract_status) takes one of the values; the model
    field has the same name."""

    fact: str
    values: frozenset[str]

    def holds(self, facts: AccessFacts) -> bool:
        return getattr(facts, self.fact, None) in self.values

    def to_q(self, model: type[models.Model]) -> Q:
        from django.db.models import Q

        return Q(**{f"{self.fact}__in": sorted(self.values)})


@dataclass(frozen=True)
class OwnedBySecretariat(Condition):
    def holds(self, facts: AccessFacts) -> bool:
        return facts.owner_country == ""

    def to_q(self, model: type[models.Model]) -> Q:
        from django.db.models import Q

        return Q(owner_country__isnull=True)


def state_in(*states: str) -> Condition:
    return FactIn("state", frozenset(states))


SEE_ALL_BUT_DRAFTS = frozenset({Role.SECRETARIAT_REVIEWER, Role.DATA_PROTECTION_OFFICER})


def visibility(actor: Actor) -> Condition:
    """Default deny: anything not granted here is hidden."""
    if not reads_police_data(actor.token_scopes) or not works_with_police_data(actor):
        return Always(False)
    in_force = state_in(*IN_FORCE)
    if actor.country is None:
        if actor.role == Role.SECRETARIAT_REVIEWER:
            return any_of(Negation(state_in(State.DRAFT)), OwnedBySecretariat())
        if actor.role in SEE_ALL_BUT_DRAFTS:
            return Negation(state_in(State.DRAFT))
        if actor.role == Role.ANALYST:
            return in_force
        return Always(False)  # the system administrator reads no police data
    own = Equals("owner_country", actor.country)
    if actor.unit is None:
        return any_of(own, all_of(in_force, admits(actor.country)))
    if "person" not in actor.unit.databases:
        return Always(False)
    return all_of(in_force, Equals("bureau_only", False), any_of(own, admits(actor.country)))


def visible_q(actor: Actor) -> Q:
    from polnet.notices.models import Notice

    return visibility(actor).to_q(Notice)


def can_see(actor: Actor, facts: AccessFacts) -> bool:
    return visibility(actor).holds(facts)


# ---- the public extract ------------------------------------------------------------------------


def public_rule() -> Condition:
    """What the public web service may show: approved extracts of published Red, Yellow and UN
    notices that every member may see. Nothing else, whatever else is set."""
    from polnet.notices.models import ExtractStatus

    return all_of(
        FactIn("channel", frozenset({Channel.NOTICE})),
        state_in(State.PUBLISHED),
        FactIn("kind", frozenset(PUBLIC_KINDS.values())),
        FactIn("extract_status", frozenset({ExtractStatus.APPROVED})),
        Equals("restriction", Restriction.ALL_MEMBERS),
        Equals("bureau_only", False),
    )


def public_q() -> Q:
    from polnet.notices.models import Notice

    return public_rule().to_q(Notice)


def is_public(notice: Notice) -> bool:
    return public_rule().holds(facts_of(notice, listed=()))


# ---- who may act --------------------------------------------------------------------------------


def is_reviewer(actor: Actor) -> bool:
    return actor.country is None and actor.role == Role.SECRETARIAT_REVIEWER


def writes(actor: Actor) -> bool:
    return actor.allows_scope(TokenScope.RECORDS_WRITE)


def is_source(actor: Actor, owner_country: str) -> bool:
    """Acts for the notice's source: a bureau officer or administrator of the owner country
    (not a unit: notices are requested by the bureau), or a reviewer for the secretariat's own."""
    if not writes(actor):
        return False
    if owner_country == "":
        return is_reviewer(actor)
    return (
        actor.country == owner_country
        and actor.unit is None
        and actor.role in (Role.BUREAU_OFFICER, Role.BUREAU_ADMIN)
    )


def may_create(actor: Actor, kind_by_secretariat: bool) -> bool:
    """Bureaus request notices and send diffusions; the secretariat issues its own kinds."""
    if kind_by_secretariat:
        return writes(actor) and is_reviewer(actor)
    if held(actor, Gated.REQUEST_NOTICES):
        return False
    return actor.country is not None and is_source(actor, actor.country)


def reads_metadata(actor: Actor) -> bool:
    """Operators running the system from the command line see every notice's metadata (kind,
    state, owner, dates, lifecycle steps) to keep the workflow healthy, never its content:
    no names, facts, warrants or reasons. Each such listing is audited."""
    return actor.role == Role.SYSTEM_ADMIN
