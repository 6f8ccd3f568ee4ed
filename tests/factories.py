"""Builds a test network through the real services, as an administrator would."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.test import Client
from django_otp.oath import totp

from polnet.core.actor import Actor, Role, system_actor
from polnet.network.actors import actor_for
from polnet.network.models import Bureau, Unit, User
from polnet.network.services import (
    add_totp_device,
    create_bureau,
    create_partner,
    create_unit,
    create_user,
    sync_countries,
)
from polnet.records import services as records

PASSWORD = "a-long-test-passphrase-42"
ALL_DATABASES = ["person", "document", "vehicle", "firearm", "artwork"]


@dataclass
class Network:
    bureaus: dict[str, Bureau] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def actor(self, name: str) -> Actor:
        return actor_for(self.users[name], origin="test")


MEMBERS = ("FR", "DE", "IT", "ES")
BUREAU_ROLES = (
    ("officer", Role.BUREAU_OFFICER),
    ("analyst", Role.ANALYST),
    ("dpo", Role.DATA_PROTECTION_OFFICER),
)
UNITS = (  # name, result level, databases, may write
    ("full", "full", ALL_DATABASES, False),
    ("hitonly", "hit_only", ALL_DATABASES, False),
    ("docsonly", "full", ["document"], False),
    ("writer", "full", ALL_DATABASES, True),
)
SECRETARIAT = (
    (Role.SECRETARIAT_REVIEWER, "gs-reviewer"),
    (Role.ANALYST, "gs-analyst"),
    (Role.DATA_PROTECTION_OFFICER, "gs-dpo"),
    (Role.SYSTEM_ADMIN, "gs-sysadmin"),
    (Role.TRAINER, "gs-course-trainer"),
)
# Every user of the network by its key in ``Network.users``, with the user name it signs in with.
USERNAMES = {
    **{
        f"{cc}-{who}": f"{cc.lower()}-{who}"
        for cc in MEMBERS
        for who in ("admin", *(name for name, _ in BUREAU_ROLES), *(f"unit-{u[0]}" for u in UNITS))
    },
    **{name: name for _, name in SECRETARIAT},
    "partner-member": "partner-member",
}


def network() -> Network:
    """The test network: the one the test session built (``tests/conftest.py``), or a new one
    where a test that commits emptied the database before."""
    return load_network() or build_network()


def load_network() -> Network | None:
    """The network :func:`build_network` left in the database, read afresh; None if it is not there."""
    # With what the built network's objects hold already, so a test counts the same queries.
    users = {
        u.username: u
        for u in User.objects.filter(username__in=USERNAMES.values()).select_related(
            "bureau__country", "unit__bureau__country", "partner"
        )
    }
    if len(users) < len(USERNAMES):
        return None
    net = Network()
    net.bureaus = {
        b.country_id: b for b in Bureau.objects.filter(country_id__in=MEMBERS).select_related("country")
    }
    units = Unit.objects.filter(bureau__country_id__in=MEMBERS).select_related("bureau__country")
    named = {u.name: u for u in units}
    net.units = {f"{cc}-{unit[0]}": named[f"{cc} {unit[0]}"] for cc in MEMBERS for unit in UNITS}
    net.users = {key: users[name] for key, name in USERNAMES.items()}
    return net


def build_network() -> Network:
    sync_countries()
    sysadmin = system_actor("test")
    net = Network()
    for cc in MEMBERS:
        net.bureaus[cc] = create_bureau(sysadmin, cc)
    for cc in MEMBERS:
        admin = create_user(
            sysadmin,
            username=USERNAMES[f"{cc}-admin"],
            password=PASSWORD,
            role=Role.BUREAU_ADMIN,
            bureau=net.bureaus[cc],
        )
        net.users[f"{cc}-admin"] = admin
        a = actor_for(admin, origin="test")
        for who, role in BUREAU_ROLES:
            net.users[f"{cc}-{who}"] = create_user(
                a, username=USERNAMES[f"{cc}-{who}"], password=PASSWORD, role=role, bureau=net.bureaus[cc]
            )
        for name, result_level, dbs, may_write in UNITS:
            unit = create_unit(
                a,
                net.bureaus[cc],
                name=f"{cc} {name}",
                kind="airport",
                databases=dbs,
                result_level=result_level,
                may_write=may_write,
            )
            net.units[f"{cc}-{name}"] = unit
            net.users[f"{cc}-unit-{name}"] = create_user(
                a,
                username=USERNAMES[f"{cc}-unit-{name}"],
                password=PASSWORD,
                role=Role.UNIT_OFFICER,
                unit=unit,
            )
    for role, name in SECRETARIAT:
        net.users[name] = create_user(sysadmin, username=name, password=PASSWORD, role=role)
    # A partner organisation (`docs/training.md`): it shares the learning centre, no police data.
    academy = create_partner(
        sysadmin, "Police academy of the test network", kind="police_academy", country_code="FR"
    )
    net.users["partner-member"] = create_user(
        sysadmin, username="partner-member", password=PASSWORD, role=Role.PARTNER, partner=academy
    )
    return net


def signed_in_client(user: User) -> Client:
    """A browser session that passed password and TOTP through the real sign-in page."""
    device = add_totp_device(user)
    client = Client()
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post("/login/", {"username": user.username, "password": PASSWORD, "otp_token": code})
    assert response.status_code == 302, response.content
    return client


def access(
    restriction: str = "all", listed: list[str] | None = None, bureau_only: bool = False
) -> dict[str, Any]:
    return {
        "purpose": "investigation",
        "restriction": restriction,
        "listed_countries": listed or [],
        "bureau_only": bureau_only,
        "review_date": date.today() + timedelta(days=365),
    }


SAMPLE_FIELDS: dict[str, dict[str, Any]] = {
    "person": {
        "names": [
            {"given": "Ivan", "family": "Ivanov", "script": "Latn"},
            {"given": "Иван", "family": "Иванов", "script": "Cyrl", "language": "ru"},
        ],
        "date_of_birth": "1974-08-12",
        "sex": "M",
        "nationalities": ["RU"],
    },
    "document": {
        "number": "L898902C3",
        "kind": "passport",
        "status": "stolen",
        "date_reported": date(2026, 1, 5),
    },
    "vehicle": {
        "vin": "1M8GDM9AXKP042788",
        "plate": "AB-123-CD",
        "plate_country": "FR",
        "make": "Motor Coach",
        "model": "MC-12",
    },
    "firearm": {
        "make": "Glock",
        "model": "17",
        "calibre": "9mm",
        "serial_number": "ABC123",
        "kind": "pistol",
        "status": "stolen",
    },
    "artwork": {"title": "View of Delft", "artist": "Unknown", "category": "painting"},
}

_counter = {"n": 0}


def make_record(owner: Actor, kind: str, **access_kwargs: Any) -> Any:
    data = {**SAMPLE_FIELDS[kind], **access(**access_kwargs)}
    if kind == "document":
        _counter["n"] += 1
        data["number"] = f"X{_counter['n']:08d}"
    return records.create_record(owner, kind, data)
