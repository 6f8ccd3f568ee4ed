"""The one access policy for records: who may see a record and who may change it.

Its parts (owner, restriction, listed countries, bureau-only) are also the base of the
notices' rule (`notices/policy.py`), which adds the notice's state, channel and kind.

The rule is written once, as a small condition tree over a record's access facts.
The same tree compiles to a Django ``Q`` (for lists, search, exports and the admin)
and evaluates as a plain predicate (for the in-memory screening index and for
checks on a loaded object). A property test shows that both readings agree.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from polnet.core.actor import LEARNING_ONLY_ROLES, Actor, Gated, ResultLevel, Role, TokenScope, UnitScope

if TYPE_CHECKING:
    from django.db import models
    from django.db.models import Q


class Restriction(enum.StrEnum):
    ALL_MEMBERS = "all"
    ONLY_LISTED = "only_listed"
    ALL_EXCEPT_LISTED = "all_except"


class RecordStatus(enum.StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"  # review date passed: hidden from others until re-justified


# Secretariat roles that read records for their tasks (compliance, analysis, data control).
SECRETARIAT_READERS = frozenset({Role.SECRETARIAT_REVIEWER, Role.ANALYST, Role.DATA_PROTECTION_OFFICER})
# Bureau roles that write their own country's records.
BUREAU_WRITERS = frozenset({Role.BUREAU_OFFICER, Role.BUREAU_ADMIN})


@dataclass(frozen=True, slots=True)
class AccessFacts:
    """What the policy needs to know about one record; the screening index keeps these."""

    kind: str
    owner_country: str
    restriction: str
    listed_countries: frozenset[str]
    bureau_only: bool
    record_status: str


class HasAccessFacts(Protocol):
    def access_facts(self) -> AccessFacts: ...


# ---- the condition tree ---------------------------------------------------------------


class Condition:
    def holds(self, facts: AccessFacts) -> bool:
        raise NotImplementedError

    def to_q(self, model: type[models.Model]) -> Q:
        raise NotImplementedError


@dataclass(frozen=True)
class Always(Condition):
    value: bool

    def holds(self, facts: AccessFacts) -> bool:
        return self.value

    def to_q(self, model: type[models.Model]) -> Q:
        from django.db.models import Q

        return Q() if self.value else Q(pk__in=[])


@dataclass(frozen=True)
class Equals(Condition):
    fact: str  # an AccessFacts attribute; the model field of the same meaning is mapped below
    value: Any

    def holds(self, facts: AccessFacts) -> bool:
        return bool(getattr(facts, self.fact) == self.value)

    def to_q(self, model: type[models.Model]) -> Q:
        from django.db.models import Q

        if self.fact == "kind":
            return Always(model_kind(model) == self.value).to_q(model)
        return Q(**{_FIELD_OF_FACT[self.fact]: self.value})


@dataclass(frozen=True)
class KindIn(Condition):
    kinds: frozenset[str]

    def holds(self, facts: AccessFacts) -> bool:
        return facts.kind in self.kinds

    def to_q(self, model: type[models.Model]) -> Q:
        return Always(model_kind(model) in self.kinds).to_q(model)


@dataclass(frozen=True)
class Listed(Condition):
    """The country is among the record's listed countries."""

    country: str

    def holds(self, facts: AccessFacts) -> bool:
        return self.country in facts.listed_countries

    def to_q(self, model: type[models.Model]) -> Q:
        from django.db.models import Exists, OuterRef, Q

        m2m = model._meta.get_field("listed_countries")
        through = m2m.remote_field.through  # type: ignore[union-attr]
        own_fk = m2m.m2m_field_name()  # type: ignore[union-attr]
        country_fk = m2m.m2m_reverse_field_name()  # type: ignore[union-attr]
        rows = through.objects.filter(**{f"{own_fk}_id": OuterRef("pk"), f"{country_fk}_id": self.country})
        return Q(Exists(rows))


@dataclass(frozen=True)
class AllOf(Condition):
    parts: tuple[Condition, ...]

    def holds(self, facts: AccessFacts) -> bool:
        return all(p.holds(facts) for p in self.parts)

    def to_q(self, model: type[models.Model]) -> Q:
        from django.db.models import Q

        q = Q()
        for p in self.parts:
            q &= p.to_q(model)
        return q


@dataclass(frozen=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]

    def holds(self, facts: AccessFacts) -> bool:
        return any(p.holds(facts) for p in self.parts)

    def to_q(self, model: type[models.Model]) -> Q:
        from django.db.models import Q

        q = Q(pk__in=[])
        for p in self.parts:
            q |= p.to_q(model)
        return q


@dataclass(frozen=True)
class Negation(Condition):
    part: Condition

    def holds(self, facts: AccessFacts) -> bool:
        return not self.part.holds(facts)

    def to_q(self, model: type[models.Model]) -> Q:
        return ~self.part.to_q(model)


def all_of(*parts: Condition) -> Condition:
    return AllOf(tuple(parts))


def any_of(*parts: Condition) -> Condition:
    return AnyOf(tuple(parts))


_FIELD_OF_FACT = {
    "owner_country": "owner_country_id",
    "restriction": "restriction",
    "bureau_only": "bureau_only",
    "record_status": "record_status",
}


def model_kind(model: type[models.Model]) -> str:
    kind = getattr(model, "RECORD_KIND", None)
    if not isinstance(kind, str):
        raise TypeError(f"{model.__name__} is not a record model (no RECORD_KIND)")
    return kind


# ---- the rule ---------------------------------------------------------------------------


def admits(country: str) -> Condition:
    """The restriction lets `country` see the object: every member, a listed country, or any
    country not listed. Records and notices (whose diffusions list their recipients) share it."""
    return any_of(
        Equals("restriction", Restriction.ALL_MEMBERS),
        all_of(Equals("restriction", Restriction.ONLY_LISTED), Listed(country)),
        all_of(Equals("restriction", Restriction.ALL_EXCEPT_LISTED), Negation(Listed(country))),
    )


def _shared_with(country: str) -> Condition:
    """An active record another country's restriction lets `country` see."""
    return all_of(Equals("record_status", RecordStatus.ACTIVE), admits(country))


def reads_police_data(token_scopes: frozenset[TokenScope] | None) -> bool:
    """A session reads what its role allows; a token only with a reading, screening or
    analysis scope (each route's scope decides which door the token may use)."""
    return token_scopes is None or bool(
        token_scopes & {TokenScope.RECORDS_READ, TokenScope.SCREENING, TokenScope.ANALYSIS}
    )


def held(actor: Actor, activity: Gated) -> bool:
    """Whether ``activity`` waits for a certificate the person does not hold (`core/gates.py`)."""
    return any(h.activity == activity for h in actor.holds)


def works_with_police_data(actor: Actor) -> bool:
    """Learners and trainers (partners' people, the secretariat's trainers) never do; nor does
    anyone whose bureau requires a certificate to consult the databases that they lack."""
    return actor.handles_police_data and not held(actor, Gated.CONSULT)


def visibility(actor: Actor) -> Condition:
    """Who may see a record. Default deny: anything not granted here is hidden."""
    if not works_with_police_data(actor):
        return Always(False)
    return _visibility(actor.token_scopes, actor.country, actor.role, actor.unit)


@lru_cache(maxsize=4096)  # one rule per kind of actor; every screening check asks for it
def _visibility(
    token_scopes: frozenset[TokenScope] | None, country: str | None, role: Role, unit: UnitScope | None
) -> Condition:
    if not reads_police_data(token_scopes) or role in LEARNING_ONLY_ROLES:
        return Always(False)
    if country is None:
        # The secretariat reads for compliance, analysis and data control; the system
        # administrator runs the system and reads no police data.
        return Always(role in SECRETARIAT_READERS)
    own = Equals("owner_country", country)
    if unit is None:
        return any_of(own, _shared_with(country))
    # An extended-access unit sees only the databases its bureau opened to it, never
    # bureau-only records, and of its own country only what is active.
    return all_of(
        KindIn(unit.databases),
        Equals("bureau_only", False),
        any_of(all_of(own, Equals("record_status", RecordStatus.ACTIVE)), _shared_with(country)),
    )


def may_write_as(actor: Actor) -> bool:
    """Whether the actor's role lets it write records at all (of its own country)."""
    if actor.country is None or not actor.allows_scope(TokenScope.RECORDS_WRITE):
        return False
    if not works_with_police_data(actor):
        return False
    if actor.unit is not None:
        return actor.unit.may_write
    return actor.role in BUREAU_WRITERS


def may_screen(actor: Actor, kind: str) -> bool:
    """Whether the actor may run screening queries against a database at all."""
    if not actor.allows_scope(TokenScope.SCREENING) or not works_with_police_data(actor):
        return False
    return actor.unit is None or kind in actor.unit.databases


def may_check_for_carrier(actor: Actor) -> bool:
    """Whether the actor may answer a carrier's check of a passenger (`screening/carrier.py`):
    a token holding carrier:check (or a person), of an account that screens persons and
    documents. The carrier is told a status only, so the scope needs no screening scope."""
    if not actor.allows_scope(TokenScope.CARRIER_CHECK) or not works_with_police_data(actor):
        return False
    return actor.unit is None or {"person", "document"} <= actor.unit.databases


def discloses_details(actor: Actor) -> bool:
    """Whether the actor may see what a record says, not only that it exists (hit / no hit)."""
    return actor.unit is None or actor.unit.result_level == ResultLevel.FULL


def reads_records(actor: Actor) -> bool:
    """Whether record details are part of the actor's work: the system administrator and
    hit / no hit units would only meet a refusal on the record pages."""
    return actor.role != Role.SYSTEM_ADMIN and actor.handles_police_data and discloses_details(actor)


def changeability(actor: Actor) -> Condition:
    """Who may change or delete a record: the owner bureau, or a unit it delegated to."""
    if not may_write_as(actor):
        return Always(False)
    assert actor.country is not None
    return all_of(visibility(actor), Equals("owner_country", actor.country))


def may_create(actor: Actor, kind: str, owner_country: str) -> bool:
    if not may_write_as(actor) or owner_country != actor.country or held(actor, Gated.CREATE_RECORDS):
        return False
    return actor.unit is None or kind in actor.unit.databases


# ---- the two readings ---------------------------------------------------------------------


def visible_q(actor: Actor, model: type[models.Model]) -> Q:
    return visibility(actor).to_q(model)


def changeable_q(actor: Actor, model: type[models.Model]) -> Q:
    return changeability(actor).to_q(model)


def can_see(actor: Actor, facts: AccessFacts) -> bool:
    return visibility(actor).holds(facts)


def can_change(actor: Actor, facts: AccessFacts) -> bool:
    return changeability(actor).holds(facts)


def visible_ids(actor: Actor, facts_by_id: Iterable[tuple[int, AccessFacts]]) -> list[int]:
    rule = visibility(actor)
    return [pk for pk, facts in facts_by_id if rule.holds(facts)]


def reads_audit_details(actor: Actor) -> bool:
    """Whether the actor reads what an audited act was about (which record, what was searched).

    That is for the secretariat's data-protection officer. Anyone else who reads the audit
    log, such as the system administrator, sees who did what kind of act, when and from
    where, and nothing of its object."""
    return actor.role == Role.DATA_PROTECTION_OFFICER and actor.is_secretariat and actor.token_scopes is None
