"""The operation's plan: create and change it, its participants and their posts, its observers,
its phases and its exchange rates. Every act is audited; every refusal names its reason;
an operation the actor does not take part in answers NotFound (`operations/policy.py`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import list_currencies
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.network.models import Bureau, Country, Partner, Unit, UnitKind
from polnet.operations import policy
from polnet.operations.models import CrimeArea, ExchangeRate, Operation, Participant, Phase
from polnet.records.models import HandlingCode

PHASE_ORDER = [Phase.PREPARATION, Phase.ACTIVE, Phase.CLOSING, Phase.CLOSED]
PLAN_FIELDS = (
    "code_name",
    "crime_area",
    "summary",
    "handling_code",
    "prepares_on",
    "active_on",
    "active_until",
    "closes_on",
)
DATE_FIELDS = ("prepares_on", "active_on", "active_until", "closes_on")
KIND_ORDER = {kind: n for n, kind in enumerate(UnitKind.values)}  # the picker groups posts by kind


def user_id(actor: Actor) -> int:
    if actor.user_id is None:  # the system actor plans nothing
        raise Forbidden(_("You may not start an operation."), code="operation_plan_forbidden")
    return actor.user_id


def get_operation(actor: Actor, op: Operation | int, *, for_update: bool = False) -> Operation:
    """The one way to load an operation: one the actor does not take part in does not exist."""
    pk = op.pk if isinstance(op, Operation) else op
    qs = policy.visible_operations(actor).select_related("coordinator")
    if for_update:
        qs = Operation.objects.select_for_update().filter(pk__in=qs.values("pk"))
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such operation."), code="operation_not_found")
    return found


def require_participant(actor: Actor, operation: Operation) -> None:
    """What names people or places (targets, field reports' CSV) exists only for who reads the
    operation's personal data: an observer meets the same 404 as an outsider, on the pages and
    through the API alike."""
    if not policy.reads_personal_data(actor, operation):
        raise NotFound(_("No such operation."), code="operation_not_found")


def _coordinated(actor: Actor, op: Operation | int, *, open_only: bool = True) -> Operation:
    operation = get_operation(actor, op, for_update=True)
    if not policy.coordinates(actor, operation):
        raise Forbidden(
            _("Only the operation's coordinator may change its plan."), code="operation_not_coordinator"
        )
    if open_only and operation.phase == Phase.CLOSED:
        raise Conflict(_("The operation is closed; its plan no longer changes."), code="operation_closed")
    return operation


def _check_plan(data: dict[str, Any], *, exclude: int | None = None) -> None:
    name = str(data.get("code_name", "")).strip()
    if not name:
        raise InvalidInput(
            _("Give the operation a code name."), code="operation_code_name_missing", field="code_name"
        )
    taken = Operation.objects.filter(code_name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise Conflict(
            _("This code name is already in use."), code="operation_code_name_taken", field="code_name"
        )
    if data.get("crime_area") not in CrimeArea.values:
        raise InvalidInput(_("Choose a crime area."), code="operation_crime_area", field="crime_area")
    if data.get("handling_code") not in HandlingCode.values:
        raise InvalidInput(
            _("Choose a handling code."), code="operation_handling_code", field="handling_code"
        )
    dates = [data.get(f) for f in DATE_FIELDS]
    if not all(isinstance(d, date) for d in dates):
        raise InvalidInput(_("Give the four dates of the plan."), code="operation_dates_missing")
    if dates != sorted(dates):  # type: ignore[type-var]
        raise InvalidInput(
            _("The dates must follow each other: preparation, active from, active until, closing."),
            code="operation_dates_order",
        )


def require_may_plan(actor: Actor) -> None:
    """Refuse, before reading any input, someone who may not start an operation."""
    if not policy.may_plan(actor):
        raise Forbidden(_("You may not start an operation."), code="operation_plan_forbidden")


def create_operation(actor: Actor, **data: Any) -> Operation:
    """A new operation in preparation, coordinated by the actor's bureau (or the secretariat)."""
    require_may_plan(actor)
    data = {k: data[k] for k in PLAN_FIELDS if k in data}
    data["code_name"] = str(data.get("code_name", "")).strip()
    data.setdefault("handling_code", HandlingCode.H1)
    _check_plan(data)
    with transaction.atomic():
        coordinator = None if actor.is_secretariat else Bureau.objects.get(country_id=actor.country)
        op = Operation.objects.create(coordinator=coordinator, created_by_id=user_id(actor), **data)
        if coordinator is not None:  # the coordinating country takes part, and may put posts on it
            Participant.objects.create(operation=op, country_id=coordinator.country_id)
        audit.log(actor, audit.Action.CREATE, "operation", op.pk, detail={"code_name": op.code_name})
    return op


def update_plan(actor: Actor, op: Operation | int, **changes: Any) -> Operation:
    with transaction.atomic():
        operation = _coordinated(actor, op)
        data = {f: getattr(operation, f) for f in PLAN_FIELDS} | {
            k: v for k, v in changes.items() if k in PLAN_FIELDS
        }
        data["code_name"] = str(data["code_name"]).strip()
        _check_plan(data, exclude=operation.pk)
        changed = sorted(f for f in PLAN_FIELDS if getattr(operation, f) != data[f])
        for f in changed:
            setattr(operation, f, data[f])
        operation.save()
        audit.log(actor, audit.Action.UPDATE, "operation", operation.pk, detail={"changed": changed})
    return operation


def _member(code: str) -> Country:
    country = Country.objects.filter(code=str(code).upper(), is_member=True, bureau__isnull=False).first()
    if country is None:
        raise InvalidInput(
            _("This country is not a member of the network."),
            code="operation_country_not_member",
            field="country",
        )
    return country


def _posts(country: Country, unit_ids: Iterable[int]) -> list[Unit]:
    ids = sorted({int(u) for u in unit_ids})
    units = list(Unit.objects.filter(pk__in=ids, bureau__country=country, active=True))
    if len(units) != len(ids):
        raise InvalidInput(
            _("Each post must be an active unit of that country's bureau."),
            code="operation_unit_invalid",
            field="units",
        )
    return units


def member_countries() -> list[Country]:
    """The countries the coordinator may add: members of the network with a bureau."""
    return list(Country.objects.filter(is_member=True, bureau__isnull=False).order_by("name"))


def post_choices(actor: Actor, op: Operation | int, country: str) -> tuple[Country, list[Unit], set[int]]:
    """What the coordinator picks a country's posts from: its bureau's active units (by kind,
    then name) and those the country already puts on the operation."""
    operation = get_operation(actor, op)
    if not policy.coordinates(actor, operation):
        raise Forbidden(
            _("Only the operation's coordinator may change its plan."), code="operation_not_coordinator"
        )
    member = _member(country)
    units = sorted(
        Unit.objects.filter(bureau__country=member, active=True),
        key=lambda u: (KIND_ORDER.get(u.kind, len(KIND_ORDER)), u.name.casefold()),
    )
    chosen = set(
        Participant.units.through.objects.filter(
            participant__operation=operation, participant__country=member
        ).values_list("unit_id", flat=True)
    )
    return member, units, chosen


def set_participant(
    actor: Actor, op: Operation | int, country: str, unit_ids: Iterable[int] = ()
) -> Participant:
    """Add a participating country, or replace the posts it puts on the operation."""
    with transaction.atomic():
        operation = _coordinated(actor, op)
        member = _member(country)
        units = _posts(member, unit_ids)
        participant, created = Participant.objects.get_or_create(operation=operation, country=member)
        participant.units.set(units)
        audit.log(
            actor,
            audit.Action.CREATE if created else audit.Action.UPDATE,
            "operation_participant",
            participant.pk,
            detail={"operation": operation.pk, "country": member.code, "units": [u.pk for u in units]},
        )
    return participant


def remove_participant(actor: Actor, op: Operation | int, country: str) -> None:
    with transaction.atomic():
        operation = _coordinated(actor, op)
        if operation.coordinator is not None and operation.coordinator.country_id == str(country).upper():
            raise Conflict(
                _("The coordinating country cannot leave its operation."), code="operation_coordinator_leaves"
            )
        participant = Participant.objects.filter(operation=operation, country_id=str(country).upper()).first()
        if participant is None:
            raise NotFound(
                _("This country does not take part in the operation."), code="operation_participant_not_found"
            )
        audit.log(
            actor,
            audit.Action.DELETE,
            "operation_participant",
            participant.pk,
            detail={"operation": operation.pk, "country": participant.country_id},
        )
        participant.delete()


def add_observer(actor: Actor, op: Operation | int, partner_id: int) -> Partner:
    with transaction.atomic():
        operation = _coordinated(actor, op)
        partner = Partner.objects.filter(pk=partner_id, active=True).first()
        if partner is None:
            raise InvalidInput(
                _("Observers are active partner organisations."),
                code="operation_observer_invalid",
                field="partner",
            )
        operation.observers.add(partner)
        audit.log(
            actor, audit.Action.GRANT, "operation_observer", partner.pk, detail={"operation": operation.pk}
        )
    return partner


def remove_observer(actor: Actor, op: Operation | int, partner_id: int) -> None:
    with transaction.atomic():
        operation = _coordinated(actor, op)
        if not operation.observers.filter(pk=partner_id).exists():
            raise NotFound(
                _("This organisation does not observe the operation."), code="operation_observer_not_found"
            )
        operation.observers.remove(partner_id)
        audit.log(
            actor, audit.Action.REVOKE, "operation_observer", partner_id, detail={"operation": operation.pk}
        )


def move_phase(actor: Actor, op: Operation | int, to: str) -> Operation:
    """Phases only move forward, one or more steps, by the coordinator."""
    with transaction.atomic():
        operation = _coordinated(actor, op, open_only=False)
        if to not in Phase.values:
            raise InvalidInput(_("There is no such phase."), code="operation_phase_unknown", field="phase")
        if PHASE_ORDER.index(Phase(to)) <= PHASE_ORDER.index(Phase(operation.phase)):
            raise Conflict(
                _("An operation's phases only move forward."), code="operation_phase_backward", field="phase"
            )
        before = operation.phase
        operation.phase = to
        operation.save(update_fields=["phase"])
        audit.log(
            actor, audit.Action.UPDATE, "operation_phase", operation.pk, detail={"from": before, "to": to}
        )
    return operation


def set_rate(
    actor: Actor, op: Operation | int, currency: str, eur_per_unit: Decimal | str | float
) -> ExchangeRate:
    """The rate the operation values `currency` at, in euros per unit; EUR is always 1."""
    code = str(currency).strip().upper()
    if code == "EUR":
        raise InvalidInput(
            _("The euro is always worth one euro."), code="operation_rate_eur", field="currency"
        )
    if code not in list_currencies():
        raise InvalidInput(
            _("This is not an ISO 4217 currency code."), code="operation_rate_currency", field="currency"
        )
    try:
        rate = Decimal(str(eur_per_unit))
    except InvalidOperation:
        rate = Decimal(0)
    if not rate.is_finite() or rate <= 0 or rate >= Decimal("1e10"):
        raise InvalidInput(
            _("A rate is a number of euros greater than zero."),
            code="operation_rate_value",
            field="eur_per_unit",
        )
    with transaction.atomic():
        operation = _coordinated(actor, op)
        row, _created = ExchangeRate.objects.update_or_create(
            operation=operation, currency=code, defaults={"eur_per_unit": rate, "set_by_id": user_id(actor)}
        )
        audit.log(
            actor,
            audit.Action.UPDATE,
            "operation_rate",
            operation.pk,
            detail={"currency": code, "eur_per_unit": str(rate)},
        )
    return row


def rate_for(operation: Operation, currency: str) -> Decimal | None:
    """Euros per unit of `currency` in this operation (1 for EUR, None if not set)."""
    if currency.upper() == "EUR":
        return Decimal(1)
    row = operation.rates.filter(currency=currency.upper()).first()
    return row.eur_per_unit if row else None
