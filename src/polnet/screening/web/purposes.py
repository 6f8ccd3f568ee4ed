"""The purpose the check page offers first: the one the officer chose last in this session,
or else the usual purpose of the officer's unit.

A border crossing, airport, seaport or immigration service checks travellers to manage the
border; customs checks goods and people for security; a police unit looks for wanted
persons. A bureau's own staff check for many purposes and choose one each time.
"""

from __future__ import annotations

from django.http import HttpRequest

from polnet.core.actor import Actor
from polnet.core.purposes import Purpose
from polnet.network.models import UnitKind

SESSION_KEY = "screening_purpose"

USUAL_PURPOSE: dict[str, str] = {
    UnitKind.BORDER_CROSSING: Purpose.BORDER_MANAGEMENT,
    UnitKind.AIRPORT: Purpose.BORDER_MANAGEMENT,
    UnitKind.SEAPORT: Purpose.BORDER_MANAGEMENT,
    UnitKind.IMMIGRATION: Purpose.BORDER_MANAGEMENT,
    UnitKind.CUSTOMS: Purpose.SECURITY_CHECK,
    UnitKind.POLICE_UNIT: Purpose.LOCATE_WANTED,
}


def usual_purpose(actor: Actor) -> str:
    """The unit's usual purpose; empty for a bureau's staff, who choose each time."""
    return USUAL_PURPOSE.get(actor.unit.kind, "") if actor.unit is not None else ""


def offered_purpose(request: HttpRequest, actor: Actor) -> str:
    """The purpose the page's forms start with."""
    chosen = str(request.session.get(SESSION_KEY, ""))
    return chosen if chosen in Purpose.values else usual_purpose(actor)


def remember_purpose(request: HttpRequest, purpose: str) -> None:
    """Kept for the session once a check was made with it: the next traveller's check starts with it."""
    if purpose in Purpose.values and request.session.get(SESSION_KEY) != purpose:
        request.session[SESSION_KEY] = purpose
