"""Who plays in the demo's operations, and the few helpers both stories share: the demo
countries (those with sign-ins and posts), their people, records to target, and checks made
through the real screening services so that the watch list flags what it finds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import F, Model, QuerySet
from django.utils import timezone
from rich.console import Console

from polnet import synthetic
from polnet.core.actor import Actor
from polnet.core.purposes import Purpose
from polnet.network.actors import actor_for
from polnet.network.models import Country, Partner, PartnerKind, Unit, User
from polnet.operations.models import OperationHit
from polnet.records.models import Firearm, Person, TravelDocument, Vehicle
from polnet.screening import index as screening_index
from polnet.screening import services as screening
from polnet.screening.models import Hit

M = TypeVar("M", bound=Model)
PURPOSE = Purpose.BORDER_MANAGEMENT  # the operations' checks are made at borders and ports


def _latin_american(c: synthetic.Country) -> bool:
    spoken = {locale.split("_")[0] for locale, _share in c.locales}
    return c.continent == "SA" or (c.continent == "NA" and bool(spoken & {"es", "pt"}))


# The route of the drug story: where the cocaine leaves, where it transits, where it lands. The
# demo's countries take the roles they fit, the others in code order.
ROUTE: tuple[tuple[str, Callable[[synthetic.Country], bool]], ...] = (
    ("origin", _latin_american),
    ("transit", lambda c: c.continent == "AF"),
    ("destination", lambda c: c.continent == "EU"),
)


@dataclass
class Cast:
    console: Console
    countries: list[str]  # the three demo countries, in code order
    roles: dict[str, str]  # origin / transit / destination -> country code

    def say(self, line: str) -> None:
        self.console.print(f"Operations demo: {line}")

    def user(self, username: str) -> Actor:
        return actor_for(User.objects.get(username=username), origin="demo")

    def officer(self, cc: str) -> Actor:
        return self.user(f"{cc.lower()}-officer")

    def post(self, cc: str, kind: str) -> Actor:
        """The demo post of that country: "airport" or "border"."""
        return self.user(f"{cc.lower()}-{kind}")

    def units(self, cc: str) -> list[int]:
        return list(
            Unit.objects.filter(bureau__country_id=cc, active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def city(self, cc: str, n: int = 0) -> str:
        """A city of the country, for places; the country's name when the list does not know it."""
        try:
            cities = synthetic.countries.country(cc).cities
        except KeyError:
            return str(Country.objects.get(code=cc).name)
        return cities[n % len(cities)]


def cast(console: Console) -> Cast | None:
    """The demo's first three member countries with an officer, an airport and a land border."""
    members = list(Country.objects.filter(is_member=True).order_by("code").values_list("code", flat=True))[:3]
    wanted = {f"{cc.lower()}-{r}" for cc in members for r in ("officer", "airport", "border")}
    if len(members) < 3 or User.objects.filter(username__in=wanted).count() < len(wanted):
        return None
    roles: dict[str, str] = {}
    for role, fits in ROUTE:
        for cc in members:
            if (
                cc not in roles.values()
                and cc in synthetic.COUNTRY_CODES
                and fits(synthetic.countries.country(cc))
            ):
                roles[role] = cc
                break
    for role, _fits in ROUTE:
        if role not in roles:
            roles[role] = next(cc for cc in members if cc not in roles.values())
    return Cast(console, members, roles)


def observer() -> Partner | None:
    """An international organisation to observe, as UNODC did in Folosa."""
    kinds = [PartnerKind.UN_OFFICE, PartnerKind.INTERNATIONAL_ORGANISATION]
    partners = Partner.objects.filter(active=True, kind__in=kinds).order_by("pk")
    return partners.first()


# ---- records to target -------------------------------------------------------------------------


def pick(
    model: type[M], adder: Actor, checker: Actor, owners: list[str], skip: set[int], **where: Any
) -> M | None:
    """A record of one of `owners` that both the bureau adding it and the post checking it may
    read, active and shared with every member, not already picked."""
    mgr: Any = model._default_manager  # the records' manager, with `visible_to`
    seen_by_adder = mgr.visible_to(adder).values("pk")
    qs: QuerySet[Any] = mgr.visible_to(checker).filter(
        pk__in=seen_by_adder,
        owner_country_id__in=owners,
        restriction="all",
        bureau_only=False,
        state="active",
        record_status="active",
        **where,
    )
    found: M | None = qs.exclude(pk__in=skip).order_by("pk").first()
    return found


def demo_person(adder: Actor, checker: Actor, owners: list[str], skip: set[int]) -> Person | None:
    return pick(
        Person,
        adder,
        checker,
        owners,
        skip,
        dob_day__isnull=False,
        dob_month__isnull=False,
        dob_year__isnull=False,
    )


def demo_document(adder: Actor, checker: Actor, owners: list[str], skip: set[int]) -> TravelDocument | None:
    """A passport if there is one, else any travel document."""
    passport = pick(TravelDocument, adder, checker, owners, skip, kind="passport")
    return passport or pick(TravelDocument, adder, checker, owners, skip)


def demo_vehicle(adder: Actor, checker: Actor, owners: list[str], skip: set[int]) -> Vehicle | None:
    return pick(Vehicle, adder, checker, owners, skip, vin__regex=r"^.{17}$")


def demo_firearm(adder: Actor, checker: Actor, owners: list[str], skip: set[int]) -> Firearm | None:
    return pick(Firearm, adder, checker, owners, skip, serial_number__gt="")


# ---- checks, as a post or bureau makes them ----------------------------------------------------


def refresh_index() -> None:
    screening_index.current().refresh(force=True)  # the demo's records, in this process


@dataclass(frozen=True)
class Plate:
    """A number plate to check, of a vehicle the databases may not know."""

    text: str


def place(actor: Actor, where: str) -> str:
    """Where a check or seizure happened: at the actor's post, or (a bureau) as given."""
    unit = Unit.objects.filter(pk=actor.unit.unit_id).first() if actor.unit else None
    return f"{unit.name}, {where}" if unit else where


def check(actor: Actor, subject: Model | Plate | str, where: str) -> OperationHit | None:
    """Check a record, a plate or an identifier typed as a document number (a vessel's IMO
    number, a container's) the way the post or bureau would; the operation hit the watch list
    flagged for it, if any."""
    before = OperationHit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    location = place(actor, where)
    if isinstance(subject, str):
        screening.screen_document(actor, subject, None, location=location, purpose=PURPOSE)
    elif isinstance(subject, Plate):
        screening.screen_vehicle(actor, plate=subject.text, location=location, purpose=PURPOSE)
    elif isinstance(subject, Person):
        name = subject.names.filter(is_alias=False).order_by("position", "pk").first()
        query = screening.person_query(
            given=name.given if name else "",
            family=name.family if name else "",
            date_of_birth=subject.date_of_birth or "",
            sex=subject.sex if subject.sex in ("M", "F") else "",
        )
        screening.screen_person(actor, query, location=location, purpose=PURPOSE)
    elif isinstance(subject, TravelDocument):
        screening.screen_document(
            actor, subject.number, subject.issuing_country_id, location=location, purpose=PURPOSE
        )
    elif isinstance(subject, Vehicle):
        screening.screen_vehicle(actor, vin=subject.vin, location=location, purpose=PURPOSE)
    elif isinstance(subject, Firearm):
        screening.screen_firearm(
            actor, serial=subject.serial_number, make=subject.make, location=location, purpose=PURPOSE
        )
    return OperationHit.objects.filter(pk__gt=before).order_by("pk").first()


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def move_hit(found: OperationHit, when: dt.datetime) -> OperationHit:
    """Move an operation hit (and the screening hit under it, with its deadline) to the time the
    story has it happen. The only write around the services, and only of times: the checks
    themselves stay in the query log at the time they were made."""
    delta = found.at - when
    OperationHit.objects.filter(pk=found.pk).update(at=when)
    if found.hit_id is not None:
        Hit.objects.filter(pk=found.hit_id).update(at=F("at") - delta, due_at=F("due_at") - delta)
    found.refresh_from_db()
    return found
