"""Fill a database with a deterministic synthetic network, and the demo's users.

Rows come from the framework-free generator in `polnet.synthetic`; they are written
with bulk inserts in chunks, each chunk in one transaction with its audit entry.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from django.db import connection, transaction
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from polnet import synthetic
from polnet.core import audit
from polnet.core.actions import HitAction, default_action
from polnet.core.actor import Actor, Role, system_actor
from polnet.core.policy import Restriction
from polnet.core.review import latest_review_date
from polnet.network.actors import actor_for
from polnet.network.models import Bureau, Country, User
from polnet.network.services import add_totp_device, create_bureau, create_unit, create_user
from polnet.records.bulk import BulkInserter, reset_sequences
from polnet.records.kinds import normalise_number
from polnet.records.models import (
    Artwork,
    Firearm,
    Person,
    PersonName,
    Record,
    RecordChange,
    TravelDocument,
    Vehicle,
)

CHUNK = 5000
T = TypeVar("T")


@dataclass(frozen=True)
class SeedSizes:
    persons: int
    documents: int
    vehicles: int
    firearms: int
    artworks: int
    countries: int


DEMO_SIZES = SeedSizes(
    persons=3000, documents=15000, vehicles=3000, firearms=1500, artworks=300, countries=16
)


def _chunks(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(rows)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class _Access:
    """Deterministic access facts, so that the demo shows every kind of restriction."""

    def __init__(self, countries: Sequence[str], seed: int) -> None:
        self.countries = list(countries)
        self.rng = random.Random(seed * 7919 + 17)
        self.today = timezone.localdate()
        self.max_days = (latest_review_date(self.today) - self.today).days
        self._others: dict[str, list[str]] = {}

    def facts(self, owner: str, purpose: str) -> tuple[dict[str, Any], list[str]]:
        r = self.rng.random()
        others = self._others.get(owner)
        if others is None:
            others = self._others[owner] = [c for c in self.countries if c != owner]
        listed: list[str] = []
        restriction = Restriction.ALL_MEMBERS
        if r < 0.06 and others:
            restriction, listed = Restriction.ONLY_LISTED, self.rng.sample(others, min(2, len(others)))
        elif r < 0.10 and others:
            restriction, listed = Restriction.ALL_EXCEPT_LISTED, self.rng.sample(others, 1)
        fields = {
            "owner_country_id": owner,
            "purpose": purpose,
            "handling_code": self.rng.choices(["H0", "H1", "H2", "H3"], weights=[80, 8, 8, 4])[0],
            "source_reliability": self.rng.choice("ABBBCX"),
            "information_accuracy": self.rng.choice("12223"),
            "restriction": restriction.value,
            "bureau_only": self.rng.random() < 0.04,
            "review_date": self.today + timedelta(days=self.rng.randint(30, self.max_days)),
        }
        return fields, listed


class _Actions:
    """Deterministic actions on a hit, so that the demo shows each: mostly the default of the
    kind and purpose, some arrests on warrants, discreet checks and protected persons. Its own
    random stream, so the access facts stay as they were."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed * 104729 + 3)
        self.warrants = 0
        self.year = timezone.localdate().year

    def fields(self, kind: str, purpose: str, owner: str) -> dict[str, str]:
        action, reference, note = default_action(kind, purpose=purpose), "", ""
        r = self.rng.random()
        if kind == "person" and purpose == "locate_wanted" and r < 0.5:
            self.warrants += 1
            action = HitAction.ARREST
            reference = f"{owner}/AW/{self.year}/{self.warrants:05d} (Court of first instance)"
        elif kind == "person" and r < 0.15:
            action = HitAction.DISCREET_CHECK
            note = "Note the vehicle and who travels with the person."
        elif kind == "person" and purpose == "alert" and r < 0.35:
            action = HitAction.PROTECT
            note = "Missing person: do not tell anyone travelling with them."
        return {"hit_action": action, "hit_action_reference": reference, "hit_action_note": note}


def _importers(countries: Sequence[str]) -> dict[str, User]:
    """One machine account per bureau that owns what the seed imports."""
    sysadmin = system_actor("seed")
    out: dict[str, User] = {}
    for code in countries:
        bureau = Bureau.objects.filter(country_id=code).first() or create_bureau(sysadmin, code)
        user = User.objects.filter(username=f"ncb-{code.lower()}-import").first()
        if user is None:
            user = User(
                username=f"ncb-{code.lower()}-import",
                role=Role.BUREAU_OFFICER,
                bureau=bureau,
                is_machine=True,
            )
            user.set_unusable_password()
            user.save()
        out[code] = user
    return out


def _bulk(
    model: type[Record],
    rows: Sequence[tuple[dict[str, Any], list[str]]],
    actor: Actor,
    extra: Callable[[list[int]], None] | None = None,
) -> list[int]:
    """One chunk: the records, their listed countries, children, one change-feed range, one audit entry."""
    with transaction.atomic():
        if connection.vendor == "postgresql":  # ids are allocated here: keep other writers out
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {model._meta.db_table} IN EXCLUSIVE MODE")
        ids = BulkInserter(model).insert([r for r, _ in rows], allocate_ids=True)
        through: Any = model.listed_countries.through
        fk = f"{model._meta.model_name}_id"
        BulkInserter(through).insert(
            [{fk: pk, "country_id": c} for pk, (_, listed) in zip(ids, rows, strict=True) for c in listed]
        )
        if extra:
            extra(ids)
        RecordChange.objects.create(kind=model.RECORD_KIND, record_id=ids[0], last_record_id=ids[-1])
        audit.log(
            actor,
            audit.Action.BULK_CREATE,
            model.RECORD_KIND,
            f"{ids[0]}-{ids[-1]}",
            detail={"count": len(ids), "source": "seed"},
        )
    return ids


def _person(p: Any, fields: dict[str, Any]) -> dict[str, Any]:
    return dict(
        **fields,
        dob_year=p.dob_year,
        dob_month=p.dob_month,
        dob_day=p.dob_day,
        sex=p.sex,
        place_of_birth=p.place_of_birth,
        country_of_birth_id=p.country_of_birth or None,
        identifiers=[
            {"kind": "national_id", "value": v, "country": p.country_of_birth or p.owner_country}
            for v in p.identifiers
        ],
        distinguishing_marks=p.distinguishing_marks,
    )


def _person_children(ids: list[int], chunk: list[Any]) -> None:
    pairs = list(zip(ids, chunk, strict=True))
    BulkInserter(PersonName).insert(
        [
            {
                "person_id": pk,
                "position": i,
                "given": n.given,
                "family": n.family,
                "full": n.full,
                "script": n.script,
                "language": "",
                "is_alias": n.is_alias,
            }
            for pk, p in pairs
            for i, n in enumerate(p.names)
        ]
    )
    BulkInserter(Person.nationalities.through).insert(
        [{"person_id": pk, "country_id": c} for pk, p in pairs for c in dict.fromkeys(p.nationalities)]
    )


def _vehicle(v: Any, fields: dict[str, Any]) -> dict[str, Any]:
    return dict(
        **fields,
        vin=v.vin,
        plate=normalise_number(v.plate),
        plate_country_id=v.plate_country or None,
        make=v.make,
        model=v.model,
        colour=v.colour,
        year=v.year,
    )


def _firearm(f: Any, fields: dict[str, Any]) -> dict[str, Any]:
    return dict(
        **fields,
        make=f.make,
        model=f.model,
        calibre=f.calibre,
        serial_number=f.serial.upper(),
        kind=f.kind,
        status=f.status,
    )


def _artwork(a: Any, fields: dict[str, Any]) -> dict[str, Any]:
    return dict(
        **fields,
        title=a.title,
        artist=a.artist,
        category=a.category,
        period=a.period,
        dimensions=a.dimensions,
        description=a.description,
    )


PURPOSES = {
    "person": ("locate_wanted", "investigation", "identification", "alert"),
    "document": ("border_management",),
    "vehicle": ("investigation",),
    "firearm": ("investigation",),
    "artwork": ("investigation",),
}


def seed_network(sizes: SeedSizes, *, seed: int, console: Console | None = None) -> dict[str, int]:
    """Add bureaus and records; refuses a database that already holds records."""
    if any(m.objects.exists() for m in (Person, TravelDocument, Vehicle, Firearm, Artwork)):
        raise SystemExit(
            "This database already holds records; seed a fresh one (another POLNET_DATA_DIR or DATABASE_URL)."
        )
    console = console or Console()
    net = synthetic.generate(
        persons=sizes.persons,
        documents=sizes.documents,
        vehicles=sizes.vehicles,
        firearms=sizes.firearms,
        artworks=sizes.artworks,
        countries=sizes.countries,
        seed=seed,
    )
    importers = _importers(net.countries)
    actor = system_actor("seed")
    access = _Access(net.countries, seed)
    actions = _Actions(seed)
    purpose_rng = random.Random(seed)
    person_ids: list[int] = []

    def document(d: Any, fields: dict[str, Any]) -> dict[str, Any]:
        holder = person_ids[d.holder] if d.holder is not None and d.holder < len(person_ids) else None
        return dict(
            **fields,
            number=normalise_number(d.number),
            kind=d.kind,
            issuing_country_id=d.owner_country,
            status=d.status,
            date_reported=d.date_reported,
            holder_id=holder,
        )

    plan: list[
        tuple[str, type[Record], int, Iterable[Any], Callable[[Any, dict[str, Any]], dict[str, Any]], Any]
    ] = [
        ("persons", Person, sizes.persons, net.persons(), _person, _person_children),
        ("travel documents", TravelDocument, sizes.documents, net.documents(), document, None),
        ("vehicles", Vehicle, sizes.vehicles, net.vehicles(), _vehicle, None),
        ("firearms", Firearm, sizes.firearms, net.firearms(), _firearm, None),
        ("works of art", Artwork, sizes.artworks, net.artworks(), _artwork, None),
    ]
    counts: dict[str, int] = {}
    columns = (TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console) as progress:
        for label, model, total, source, build, children in plan:
            task = progress.add_task(label, total=total)
            ids: list[int] = []
            for chunk in _chunks(source, CHUNK):
                rows: list[tuple[dict[str, Any], list[str]]] = []
                for item in chunk:
                    purpose = purpose_rng.choice(PURPOSES[model.RECORD_KIND])
                    fields, listed = access.facts(item.owner_country, purpose)
                    fields.update(actions.fields(model.RECORD_KIND, purpose, item.owner_country))
                    fields["created_by_id"] = importers[item.owner_country].pk
                    rows.append((build(item, fields), listed))
                after = (
                    (lambda objs, chunk=chunk, children=children: children(objs, chunk)) if children else None
                )
                ids += _bulk(model, rows, actor, after)
                progress.advance(task, len(chunk))
            if model is Person:
                person_ids[:] = ids
            counts[label] = len(ids)
    reset_sequences([Person, PersonName, TravelDocument, Vehicle, Firearm, Artwork])
    summary = ", ".join(f"{n:,} {k}" for k, n in counts.items())
    console.print(f"Seeded: {summary} in {len(net.countries)} countries.")
    return counts


# ---- the demo ------------------------------------------------------------------------------


def _demo_user(actor: Actor, password: str, username: str, role: Role, **where: Any) -> User:
    user = create_user(actor, username=username, password=password, role=role, **where)
    add_totp_device(user)
    return user


def seed_demo_if_empty(*, password: str, sizes: SeedSizes, console: Console) -> None:
    """A seeded network with sign-ins for every role, made once."""
    if User.objects.filter(username="gs-reviewer").exists():
        console.print("Demo network already present.")
        return
    seed_network(sizes, seed=2026, console=console)
    sysadmin = system_actor("demo")
    members = list(Country.objects.filter(is_member=True).order_by("code").values_list("code", flat=True))
    with transaction.atomic():
        for code in members[:3]:
            bureau = Bureau.objects.get(country_id=code)
            cc = code.lower()
            admin = _demo_user(sysadmin, password, f"{cc}-admin", Role.BUREAU_ADMIN, bureau=bureau)
            a = actor_for(admin, origin="demo")
            _demo_user(a, password, f"{cc}-officer", Role.BUREAU_OFFICER, bureau=bureau)
            _demo_user(a, password, f"{cc}-analyst", Role.ANALYST, bureau=bureau)
            _demo_user(a, password, f"{cc}-dpo", Role.DATA_PROTECTION_OFFICER, bureau=bureau)
            airport = create_unit(
                a,
                bureau,
                name=f"{code} International Airport",
                kind="airport",
                databases=["person", "document", "vehicle", "firearm"],
                result_level="full",
            )
            border = create_unit(
                a,
                bureau,
                name=f"{code} Land Border Crossing",
                kind="border_crossing",
                databases=["person", "document", "vehicle"],
                result_level="hit_only",
            )
            _demo_user(a, password, f"{cc}-airport", Role.UNIT_OFFICER, unit=airport)
            _demo_user(a, password, f"{cc}-border", Role.UNIT_OFFICER, unit=border)
        for username, role in (
            ("gs-reviewer", Role.SECRETARIAT_REVIEWER),
            ("gs-analyst", Role.ANALYST),
            ("gs-dpo", Role.DATA_PROTECTION_OFFICER),
            ("sysadmin", Role.SYSTEM_ADMIN),
        ):
            _demo_user(sysadmin, password, username, role)


def demo_logins() -> list[tuple[str, str]]:
    out = []
    for u in (
        User.objects.filter(is_machine=False, totpdevice__isnull=False)
        .select_related("bureau", "unit__bureau", "partner")
        .order_by("username")
    ):
        where = u.unit.name if u.unit else (u.bureau.name if u.bureau else "General Secretariat")
        if u.partner is not None:
            where = u.partner.name
        out.append((u.username, f"{u.role.replace('_', ' ')} · {where}"))
    return out
