"""The demo's operation in its active phase, around today, so the live board has something
to show: the first demo country's bureau coordinates firearms checks with the two others; a
person, a firearm and a rented van's number plate are on the watch list; today's checks at the
posts found all three, and the airport that found the firearm reported its seizure and an arrest.

Each step is done once: a run that finds a step done goes on to the next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from polnet.core.actions import HitAction
from polnet.core.actor import Actor
from polnet.operations.models import CrimeArea, Operation, Phase, Target, TargetKind
from polnet.operations.plan import services as plan
from polnet.operations.plan import targets
from polnet.operations.reports import services as reports
from polnet.operations.seeding_cast import Cast, Plate, check, demo_firearm, demo_person, place, refresh_index
from polnet.records.models import Firearm, Person

CODE_NAME = "Kestrel"
SUMMARY = (
    "Handguns and their parts carried in luggage and rented vans across the participating "
    "countries' airports and land borders."
)
PLATE = "GH-604-RT"  # a rented van, on the watch list as an operation-only plate


def _dates() -> dict[str, dt.date]:
    today = timezone.localdate()
    return {
        "prepares_on": today - dt.timedelta(days=12),
        "active_on": today - dt.timedelta(days=2),
        "active_until": today + dt.timedelta(days=5),
        "closes_on": today + dt.timedelta(days=19),
    }


def _plan(cast: Cast, coordinator: str) -> Operation:
    """The coordinating bureau plans; each partner bureau names a record of its own."""
    lead = cast.officer(coordinator)
    others = [cc for cc in cast.countries if cc != coordinator]
    with transaction.atomic():
        op = plan.create_operation(
            lead,
            code_name=CODE_NAME,
            crime_area=CrimeArea.FIREARMS,
            handling_code="H1",
            summary=SUMMARY,
            **_dates(),
        )
        for cc in cast.countries:
            plan.set_participant(lead, op, cc, cast.units(cc))
        taken = Target.objects.filter(kind__in=["person", "firearm"], record_id__isnull=False)
        skip = {int(pk) for pk in taken.values_list("record_id", flat=True) if pk is not None}
        person = demo_person(cast.officer(others[0]), cast.post(others[0], "airport"), [others[0]], skip)
        if person is not None:
            targets.add_target(
                cast.officer(others[0]),
                op,
                kind="person",
                record_id=person.pk,
                action=HitAction.SPECIFIC_CHECK,
            )
        firearm = demo_firearm(cast.officer(others[1]), cast.post(others[1], "airport"), [others[1]], skip)
        if firearm is not None:
            targets.add_target(
                cast.officer(others[1]), op, kind="firearm", record_id=firearm.pk, action=HitAction.SEIZE
            )
        targets.add_target(
            lead,
            op,
            kind=TargetKind.PLATE,
            identifier=PLATE,
            action=HitAction.LOCATE,
            notes="Rented van; the renter's documents were false.",
        )
        op = plan.move_phase(lead, op, Phase.ACTIVE)
    cast.say(
        f"{CODE_NAME} planned by {coordinator} with {', '.join(others)}, active until {op.active_until}."
    )
    return op


def _record(op: Operation, kind: str) -> Any:
    model = Person if kind == "person" else Firearm
    target = op.targets.filter(kind=kind).order_by("pk").first()
    return model.objects.filter(pk=target.record_id or 0).first() if target else None


def _checks(cast: Cast, op: Operation, coordinator: str) -> None:
    """Today's checks at the posts: the van at the coordinator's border, the person and the
    firearm at the two other airports."""
    others = [cc for cc in cast.countries if cc != coordinator]
    refresh_index()
    checks: list[tuple[Actor, Any, str]] = [
        (cast.post(coordinator, "border"), Plate(PLATE), "lane 1, inbound"),
        (cast.post(others[0], "airport"), _record(op, "person"), "departures, gate 3"),
        (cast.post(others[1], "airport"), _record(op, "firearm"), "baggage screening, hall B"),
    ]
    flagged = sum(check(actor, subject, where) is not None for actor, subject, where in checks if subject)
    cast.say(f"{CODE_NAME}: {flagged} hits flagged today by the watch list.")


def _report(cast: Cast, op: Operation, coordinator: str) -> None:
    """The airport that found the firearm seizes it and arrests its carrier."""
    airport = cast.post([cc for cc in cast.countries if cc != coordinator][1], "airport")
    hit = op.hits.filter(target__kind="firearm").order_by("pk").first()
    firearm = _record(op, "firearm")
    what = f"{firearm.make} {firearm.model}" if firearm else "Handgun"
    reports.file_report(
        airport,
        op.pk,
        place=place(airport, "baggage screening, hall B"),
        occurred_at=timezone.now(),
        seizures=[
            {
                "category": "firearms",
                "quantity": "1",
                "quantity_unit": "piece",
                "description": f"{what} and ammunition, in checked luggage",
            }
        ],
        arrests=[{"nationality": airport.country, "notes": "The passenger who checked the bag in"}],
        operation_hit=hit.pk if hit else None,
        record_kind="",
        record_id=None,
        notes="The serial number matched the operation's target.",
    )
    cast.say(
        f"{CODE_NAME}: a seizure and an arrest reported; the live board is at /operations/{op.pk}/board/."
    )


def _coordinator(cast: Cast) -> str:
    return cast.countries[0]  # the demo's first country


def seed_active(cast: Cast) -> Operation:
    coordinator = _coordinator(cast)
    existing = Operation.objects.filter(code_name__iexact=CODE_NAME).first()
    op = existing or _plan(cast, coordinator)
    if op.phase != Phase.ACTIVE:
        if existing is not None:
            cast.say(f"{CODE_NAME} already present.")
        return op
    if not op.hits.exists():
        _checks(cast, op, coordinator)
    if not op.reports.exists():
        _report(cast, op, coordinator)
    elif existing is not None:
        cast.say(f"{CODE_NAME} already present.")
    return op
