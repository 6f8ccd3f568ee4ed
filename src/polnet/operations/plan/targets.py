"""What an operation looks for: records of the databases, notices, and operation-only
identifiers (a vessel's IMO number, a container number, a number plate, anything else),
each with the action to take on a hit. `normalised` is the form the watch list compares."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actions import HitAction
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.identifiers.errors import InputRefused
from polnet.identifiers.shipping import normalise_container, normalise_imo
from polnet.notices.reading import get_notice
from polnet.operations import policy
from polnet.operations.models import RECORD_TARGETS, Operation, Phase, Target, TargetKind
from polnet.operations.plan.services import get_operation, user_id
from polnet.records import services as records

OPERATION_ONLY = frozenset({TargetKind.VESSEL, TargetKind.CONTAINER, TargetKind.PLATE, TargetKind.OTHER})
_PLATE_STRIP = re.compile(r"[\s\-]+")


def _vessel(text: str) -> str:
    try:
        return normalise_imo(text)
    except InputRefused as refused:
        if refused.code == "imo_check_digit":
            raise InvalidInput(
                _("The IMO number's check digit does not match."),
                code="target_imo_check_digit",
                field="identifier",
            ) from None
        raise InvalidInput(
            _("An IMO number is 'IMO' and seven digits, e.g. IMO 9074729."),
            code="target_imo_format",
            field="identifier",
        ) from None


def _container(text: str) -> str:
    try:
        return normalise_container(text)
    except InputRefused as refused:
        if refused.code == "container_check_digit":
            raise InvalidInput(
                _("The container number's check digit does not match."),
                code="target_container_check_digit",
                field="identifier",
            ) from None
        raise InvalidInput(
            _("A container number is four letters (the last U, J or Z) and seven digits."),
            code="target_container_format",
            field="identifier",
        ) from None


def normalised(kind: str, text: str) -> str:
    """An operation-only identifier as stored and compared: IMO9074729, CSQU3054383, AB123CD."""
    if kind == TargetKind.VESSEL:
        return _vessel(text)
    if kind == TargetKind.CONTAINER:
        return _container(text)
    value = _PLATE_STRIP.sub("", text).upper() if kind == TargetKind.PLATE else " ".join(text.split()).upper()
    if not value:
        raise InvalidInput(_("Give the identifier."), code="target_identifier_missing", field="identifier")
    if len(value) > 100:
        raise InvalidInput(
            _("The identifier is too long."), code="target_identifier_long", field="identifier"
        )
    return value


def visible_targets(actor: Actor, operation: Operation) -> QuerySet[Target]:
    return Target.objects.filter(policy.targets_q(actor, operation))


def _record_label(actor: Actor, kind: str, record_id: int) -> str:
    rec: Any = records.get_record(actor, kind, record_id)  # hidden and absent answer NotFound
    if kind == TargetKind.PERSON:
        born = rec.date_of_birth
        return f"{rec} ({born})" if born else str(rec)
    if kind == TargetKind.DOCUMENT:
        return f"{rec.get_kind_display()} {rec.issuing_country_id} {rec.number}"
    if kind == TargetKind.VEHICLE:
        return " ".join(p for p in (rec.make, rec.model, rec.vin, rec.plate) if p)
    return f"{rec.make} {rec.model} #{rec.serial_number}"


def _notice_label(actor: Actor, notice_id: int) -> str:
    notice = get_notice(actor, notice_id)
    person = notice.persons.first()
    return f"{notice.get_kind_display()} {notice.reference}" + (f" - {person}" if person else "")


def add_target(
    actor: Actor,
    op: Operation | int,
    *,
    kind: str,
    action: str,
    record_id: int | None = None,
    identifier: str = "",
    notes: str = "",
) -> Target:
    """A record or notice by its id, or an operation-only identifier, with the action on a hit."""
    if kind not in TargetKind.values:
        raise InvalidInput(_("Choose what kind of target this is."), code="target_kind", field="kind")
    if action not in HitAction.values:
        raise InvalidInput(_("Choose the action to take on a hit."), code="target_action", field="action")
    with transaction.atomic():
        operation = get_operation(actor, op, for_update=True)
        if not policy.may_add_targets(actor, operation):
            raise Forbidden(_("You may not add targets to this operation now."), code="target_add_forbidden")
        fields: dict[str, Any] = {"record_id": None, "identifier": ""}
        if kind in OPERATION_ONLY:
            fields["identifier"] = normalised(kind, identifier)
            fields["label"] = fields["identifier"]
            taken = Target.objects.filter(operation=operation, kind=kind, identifier=fields["identifier"])
        else:
            if record_id is None:
                raise InvalidInput(
                    _("Give the record's or notice's number."),
                    code="target_record_missing",
                    field="record_id",
                )
            fields["record_id"] = int(record_id)
            if kind in RECORD_TARGETS:
                fields["label"] = _record_label(actor, kind, int(record_id))
            else:
                fields["label"] = _notice_label(actor, int(record_id))
            taken = Target.objects.filter(operation=operation, kind=kind, record_id=record_id)
        if taken.exists():
            raise Conflict(_("This is already a target of the operation."), code="target_duplicate")
        target = Target.objects.create(
            operation=operation,
            kind=kind,
            action=action,
            notes=notes.strip(),
            added_by_id=user_id(actor),
            added_by_country_id=actor.country,
            label=fields.pop("label")[:200],
            **fields,
        )
        audit.log(
            actor,
            audit.Action.CREATE,
            "operation_target",
            target.pk,
            detail={"operation": operation.pk, "kind": kind, "record_id": target.record_id},
        )
    return target


def remove_target(actor: Actor, op: Operation | int, target_id: int) -> None:
    """The coordinator removes any target; a participating bureau its own, during preparation."""
    with transaction.atomic():
        operation = get_operation(actor, op, for_update=True)
        target = visible_targets(actor, operation).filter(pk=target_id).first()
        if target is None:
            raise NotFound(_("There is no such target."), code="target_not_found")
        own = (
            policy.standing(actor, operation) == policy.Standing.PARTICIPANT
            and target.added_by_country_id == actor.country
            and operation.phase == Phase.PREPARATION
        )
        if not (own or (policy.coordinates(actor, operation) and operation.phase != Phase.CLOSED)):
            raise Forbidden(_("You may not remove this target."), code="target_remove_forbidden")
        if target.hits.exists():
            raise Conflict(_("A target that was hit stays on the operation."), code="target_was_hit")
        audit.log(
            actor,
            audit.Action.DELETE,
            "operation_target",
            target.pk,
            detail={"operation": operation.pk, "kind": target.kind, "record_id": target.record_id},
        )
        target.delete()
