"""The sandbox's synthetic network: built in memory from `polnet.synthetic` with a fixed seed.

Nothing here is read from the live databases. A few hundred persons, travel documents and
vehicles, owned by fictitious training bureaus, each with the action its owner asks for on a
hit; beside them, the planted subjects of the exercises (`exercises.py`). The indexes are the
real engine classes, so names, transliterations, OCR confusions and check digits behave as
they do at the border.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache

from polnet.core.actions import OBJECT_ACTIONS, PERSON_ACTIONS, HitAction
from polnet.identifiers.documents import normalise_country
from polnet.identifiers.mrz import check_digit
from polnet.screening.engine.documents import DocumentRow
from polnet.screening.engine.engines import Engines
from polnet.screening.engine.person.dates import PartialDate
from polnet.screening.engine.person.types import NameEntry, PersonRow
from polnet.screening.engine.vehicles import VehicleRow
from polnet.synthetic import generate

SEED = 20_260_101
SIZES = {"persons": 240, "documents": 160, "vehicles": 120}
KINDS = ("person", "document", "vehicle")
Facts = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SandboxRecord:
    """One record of the synthetic world as a trainee may open it."""

    kind: str
    id: int
    owner: str  # the owner bureau's country (alpha-2), a fictitious training bureau
    action: str  # what the owner asks on a hit (`core.actions.HitAction`)
    facts: Facts  # (field code, value) as shown on the record
    holder: int | None = None  # a document's holder: a person id of this world

    @property
    def ref(self) -> str:
        return f"SBX-{self.kind[0].upper()}-{self.id:04d}"

    def fact(self, code: str) -> str:
        return dict(self.facts).get(code, "")


@dataclass(frozen=True)
class Passport:
    """A passport data page as the trainee is handed it."""

    surname: str
    given_names: str
    number: str
    nationality: str  # alpha-3, as printed
    birth: str  # YYMMDD
    sex: str
    expiry: str  # YYMMDD

    @property
    def mrz(self) -> tuple[str, str]:
        """The two lines of a TD3 machine-readable zone, with their check digits."""
        name = f"{self.surname}<<{self.given_names.replace(' ', '<')}".upper()
        line1 = f"P<{self.nationality}{name}".ljust(44, "<")[:44]
        number = self.number.ljust(9, "<")
        optional = "<" * 14
        parts = [
            number + check_digit(number),
            self.nationality,
            self.birth + check_digit(self.birth),
            self.sex,
            self.expiry + check_digit(self.expiry),
            optional + check_digit(optional),
        ]
        composite = parts[0] + parts[2] + parts[4] + parts[5]
        return line1, "".join(parts) + check_digit(composite)


@dataclass(frozen=True)
class Planted:
    """The subjects the exercises hand the trainee, by their ids in the world."""

    passport: Passport
    passport_document: int
    passport_holder: int
    traveller_name: str  # the wanted person's name spelled another way
    traveller_birth: str
    wanted: int
    decoys: tuple[int, ...]
    vin_read: str  # as read at the border, an O for a 0
    vehicle: int
    fugitive: int
    stolen_card: int  # the identity card whose owner the trainee tells of a hit
    stolen_card_number: str


@dataclass
class World:
    records: dict[tuple[str, int], SandboxRecord] = field(default_factory=dict)
    rows: dict[str, list[object]] = field(default_factory=lambda: {k: [] for k in KINDS})
    engines: Engines = field(default_factory=Engines.empty)
    planted: Planted | None = None

    def record(self, kind: str, record_id: int) -> SandboxRecord | None:
        return self.records.get((kind, record_id))

    def add(self, record: SandboxRecord, row: object) -> None:
        self.records[(record.kind, record.id)] = record
        self.rows[record.kind].append(row)

    def next_id(self, kind: str) -> int:
        return len(self.rows[kind]) + 1


def _dob(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    return PartialDate(year, month, day if month else None) if year else None


def _dob_text(year: int | None, month: int | None, day: int | None) -> str:
    if not year:
        return ""
    return "-".join(f"{v:02d}" for v in (year, month, day) if v)


def _person(
    world: World,
    owner: str,
    action: str,
    names: tuple[NameEntry, ...],
    dob: tuple[int, int, int],
    sex: str,
    nationality: str,
) -> int:
    pid = world.next_id("person")
    facts: Facts = (
        ("name", " / ".join(n.text for n in names)),
        ("date_of_birth", _dob_text(*dob)),
        ("sex", sex),
        ("nationality", nationality),
    )
    row = PersonRow(pid, names, _dob(*dob), sex, (nationality,))
    world.add(SandboxRecord("person", pid, owner, action, facts), row)
    return pid


def _synthetic(world: World, rng: random.Random) -> None:
    net = generate(SIZES["persons"], SIZES["documents"], SIZES["vehicles"], 0, 0, 8, seed=SEED)
    for p in net.persons():
        names = tuple(NameEntry(n.given, n.family, n.full, n.script, n.is_alias) for n in p.names)
        pid = world.next_id("person")
        dob = (p.dob_year, p.dob_month, p.dob_day)
        facts: Facts = (
            ("name", " / ".join(n.text for n in names)),
            ("date_of_birth", _dob_text(*dob)),
            ("sex", p.sex),
            ("nationality", ", ".join(p.nationalities)),
        )
        row = PersonRow(pid, names, _dob(*dob), p.sex, p.nationalities, p.identifiers)
        world.add(SandboxRecord("person", pid, p.owner_country, rng.choice(PERSON_ACTIONS), facts), row)
    for d in net.documents():
        did = world.next_id("document")
        holder = d.holder + 1 if d.holder is not None else None
        facts = (
            ("number", d.number),
            ("issuing_country", d.issuing_country),
            ("kind", d.kind),
            ("status", d.status),
        )
        doc_row = DocumentRow(did, d.number, normalise_country(d.issuing_country), d.kind, d.status)
        world.add(
            SandboxRecord("document", did, d.owner_country, rng.choice(OBJECT_ACTIONS), facts, holder),
            doc_row,
        )
    for v in net.vehicles():
        vid = world.next_id("vehicle")
        facts = (
            ("vin", v.vin),
            ("plate", v.plate),
            ("make", v.make),
            ("model", v.model),
            ("colour", v.colour),
        )
        vehicle_row = VehicleRow(vid, v.vin, v.plate, v.plate_country, v.make, v.model)
        world.add(SandboxRecord("vehicle", vid, v.owner_country, HitAction.SEIZE, facts), vehicle_row)


def _plant(world: World) -> Planted:
    """The exercises' subjects: fixed, so every trainee meets the same cases."""
    ar = (NameEntry("Karim", "Benali", script="Latn"), NameEntry(full="كريم بن علي", script="Arab"))
    holder = _person(world, "FR", HitAction.ARREST, ar, (1986, 2, 19), "M", "MA")
    passport = Passport("BENALI", "KARIM", "18FK52736", "MAR", "860219", "M", "310611")
    did = world.next_id("document")
    facts: Facts = (
        ("number", passport.number),
        ("issuing_country", "MA"),
        ("kind", "passport"),
        ("status", "revoked"),
    )
    world.add(
        SandboxRecord("document", did, "FR", HitAction.SEIZE, facts, holder),
        DocumentRow(did, passport.number, "MAR", "passport", "revoked"),
    )
    # The wanted man in Cyrillic and its passport spelling, and two men who share the name.
    ru = (NameEntry("Дмитрий", "Соколов", script="Cyrl"), NameEntry("Dmitrii", "SOKOLOV", script="Latn"))
    wanted = _person(world, "RU", HitAction.DISCREET_CHECK, ru, (1981, 3, 14), "M", "RU")
    decoys = (
        _person(
            world,
            "US",
            HitAction.LOCATE,
            (NameEntry("Dmitry", "Sokolov", script="Latn"),),
            (1979, 11, 2),
            "M",
            "RU",
        ),
        _person(
            world,
            "IN",
            HitAction.INQUIRY_CHECK,
            (NameEntry("Dmitri", "Sokolov", script="Latn"),),
            (1985, 6, 30),
            "M",
            "UA",
        ),
    )
    vin = "1M8GDM9AXKP042788"  # its check digit (X) is valid
    vid = world.next_id("vehicle")
    facts = (
        ("vin", vin),
        ("plate", "AB-123-CD"),
        ("make", "Mercury"),
        ("model", "MC-12"),
        ("colour", "white"),
    )
    world.add(
        SandboxRecord("vehicle", vid, "BR", HitAction.SEIZE, facts),
        VehicleRow(vid, vin, "AB123CD", "FR", "Mercury", "MC-12"),
    )
    es = (NameEntry("Lucía", "Ferrer Ibáñez", script="Latn"),)
    fugitive = _person(world, "ES", HitAction.LOCATE, es, (1990, 9, 4), "F", "ES")
    card = "A04417362"
    cid = world.next_id("document")
    facts = (("number", card), ("issuing_country", "NG"), ("kind", "id_card"), ("status", "stolen"))
    world.add(
        SandboxRecord("document", cid, "NG", HitAction.SEIZE, facts),
        DocumentRow(cid, card, "NGA", "id_card", "stolen"),
    )
    return Planted(
        passport,
        did,
        holder,
        "Dmitriy Sokolov",
        "1981-03-14",
        wanted,
        decoys,
        vin[:11] + "O" + vin[12:],
        vid,
        fugitive,
        cid,
        card,
    )


def owners() -> tuple[str, ...]:
    """The training bureaus of the world, by country: whom a trainee may write to."""
    return tuple(sorted({r.owner for r in world().records.values()}))


@lru_cache(maxsize=1)
def world() -> World:
    """The one world of this process: the same seed always gives the same records."""
    built = World()
    _synthetic(built, random.Random(SEED))
    built.planted = _plant(built)
    rows = built.rows
    built.engines = Engines.build(lambda kind: rows.get(kind, []))
    return built


def planted() -> Planted:
    found = world().planted
    assert found is not None  # set when the world is built
    return found
