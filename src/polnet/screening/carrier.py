"""An airline's check of one passenger before boarding (interactive API, iAPI).

The carrier sends what it holds of the passenger (document, names, date of birth,
nationality) and the flight; the passenger is screened with the same engine and rules as a
border officer's check, under the access of the account its token belongs to. The carrier
learns only what it needs to act on: a status and a reference to quote to the authority,
never a record, nor why. The authority learns the rest as from any check: the hits (their
place names the flight and the reference), the query log and the audit entry.

- board: nothing was found.
- do_not_board: the travel document is reported stolen, lost or otherwise invalid.
- contact_authority: the person matches a record or notice; the authority decides, and the
  carrier is not told more, so that no one is tipped off.
"""

from __future__ import annotations

import enum
import re
import secrets
from dataclasses import dataclass, replace
from datetime import date

from django.utils.translation import gettext_lazy as _

from polnet.core import audit, policy
from polnet.core.actor import Actor, TokenScope
from polnet.core.errors import Forbidden, InvalidInput
from polnet.core.purposes import Purpose
from polnet.screening import services
from polnet.screening.querylog import writer as query_log

_FLIGHT = re.compile(r"^[A-Z0-9]{2}[A-Z]?[0-9]{1,4}[A-Z]?$")  # IATA designator and number


class Status(enum.StrEnum):
    BOARD = "board"
    DO_NOT_BOARD = "do_not_board"
    CONTACT_AUTHORITY = "contact_authority"


@dataclass(frozen=True, slots=True)
class Passenger:
    document_number: str
    document_country: str
    family: str
    given: str = ""
    date_of_birth: str = ""
    nationality: str = ""
    sex: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    status: Status
    reference: str


def new_reference() -> str:
    """A reference the carrier quotes to the authority: unguessable, short enough to read out."""
    return "CC-" + secrets.token_hex(5).upper()


def _flight(flight: str, flight_date: str) -> tuple[str, str]:
    number = flight.replace(" ", "").upper()
    if not _FLIGHT.match(number):
        raise InvalidInput(
            _("The flight is an airline code and a number, such as AF1234."),
            code="carrier_flight",
            field="flight",
        )
    try:
        day = date.fromisoformat(flight_date)
    except ValueError:
        raise InvalidInput(
            _("The flight's date is YYYY-MM-DD."), code="carrier_flight_date", field="flight_date"
        ) from None
    return number, day.isoformat()


def check(actor: Actor, passenger: Passenger, flight: str, flight_date: str) -> Answer:
    """Screen one passenger; the carrier's answer. Refused whole (InvalidInput) when a value
    cannot be read, before anything is searched or logged."""
    if not policy.may_check_for_carrier(actor):
        raise Forbidden(
            _("This account does not check passengers: ask the authority for carrier access."),
            code="carrier_forbidden",
        )
    number, day = _flight(flight, flight_date)
    if not passenger.document_number.strip() or not passenger.family.strip():
        raise InvalidInput(
            _("A passenger is checked by the travel document and the surname."),
            code="carrier_passenger_incomplete",
            field="document_number" if not passenger.document_number.strip() else "family",
        )
    # Read before anything is searched: a refused passenger is not checked in part.
    query = services.person_query(
        given=passenger.given,
        family=passenger.family,
        date_of_birth=passenger.date_of_birth,
        sex=passenger.sex,
        nationality=passenger.nationality,
    )
    # The engine's checks run as the account's screening; the answer is cut down to the status.
    if actor.token_scopes is not None:
        actor = replace(actor, token_scopes=frozenset({TokenScope.SCREENING}))
    reference = new_reference()
    place = f"carrier check {number} {day} {reference}"
    purpose = Purpose.BORDER_MANAGEMENT.value
    try:
        document = services.screen_document(
            actor,
            passenger.document_number,
            passenger.document_country or None,
            location=place,
            purpose=purpose,
        )
        person = services.screen_person(actor, query, location=place, purpose=purpose)
    finally:
        query_log.flush()
    if person.hit:
        status = Status.CONTACT_AUTHORITY
    elif document.hit:
        status = Status.DO_NOT_BOARD
    else:
        status = Status.BOARD
    hits = [c.hit_id for c in (*person.candidates, *document.candidates) if c.hit_id]
    detail = {"status": status.value, "flight": number, "flight_date": day, "hits": hits}
    audit.log(actor, audit.Action.SCREEN, "carrier_check", reference, purpose=purpose, detail=detail)
    return Answer(status, reference)
