"""The demo's learning centre: partner organisations and their people, the secretariat's
trainer, courses in several languages, a workshop, certificates, a certification gate and a
capacity-building plan whose indicators come from the demo's own activity.

Called by `polnet demo` after the data-protection demo, once (it stops if the partners exist).
"""

from __future__ import annotations

from django.db import transaction
from rich.console import Console

from polnet.core.actor import Role, system_actor
from polnet.network.models import Partner, PartnerKind, User
from polnet.network.services import add_totp_device, create_partner, create_user

# (name, short name, kind, seat)
DEMO_PARTNERS = (
    ("OSCE Transnational Threats Department", "OSCE TNTD", PartnerKind.INTERNATIONAL_ORGANISATION, "AT"),
    ("Regional police academy", "Academy", PartnerKind.POLICE_ACADEMY, ""),
)
# (username, role, partner's short name or "" for the secretariat, first name, last name)
DEMO_PEOPLE = (
    ("gs-trainer", Role.TRAINER, "", "Amina", "Haddad"),
    ("osce-trainer", Role.TRAINER, "OSCE TNTD", "Jonas", "Weber"),
    ("academy-member", Role.PARTNER, "Academy", "Lucía", "Moreno"),
)


def seed_partners(password: str) -> dict[str, Partner]:
    """The demo's partner organisations and the learning centre's demo sign-ins."""
    sysadmin = system_actor("demo")
    partners: dict[str, Partner] = {}
    for name, short, kind, seat in DEMO_PARTNERS:
        existing = Partner.objects.filter(name=name).first()
        partners[short] = existing or create_partner(
            sysadmin, name, kind=kind, short_name=short, country_code=seat
        )
    for username, role, short, first, last in DEMO_PEOPLE:
        if User.objects.filter(username=username).exists():
            continue
        user = create_user(
            sysadmin,
            username=username,
            password=password,
            role=role,
            partner=partners[short] if short else None,
            first_name=first,
            last_name=last,
        )
        add_totp_device(user)
    return partners


def seed_demo_training(console: Console, password: str) -> None:
    if User.objects.filter(username="academy-member").exists():
        console.print("Learning centre demo already present.")
        return
    with transaction.atomic():
        seed_partners(password)
    console.print("Learning centre: partner organisations and their people.")
