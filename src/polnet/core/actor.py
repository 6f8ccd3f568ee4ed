"""The acting party of every service call: a person or a machine client, with its affiliation.

Services receive an Actor explicitly; nothing reads a global "current user".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Role(enum.StrEnum):
    BUREAU_OFFICER = "bureau_officer"
    BUREAU_ADMIN = "bureau_admin"
    UNIT_OFFICER = "unit_officer"
    SECRETARIAT_REVIEWER = "secretariat_reviewer"
    ANALYST = "analyst"
    DATA_PROTECTION_OFFICER = "dpo"
    SYSTEM_ADMIN = "sysadmin"
    # The learning centre's people (`polnet.training`): a trainer of the secretariat or of a
    # partner organisation, and a partner organisation's member. Neither reads police data.
    TRAINER = "trainer"
    PARTNER = "partner"


# Roles whose work is training and capacity building only: no records, notices, messages,
# hits or analysis, whatever their affiliation (`core/policy.py`, `network/web.py`).
LEARNING_ONLY_ROLES = frozenset({Role.TRAINER, Role.PARTNER})


class ResultLevel(enum.StrEnum):
    """What an extended-access unit may see of a record it hits."""

    HIT_ONLY = "hit_only"
    FULL = "full"


class TokenScope(enum.StrEnum):
    """What a machine token may do; every API operation declares the one scope it needs."""

    RECORDS_READ = "records:read"
    RECORDS_WRITE = "records:write"
    # Bulk sync from a national system (`polnet.feeds`): with records:write, a batch of
    # creations, changes and deletions, and a full sync's deletions.
    RECORDS_IMPORT = "records:import"
    SCREENING = "screening"
    MESSAGES = "messages"
    # Analysis projects, their graph, trends and reports; what they show is still what the
    # token's holder may read.
    ANALYSIS = "analysis"
    # The data-protection officer's console and individuals' requests (`polnet.dataprotection`).
    DATA_PROTECTION = "data_protection"
    # The learning centre: catalogue, enrolments, certificates, learning statements.
    TRAINING = "training"
    # Joint operations: plans, targets, the live board, field reports of seizures and arrests.
    OPERATIONS = "operations"
    # An airline's check of one passenger before boarding: a status and a reference, nothing
    # of any record (`screening/carrier.py`). A carrier's token holds this scope alone.
    CARRIER_CHECK = "carrier:check"
    # Units, users and tokens of a bureau. Never granted unless asked for by name, and only
    # by a person signed in with the second factor: a leaked token must not own its bureau.
    NETWORK_ADMIN = "network:admin"


class Gated(enum.StrEnum):
    """What a bureau, or the secretariat for the whole network, may make wait for a
    certificate (`core/gates.py`)."""

    CONSULT = "consult"  # search and read the databases, run checks
    CREATE_RECORDS = "create_records"
    REQUEST_NOTICES = "request_notices"


@dataclass(frozen=True, slots=True)
class Hold:
    """One activity the person may not do yet, and the course whose certificate opens it."""

    activity: Gated
    course_id: int
    course_title: str


@dataclass(frozen=True, slots=True)
class UnitScope:
    unit_id: int
    kind: str
    databases: frozenset[str]
    result_level: ResultLevel
    may_write: bool


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    username: str
    role: Role
    country: str | None  # ISO alpha-2 of the bureau (or of the unit's bureau); None: secretariat
    bureau_id: int | None = None
    unit: UnitScope | None = None
    # A machine client's token narrows what the user may do; None means a signed-in person.
    token_scopes: frozenset[TokenScope] | None = None
    origin: str = "unknown"  # client address, "cli" or "job"
    request_id: str = ""
    # The purpose a search states when it states none (`core/purposes.py`): a machine token's,
    # set by its bureau, or a passenger list's, stated at the upload. Empty: each search states it.
    default_purpose: str = ""
    # A partner organisation's person (a regional police body, a UN office, an academy):
    # no country, and not the secretariat either.
    partner_id: int | None = None
    # What the person may not do until they hold a course's valid certificate (`core/gates.py`).
    holds: frozenset[Hold] = frozenset()
    extras: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_secretariat(self) -> bool:
        return self.country is None and self.partner_id is None

    @property
    def handles_police_data(self) -> bool:
        """Whether the actor's role works with police data at all (learners and trainers do not)."""
        return self.role not in LEARNING_ONLY_ROLES and self.partner_id is None

    @property
    def affiliation(self) -> str:
        if self.unit is not None:
            return f"unit:{self.unit.unit_id}"
        if self.bureau_id is not None:
            return f"bureau:{self.country}"
        if self.partner_id is not None:
            return f"partner:{self.partner_id}"
        return "secretariat"

    def allows_scope(self, scope: TokenScope) -> bool:
        return self.token_scopes is None or scope in self.token_scopes


def system_actor(origin: str = "cli") -> Actor:
    """The operator acting from the command line: may manage the network, reads no records."""
    return Actor(user_id=None, username="system", role=Role.SYSTEM_ADMIN, country=None, origin=origin)
