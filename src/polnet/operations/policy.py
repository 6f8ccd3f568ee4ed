"""Who sees and does what in a joint operation: the one place for it.

- The coordinator (the coordinating bureau's officers and administrators, or the secretariat's
  reviewers when the secretariat coordinates) plans, moves the phases, sets exchange rates,
  reads everything and releases the public summary.
- A participating country's bureau (officers, administrators, analysts) reads the operation,
  adds targets while it is prepared, and reports seizures and arrests.
- A participating post (a unit the country put on the operation) reads the targets of the
  databases its bureau opened to it (and the operation-only ones) and reports from the field.
- Partner organisations named as observers read the plan and the results' totals, nothing
  personal, and change nothing.
- Nobody else, the system administrator included, learns the operation exists.
- The operation's messages are exchanged by the bureaus of its countries (and the General
  Secretariat when it coordinates); posts and observers have no part in them.
"""

from __future__ import annotations

import enum

from django.db.models import Q, QuerySet

from polnet.analysis import policy as analysis_policy
from polnet.core.actor import Actor, Role, TokenScope
from polnet.messaging.mailboxes import SECRETARIAT_ADDRESS, bureau_address
from polnet.operations.models import RECORD_TARGETS, Operation, Phase, Target

BUREAU_MEMBERS = frozenset({Role.BUREAU_OFFICER, Role.BUREAU_ADMIN, Role.ANALYST})
COORDINATORS = frozenset({Role.BUREAU_OFFICER, Role.BUREAU_ADMIN})


class Standing(enum.Enum):
    COORDINATOR = "coordinator"
    PARTICIPANT = "participant"  # a participating country's bureau
    POST = "post"  # a participating unit
    OBSERVER = "observer"  # a partner organisation


def uses_operations(actor: Actor) -> bool:
    return actor.allows_scope(TokenScope.OPERATIONS) and actor.role != Role.SYSTEM_ADMIN


def operations_q(actor: Actor) -> Q:
    """The operations the actor takes part in, in any standing."""
    if not uses_operations(actor):
        return Q(pk__in=[])
    if actor.partner_id is not None:
        return Q(observers=actor.partner_id)
    if actor.is_secretariat:
        return Q(coordinator__isnull=True) if actor.role == Role.SECRETARIAT_REVIEWER else Q(pk__in=[])
    if actor.country is None:
        return Q(pk__in=[])
    if actor.unit is not None:
        return Q(participants__country_id=actor.country, participants__units=actor.unit.unit_id)
    if actor.role not in BUREAU_MEMBERS:
        return Q(pk__in=[])
    return Q(coordinator__country_id=actor.country) | Q(participants__country_id=actor.country)


def visible_operations(actor: Actor) -> QuerySet[Operation]:
    """The operations the actor takes part in, each once (the participants' join repeats rows)."""
    return Operation.objects.filter(pk__in=Operation.objects.filter(operations_q(actor)).values("pk"))


def standing(actor: Actor, operation: Operation) -> Standing | None:
    """The actor's standing in an operation it may see (callers load it through
    `visible_operations`, so a None here is only for the secretariat's other roles)."""
    if actor.partner_id is not None:
        return Standing.OBSERVER
    if actor.is_secretariat:
        return Standing.COORDINATOR if operation.coordinator_id is None else None
    if actor.unit is not None:
        return Standing.POST
    if operation.coordinator is not None and operation.coordinator.country_id == actor.country:
        return Standing.COORDINATOR if actor.role in COORDINATORS else Standing.PARTICIPANT
    return Standing.PARTICIPANT


def may_plan(actor: Actor) -> bool:
    """Starts an operation: a bureau's officer or administrator (their bureau coordinates), or a
    secretariat reviewer (the secretariat coordinates)."""
    if not uses_operations(actor) or actor.unit is not None or actor.partner_id is not None:
        return False
    if actor.is_secretariat:
        return actor.role == Role.SECRETARIAT_REVIEWER
    return actor.country is not None and actor.role in COORDINATORS


def coordinates(actor: Actor, operation: Operation) -> bool:
    return standing(actor, operation) == Standing.COORDINATOR


def reads_personal_data(actor: Actor, operation: Operation) -> bool:
    """Targets, hits, arrests and report details: everyone but observers."""
    return standing(actor, operation) in (Standing.COORDINATOR, Standing.PARTICIPANT, Standing.POST)


def may_add_targets(actor: Actor, operation: Operation) -> bool:
    """Participants' bureaus add targets while the operation is prepared (and the coordinator
    until it ends)."""
    where = standing(actor, operation)
    if where == Standing.COORDINATOR:
        return operation.phase in (Phase.PREPARATION, Phase.ACTIVE)
    return where == Standing.PARTICIPANT and operation.phase == Phase.PREPARATION


def targets_q(actor: Actor, operation: Operation) -> Q:
    """The targets the actor reads: all for the bureaus, a post's only those of its databases
    and the operation-only ones, none for observers."""
    where = standing(actor, operation)
    if where in (Standing.COORDINATOR, Standing.PARTICIPANT):
        return Q(operation=operation)
    if where == Standing.POST and actor.unit is not None:
        return Q(operation=operation) & _post_targets_q(actor, "")
    return Q(pk__in=[])


def _post_targets_q(actor: Actor, prefix: str) -> Q:
    """A post's targets: the record kinds of its databases, and the operation-only ones."""
    kinds = [k for k in RECORD_TARGETS if actor.unit is not None and k in actor.unit.databases]
    operation_only = Q(**{f"{prefix}record_id__isnull": True}) & ~Q(**{f"{prefix}kind": "notice"})
    return Q(**{f"{prefix}kind__in": kinds}) | operation_only


def operation_hits_q(actor: Actor) -> Q:
    """The operation hits the actor may open, as one condition without a query of its own (the
    inbox counts with it): those of its operations on targets it reads (`targets_q`); observers none."""
    if actor.partner_id is not None or not uses_operations(actor):
        return Q(pk__in=[])
    q = Q(operation__in=Operation.objects.filter(operations_q(actor)).values("pk"))
    if actor.unit is not None:
        q &= _post_targets_q(actor, "target__")
    return q


def may_report(actor: Actor, operation: Operation) -> bool:
    """Seizures and arrests are reported by the bureaus and posts taking part, while the operation
    is active or closing."""
    if actor.token_scopes is not None and TokenScope.OPERATIONS not in actor.token_scopes:
        return False
    where = standing(actor, operation)
    return where in (Standing.COORDINATOR, Standing.PARTICIPANT, Standing.POST) and operation.phase in (
        Phase.ACTIVE,
        Phase.CLOSING,
    )


def is_target_visible(actor: Actor, operation: Operation, target: Target) -> bool:
    return Target.objects.filter(targets_q(actor, operation), pk=target.pk).exists()


def offers_operations(actor: Actor) -> bool:
    """The main menu's link: bureau members, posts and secretariat reviewers (who may plan or
    take part), and partners' people (who may observe); never the system administrator."""
    if not uses_operations(actor):
        return False
    if actor.partner_id is not None:
        return True
    if actor.is_secretariat:
        return actor.role == Role.SECRETARIAT_REVIEWER
    return actor.country is not None and (actor.unit is not None or actor.role in BUREAU_MEMBERS)


def may_correct_report(actor: Actor, operation: Operation, report_country: str) -> bool:
    """A report is corrected by its reporting country's bureau (or the post that filed it, which
    `services` checks) while the operation is not closed."""
    if operation.phase == Phase.CLOSED or not may_report(actor, operation):
        return False
    return actor.unit is None and actor.country == report_country


def may_release_summary(actor: Actor, operation: Operation) -> bool:
    """The public summary is released by the coordinator once the operation closes."""
    return coordinates(actor, operation) and operation.phase in (Phase.CLOSING, Phase.CLOSED)


ANALYSED_PHASES = (Phase.CLOSING, Phase.CLOSED)


def may_open_analysis(actor: Actor, operation: Operation) -> bool:
    """An analysis project is opened from an operation once its active phase is over, by whom
    the analysis policy lets open projects (`analysis/policy.may_analyse`: analysts) among the
    bureaus taking part (the coordinating one included); never by posts or observers."""
    return (
        operation.phase in ANALYSED_PHASES
        and standing(actor, operation) in (Standing.COORDINATOR, Standing.PARTICIPANT)
        and analysis_policy.may_analyse(actor)
    )


def message_mailboxes(operation: Operation) -> frozenset[str]:
    """The mailboxes of the operation's thread: the bureaus of its countries (the coordinator's
    among them), and the secretariat's when it coordinates. Posts and observers have none."""
    countries = operation.participants.values_list("country_id", flat=True)
    out = {bureau_address(c) for c in countries}
    if operation.coordinator is not None:
        out.add(bureau_address(operation.coordinator.country_id))
    else:
        out.add(SECRETARIAT_ADDRESS)
    return frozenset(out)


def takes_part_in_messages(actor: Actor, operation: Operation) -> bool:
    """Reads and writes the operation's thread: its coordinator and participating bureaus."""
    return standing(actor, operation) in (Standing.COORDINATOR, Standing.PARTICIPANT)


def may_write_messages(actor: Actor, operation: Operation) -> bool:
    """Once closed, the operation's thread is read only."""
    return takes_part_in_messages(actor, operation) and operation.phase != Phase.CLOSED
