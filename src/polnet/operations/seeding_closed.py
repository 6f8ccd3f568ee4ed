"""The demo's finished operation, modelled on Operation Folosa (UNODC and INTERPOL, 2015):
cocaine moved from Latin America to Europe through Africa; nearly 170 kg seized, worth about
EUR 10 million, with cash, gold coins and stolen payment cards.

The secretariat coordinates, the three demo countries take part with their airports and land
borders, an international organisation observes. Each bureau puts its own records on the watch
list, the secretariat a vessel and a shipping container. During the active phase the posts and
bureaus check them through the screening services, the watch list flags the hits and the
owners confirm them; the reports that follow carry the seizures and arrests. Then the operation
closes and the secretariat releases its public summary.

Each step is done once: a run that finds a step done goes on to the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from polnet.core.actions import HitAction
from polnet.core.actor import Actor
from polnet.operations.models import CrimeArea, Operation, OperationHit, Phase, Target, TargetKind
from polnet.operations.plan import services as plan
from polnet.operations.plan import targets
from polnet.operations.reports import services as reports
from polnet.operations.seeding_cast import (
    Cast,
    at,
    check,
    demo_document,
    demo_person,
    demo_vehicle,
    move_hit,
    observer,
    place,
    refresh_index,
)
from polnet.records.models import Person, TravelDocument, Vehicle
from polnet.screening import confirmation
from polnet.screening.models import Hit, HitState

CODE_NAME = "Tidewater"
SUMMARY = (
    "Cocaine shipped from Latin America to Europe through West African ports and airports: "
    "containers, a general cargo ship and air couriers. Checks at the participating posts "
    "against the persons, documents and vehicles the bureaus named, a vessel and a container."
)
RATES = {"USD": Decimal("0.92"), "XOF": Decimal("0.00152449")}  # euros per unit
VESSEL, CONTAINER = "IMO 9316488", "TGHU 482715 0"

# When each check of the story happened: (day of the active phase, hour, minute).
WHEN = {
    "container": (2, 6, 40),
    "vehicle": (3, 14, 5),
    "courier": (5, 7, 15),
    "vessel": (6, 22, 30),
    "document": (8, 9, 50),
    "companion": (8, 9, 54),
    "contact": (10, 18, 20),
}


@dataclass
class _Op:
    cast: Cast
    op: Operation

    def when(self, key: str, later: dt.timedelta = dt.timedelta()) -> dt.datetime:
        day, hour, minute = WHEN[key]
        return at(self.op.active_on + dt.timedelta(days=day), hour, minute) + later


def _dates() -> dict[str, dt.date]:
    today = timezone.localdate()
    return {
        "prepares_on": today - dt.timedelta(days=70),
        "active_on": today - dt.timedelta(days=49),
        "active_until": today - dt.timedelta(days=36),
        "closes_on": today - dt.timedelta(days=21),
    }


def _record_targets(cast: Cast, op: Operation) -> None:
    """Each bureau names its own records: whom and what its partners' posts should look for."""
    o, t, d = cast.roles["origin"], cast.roles["transit"], cast.roles["destination"]
    plans: list[tuple[str, Any, str, str, str, str, str]] = [
        # (kind, picker, owner, checking post's country, post, action, notes); the persons in
        # this order: the courier, the companion, the contact (`_checks` reads them so)
        ("person", demo_person, o, t, "airport", HitAction.ARREST, "Suspected air courier."),
        ("person", demo_person, t, d, "airport", HitAction.SPECIFIC_CHECK, "Travels with the couriers."),
        ("person", demo_person, d, o, "airport", HitAction.DISCREET_CHECK, "Books the couriers' flights."),
        ("document", demo_document, t, d, "airport", HitAction.SEIZE, "Used by one of the couriers."),
        ("vehicle", demo_vehicle, o, o, "border", HitAction.SEIZE, "Carries the proceeds across."),
    ]
    for kind, picker, owner, where, post, action, notes in plans:
        adder = cast.officer(owner)
        rec = picker(adder, cast.post(where, post), [owner], set(_ids(op, kind)))
        if rec is not None:
            targets.add_target(adder, op, kind=kind, record_id=rec.pk, action=action, notes=notes)


def _ids(op: Operation, kind: str) -> list[int]:
    rows = Target.objects.filter(operation=op, kind=kind).order_by("pk").values_list("record_id", flat=True)
    return [r for r in rows if r is not None]


def _plan(cast: Cast, gs: Actor) -> Operation:
    with transaction.atomic():
        op = plan.create_operation(
            gs,
            code_name=CODE_NAME,
            crime_area=CrimeArea.DRUGS,
            handling_code="H2",
            summary=SUMMARY,
            **_dates(),
        )
        for cc in cast.countries:
            plan.set_participant(gs, op, cc, cast.units(cc))
        partner = observer()
        if partner is not None:
            plan.add_observer(gs, op, partner.pk)
        for currency, rate in RATES.items():
            plan.set_rate(gs, op, currency, rate)
        targets.add_target(
            gs,
            op,
            kind=TargetKind.VESSEL,
            identifier=VESSEL,
            action=HitAction.SPECIFIC_CHECK,
            notes="General cargo ship; calls at West African ports on its way north.",
        )
        targets.add_target(
            gs,
            op,
            kind=TargetKind.CONTAINER,
            identifier=CONTAINER,
            action=HitAction.SEIZE,
            notes="Declared as frozen fruit; booked to a consignee in Europe.",
        )
        _record_targets(cast, op)
    targets_n = op.targets.count()
    cast.say(f"{CODE_NAME} planned by the secretariat with {', '.join(cast.countries)}, {targets_n} targets.")
    return op


def _checks(s: _Op) -> None:
    """What the posts and bureaus checked during the active phase, flagged by the watch list."""
    cast, op = s.cast, s.op
    o, t, d = cast.roles["origin"], cast.roles["transit"], cast.roles["destination"]
    persons = dict(zip(("courier", "companion", "contact"), _ids(op, "person"), strict=False))
    records: dict[str, Any] = {k: Person.objects.get(pk=pk) for k, pk in persons.items()}
    for key, model in (("document", TravelDocument), ("vehicle", Vehicle)):
        ids = _ids(op, key)
        if ids:
            records[key] = model.objects.get(pk=ids[0])
    port_o, port_t = f"Port of {cast.city(o)}", f"Port of {cast.city(t, 1)}"
    checks: list[tuple[str, Actor, Any, str]] = [
        ("container", cast.officer(o), CONTAINER.replace(" ", ""), f"{port_o}, container terminal"),
        ("vehicle", cast.post(o, "border"), records.get("vehicle"), "lane 2, outbound"),
        ("courier", cast.post(t, "airport"), records.get("courier"), "arrivals, passport control"),
        ("vessel", cast.officer(t), VESSEL.replace(" ", ""), f"{port_t}, outer anchorage"),
        ("document", cast.post(d, "airport"), records.get("document"), "arrivals, passport control"),
        ("companion", cast.post(d, "airport"), records.get("companion"), "arrivals, passport control"),
        ("contact", cast.post(o, "airport"), records.get("contact"), "departures, gate 14"),
    ]
    refresh_index()
    flagged = 0
    for key, actor, subject, where in checks:
        if subject is None:
            continue
        found = check(actor, subject, where)
        if found is None:
            continue
        found = move_hit(found, s.when(key))
        flagged += 1
        hit = Hit.objects.get(pk=found.hit_id) if found.hit_id else None
        if hit is not None and hit.owner_country_id in cast.countries:  # the owner confirms
            owner = cast.officer(hit.owner_country_id)
            confirmation.answer_hit(
                owner, hit.pk, HitState.CONFIRMED, now=s.when(key, dt.timedelta(minutes=50))
            )
    cast.say(f"{CODE_NAME}: {flagged} hits flagged by the watch list during the active phase.")


def _hit(op: Operation, key: str, s: _Op) -> OperationHit | None:
    return OperationHit.objects.filter(operation=op, at=s.when(key)).first()


def _drugs(kg: str, value: str, currency: str, description: str) -> dict[str, Any]:
    return {
        "category": "drugs",
        "drug_type": "cocaine",
        "quantity": kg,
        "quantity_unit": "kg",
        "value": value,
        "currency": currency,
        "description": description,
    }


def _line(
    category: str, quantity: str, unit: str, value: str, currency: str, description: str
) -> dict[str, Any]:
    return {
        "category": category,
        "quantity": quantity,
        "quantity_unit": unit,
        "value": value,
        "currency": currency,
        "description": description,
    }


def _reports(s: _Op) -> None:
    """The seizures and arrests, each report filed by the bureau or post that made them."""
    cast, op = s.cast, s.op
    o, t, d = cast.roles["origin"], cast.roles["transit"], cast.roles["destination"]
    courier = _hit(op, "courier", s)
    courier_id = courier.target.record_id if courier else None
    courier_cc = Person.objects.get(pk=courier_id).owner_country_id if courier_id else o
    filed: list[tuple[str, Actor, str, dt.timedelta, list[dict[str, Any]], list[dict[str, Any]], str]] = [
        (
            "container",
            cast.officer(o),
            f"Port of {cast.city(o)}, container terminal",
            dt.timedelta(hours=3),
            [_drugs("124.500", "8000000", "USD", "104 bricks behind the cooling unit of the container")],
            [{"nationality": "CO"}, {"nationality": "CO"}, {"nationality": o, "notes": "Freight forwarder"}],
            "The container was scanned, opened and the load replaced before it was sealed again.",
        ),
        (
            "vehicle",
            cast.post(o, "border"),
            place(cast.post(o, "border"), "lane 2, outbound"),
            dt.timedelta(minutes=40),
            [_line("cash", "1", "piece", "18500000", "XOF", "Banknotes in the spare wheel")],
            [{"nationality": "VE"}, {"nationality": o}],
            "The driver and his passenger were bringing the proceeds of an earlier load back.",
        ),
        (
            "courier",
            cast.post(t, "airport"),
            place(cast.post(t, "airport"), "arrivals, passport control"),
            dt.timedelta(minutes=30),
            [
                _drugs("31.200", "2030000", "USD", "In the lining of two suitcases"),
                _line("cash", "1", "piece", "48500", "USD", "Banknotes in a money belt"),
            ],
            [
                {"nationality": courier_cc, "person_record_id": courier_id, "notes": "The courier"},
                {"nationality": "NG", "notes": "Waited for the courier in the arrivals hall"},
            ],
            "",
        ),
        (
            "vessel",
            cast.officer(t),
            f"Port of {cast.city(t, 1)}, outer anchorage",
            dt.timedelta(hours=9),
            [_line("cash", "1", "piece", "12000", "USD", "In the master's cabin")],
            [{"nationality": n, "notes": "Crew"} for n in ("CO", "VE", "GH", "ES")],
            "The ship was boarded at anchor; the load had been transferred to the container.",
        ),
        (
            "document",
            cast.post(d, "airport"),
            place(cast.post(d, "airport"), "arrivals, passport control"),
            dt.timedelta(hours=1),
            [
                _drugs("12.600", "450000000", "XOF", "Body packs carried by two passengers"),
                _line("gold", "36", "piece", "79200", "EUR", "Gold coins (one ounce) sewn into a jacket"),
                _line("payment_cards", "214", "piece", "", "", "Stolen payment cards, cloned"),
            ],
            [{"nationality": n} for n in ("GH", "NG", "PT")],
            "The travel document on the watch list was shown by a passenger of a flight from West Africa.",
        ),
    ]
    for key, actor, where, after, seizures, arrests, notes in filed:
        hit = _hit(op, key, s)
        reports.file_report(
            actor,
            op.pk,
            place=where,
            occurred_at=s.when(key, after),
            seizures=seizures,
            arrests=arrests,
            operation_hit=hit.pk if hit else None,
            record_kind="",
            record_id=None,
            notes=notes,
        )
    cast.say(f"{CODE_NAME}: {len(filed)} field reports with seizures and arrests.")


def seed_closed(cast: Cast, gs: Actor) -> Operation:
    existing = Operation.objects.filter(code_name__iexact=CODE_NAME).first()
    op = existing or _plan(cast, gs)
    s = _Op(cast, op)
    if op.phase == Phase.PREPARATION:
        op = plan.move_phase(gs, op, Phase.ACTIVE)
    if not op.hits.exists() and op.phase == Phase.ACTIVE:
        _checks(s)
    if not op.reports.exists() and op.phase == Phase.ACTIVE:
        _reports(s)
    for phase in (Phase.CLOSING, Phase.CLOSED):  # the coordinator winds it up, then closes it
        if plan.PHASE_ORDER.index(Phase(op.phase)) < plan.PHASE_ORDER.index(phase):
            op = plan.move_phase(gs, op, phase)
    if op.public_summary is None:
        op = reports.release_summary(gs, op.pk)
        cast.say(f"{CODE_NAME}: closed, public summary released at /operations/public/{CODE_NAME}/.")
    elif existing is not None:
        cast.say(f"{CODE_NAME} already present.")
    return op
