"""Airline passenger lists as UN/EDIFACT PAXLST messages (directory D02B), laid out as the
WCO/IATA/ICAO API implementation guide lays them out: an interchange (UNA, UNB … UNZ) holding
one message (UNH … UNT) per flight, with the reporting party, the flight's leg and one group per
passenger (NAD+FL, ATT, DTM+329, LOC+178/179, NAT, RFF+AVF, DOC with DTM+36 and LOC+91), closed
by the passenger count (CNT+42).

Passengers are drawn from the synthetic persons (Latin spellings of their names), or given.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from polnet.synthetic.countries import COUNTRY_CODES, country
from polnet.synthetic.persons import _LocaleChooser, draw_person

_RELEASED = "?:+'"  # characters the release character '?' must precede in a value


@dataclass(frozen=True, slots=True)
class Passenger:
    family: str
    given: str
    date_of_birth: date
    sex: str  # M, F or U
    nationality: str  # ISO alpha-3, as the guide's NAT and LOC+91 carry it
    document_number: str
    document_country: str  # ISO alpha-3
    document_type: str = "P"  # P passport, I identity card, …
    document_expiry: date = date(2031, 6, 30)
    booking: str = ""


@dataclass(frozen=True, slots=True)
class Flight:
    carrier: str = "XY"
    number: str = "XY123"
    departure_airport: str = "CDG"
    arrival_airport: str = "JFK"
    departure: datetime = datetime(2025, 3, 14, 10, 30)
    arrival: datetime = datetime(2025, 3, 14, 13, 5)


def release(value: str) -> str:
    """A value with EDIFACT's service characters released (escaped)."""
    return "".join(f"?{c}" if c in _RELEASED else c for c in value)


def _ascii(text: str) -> str:
    # PAXLST is sent at syntax level UNOA/UNOB: names as the document's MRZ spells them.
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.upper().replace("-", " ").split())


def passengers(count: int, seed: int = 0, owner: str = "FR") -> list[Passenger]:
    """``count`` passengers with realistic names, dates of birth and passports."""
    rng = random.Random(f"polnet-paxlst:{seed}")
    choose = _LocaleChooser()
    out: list[Passenger] = []
    while len(out) < count:
        person = draw_person(owner, rng, choose)
        latin = next((n for n in person.names if n.script == "Latn" and not n.is_alias), None)
        if latin is None or not latin.family or not _ascii(latin.family):
            continue
        nationality = country(person.nationalities[0]).alpha3
        born = date(person.dob_year or 1980, person.dob_month or 1, person.dob_day or 1)
        number = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(9))
        booking = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6))
        out.append(
            Passenger(
                family=_ascii(latin.family),
                given=_ascii(latin.given),
                date_of_birth=born,
                sex=person.sex,
                nationality=nationality,
                document_number=number,
                document_country=nationality,
                document_expiry=date(2026 + rng.randrange(9), 1 + rng.randrange(12), 1 + rng.randrange(28)),
                booking=booking,
            )
        )
    return out


def _passenger_segments(p: Passenger, flight: Flight) -> list[str]:
    given = ":".join(release(g) for g in p.given.split()[:2])
    name = release(p.family) + (f":{given}" if given else "")
    segments = [
        f"NAD+FL+++{name}",
        f"ATT+2++{p.sex}",
        f"DTM+329:{p.date_of_birth:%y%m%d}",
        f"LOC+178+{flight.departure_airport}",
        f"LOC+179+{flight.arrival_airport}",
        f"NAT+2+{p.nationality}",
    ]
    if p.booking:
        segments.append(f"RFF+AVF:{release(p.booking)}")
    segments += [
        f"DOC+{p.document_type}:110:111+{release(p.document_number)}",
        f"DTM+36:{p.document_expiry:%y%m%d}",
        f"LOC+91+{p.document_country}",
    ]
    return segments


def message(
    travellers: Sequence[Passenger],
    flight: Flight | None = None,
    *,
    reference: str = "PAX001",
    sent: datetime = datetime(2025, 3, 14, 9, 0),
    newline: str = "\n",
) -> str:
    """A whole interchange: one PAXLST message listing ``travellers`` on ``flight``."""
    flight = flight or Flight()
    body = [
        f"UNH+{reference}+PAXLST:D:02B:UN:IATA+{flight.number}/{flight.departure:%y%m%d}/{flight.departure:%H%M}+01:F",
        "BGM+745",
        f"NAD+MS+++{flight.carrier} API DESK",
        "COM+33 1 23 45 67 89:TE",
        f"TDT+20+{flight.number}+++{flight.carrier}",
        f"LOC+125+{flight.departure_airport}",
        f"DTM+189:{flight.departure:%y%m%d%H%M}:201",
        f"LOC+87+{flight.arrival_airport}",
        f"DTM+232:{flight.arrival:%y%m%d%H%M}:201",
    ]
    for p in travellers:
        body += _passenger_segments(p, flight)
    body.append(f"CNT+42:{len(travellers)}")
    body.append(f"UNT+{len(body) + 1}+{reference}")
    control = f"{sent:%y%m%d%H%M}"
    segments = [
        "UNA:+.? ",  # the advice's last character is the terminator written after it
        f"UNB+UNOA:4+{flight.carrier}API:ZZ+BORDERAPI:ZZ+{sent:%y%m%d}:{sent:%H%M}+{control}++APIS",
        *body,
        f"UNZ+1+{control}",
    ]
    return "".join(s + "'" + newline for s in segments)


def random_flight(seed: int = 0) -> Flight:
    """A flight between two of the network's capitals' airports, on a day of 2025."""
    rng = random.Random(f"polnet-paxlst-flight:{seed}")
    carrier = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVWZ") for _ in range(2))
    leaves = datetime(2025, 1, 1, 6) + timedelta(days=rng.randrange(365), minutes=5 * rng.randrange(200))
    a, b = rng.sample(COUNTRY_CODES, 2)
    return Flight(
        carrier=carrier,
        number=f"{carrier}{rng.randrange(1, 9999)}",
        departure_airport=country(a).alpha3,  # three letters, as an airport code is
        arrival_airport=country(b).alpha3,
        departure=leaves,
        arrival=leaves + timedelta(minutes=60 + 5 * rng.randrange(120)),
    )
