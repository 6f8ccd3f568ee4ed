"""Who owns which mailbox, who may write to whom, and who is a member today.

Membership follows the network: the active people (not machine accounts) of a bureau, or
of an active unit, or, for the General Secretariat's mailbox ("secretariat"), its
reviewers (not its analysts, data protection officers or system administrators: they do
not correspond with bureaus). Nothing here is cached, so a member removed in the network
loses access to the mailbox at once.

Bureaus write to each other and to the secretariat, the secretariat to bureaus; a unit
writes within its own country (its bureau decides its links), never to the secretariat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext, gettext_lazy

from polnet.core.actor import Actor, Role
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.messaging.models import Mailbox
from polnet.network.models import Bureau, Unit, User

MESSAGES_SCOPE = "messages"
SECRETARIAT_ADDRESS = "secretariat"
SECRETARIAT_MEMBERS = frozenset({Role.SECRETARIAT_REVIEWER})
# What an address looks like (a page offering one checks it before using it).
ADDRESS = re.compile(r"^(bureau:[A-Z]{2}|unit:[1-9][0-9]{0,17}|secretariat)$")


@dataclass(frozen=True)
class Place:
    """A bureau or unit that has (or will have) a mailbox."""

    address: str
    name: str
    kind: str  # "bureau", "unit" or "secretariat"
    country: str
    bureau: Bureau | None = None
    unit: Unit | None = None


def bureau_address(country: str) -> str:
    return f"bureau:{country}"


def unit_address(unit_id: int) -> str:
    return f"unit:{unit_id}"


def uid(actor: Actor) -> int:
    """The acting person's id; every messaging act is by a signed-in person or their token."""
    if actor.user_id is None:
        raise Forbidden(
            gettext_lazy("Messages are exchanged between bureaus and units; you have no mailbox."),
            code="mailbox_none",
        )
    return actor.user_id


def _require_messaging(actor: Actor) -> None:
    if actor.token_scopes is not None and all(s.value != MESSAGES_SCOPE for s in actor.token_scopes):
        raise Forbidden(gettext_lazy("This token may not use messages."), code="messages_scope")


def place_of(actor: Actor) -> Place:
    """The mailbox the actor reads and writes for; refuses those who have none."""
    _require_messaging(actor)
    if actor.user_id is None or (actor.country is None and actor.role not in SECRETARIAT_MEMBERS):
        raise Forbidden(
            gettext_lazy("Messages are exchanged between bureaus and units; you have no mailbox."),
            code="mailbox_none",
        )
    user = User.objects.select_related("bureau", "unit__bureau").get(pk=actor.user_id)
    if user.is_machine or not user.is_active:
        raise Forbidden(gettext_lazy("Machine accounts have no mailbox."), code="mailbox_machine")
    return _place_of_user(user)


def _place_of_user(user: User) -> Place:
    if user.unit is not None:
        if not user.unit.active:
            raise Forbidden(gettext_lazy("Your unit is not active."), code="unit_inactive")
        return _unit_place(user.unit)
    if user.bureau is not None:
        return _bureau_place(user.bureau)
    if user.role in SECRETARIAT_MEMBERS:
        return secretariat_place()
    raise Forbidden(gettext_lazy("You belong to no bureau or unit."), code="mailbox_no_place")


def _bureau_place(b: Bureau) -> Place:
    return Place(bureau_address(b.country_id), b.name, "bureau", b.country_id, bureau=b)


def secretariat_place() -> Place:
    return Place(SECRETARIAT_ADDRESS, gettext("General Secretariat"), "secretariat", "")


def _unit_place(u: Unit) -> Place:
    return Place(unit_address(u.pk), u.name, "unit", u.bureau.country_id, unit=u)


def resolve(address: str) -> Place:
    """A bureau or unit by address; unknown ones answer 404."""
    if address == SECRETARIAT_ADDRESS:
        return secretariat_place()
    kind, _, ref = address.partition(":")
    if kind == "bureau":
        b = Bureau.objects.filter(country_id=ref.upper()).first()
        if b is not None:
            return _bureau_place(b)
    elif kind == "unit" and ref.isdigit():
        u = Unit.objects.select_related("bureau").filter(pk=int(ref), active=True).first()
        if u is not None:
            return _unit_place(u)
    raise NotFound(
        gettext_lazy("No mailbox %(address)r."), code="mailbox_not_found", field="to", address=address
    )


def may_write_to(sender: Place, target: Place) -> bool:
    """Every bureau is reachable; a unit only from its own country (its bureau decides its
    links); the secretariat writes to bureaus and is written to by bureaus."""
    if target.address == sender.address:
        return False
    if "secretariat" in (sender.kind, target.kind):
        return "bureau" in (sender.kind, target.kind)
    return target.kind == "bureau" or target.country == sender.country


def reachable_places(sender: Place) -> list[Place]:
    places = [_bureau_place(b) for b in Bureau.objects.select_related("country").order_by("country_id")]
    places.append(secretariat_place())
    units = Unit.objects.select_related("bureau").filter(bureau__country_id=sender.country, active=True)
    places += [_unit_place(u) for u in units.order_by("name")]
    return [p for p in places if may_write_to(sender, p)]


def cannot_receive(address: str) -> InvalidInput:
    """The refusal for a mailbox without a key: the first sign-in of one of its members makes it."""
    try:
        name = resolve(address).name
    except NotFound:
        name = address
    return InvalidInput(
        gettext_lazy("%(name)s cannot receive yet: none of its members has signed in."),
        code="recipient_without_key",
        name=name,
    )


def mailbox_for(place: Place, *, create: bool = False) -> Mailbox | None:
    mailbox = Mailbox.objects.filter(address=place.address).first()
    if mailbox is None and create:
        mailbox = Mailbox.objects.create(address=place.address, bureau=place.bureau, unit=place.unit)
    return mailbox


def members_q(mailbox: Mailbox, prefix: str = "") -> Q:
    """The condition on a user (reached through `prefix`) for being a member of the mailbox today."""
    q = Q(**{f"{prefix}is_active": True, f"{prefix}is_machine": False})
    if mailbox.unit_id is not None:
        return q & Q(**{f"{prefix}unit_id": mailbox.unit_id, f"{prefix}unit__active": True})
    if mailbox.bureau_id is None:  # the secretariat's
        return q & secretariat_member_q(prefix)
    return q & Q(**{f"{prefix}bureau_id": mailbox.bureau_id, f"{prefix}unit__isnull": True})


def secretariat_member_q(prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}bureau__isnull": True,
            f"{prefix}unit__isnull": True,
            f"{prefix}role__in": [r.value for r in SECRETARIAT_MEMBERS],
        }
    )


def members(mailbox: Mailbox) -> QuerySet[User]:
    return User.objects.filter(members_q(mailbox)).order_by("username")
