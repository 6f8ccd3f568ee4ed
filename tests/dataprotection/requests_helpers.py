"""A person known to several bureaus' data, and a request about them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from polnet.analysis import contributions
from polnet.analysis import services as analysis
from polnet.dataprotection.requests import services
from polnet.dataprotection.requests.models import DataRequest
from polnet.records import services as records
from polnet.screening.engine.person.engine import PersonQuery
from polnet.screening.services import screen_person
from tests.factories import Network, access

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Trail:
    person: int
    document: int
    hit: int
    contribution: int
    other: int  # a person of the same bureau who is someone else


def plant(net: Network) -> Trail:
    de = net.actor("DE-officer")
    person = records.create_record(
        de,
        "person",
        {
            "names": [
                {"given": "Ivan", "family": "Petrov", "script": "Latn"},
                {"given": "Иван", "family": "Петров", "script": "Cyrl", "language": "ru"},
            ],
            "date_of_birth": "1974-08-12",
            "sex": "M",
            "nationalities": ["RU"],
            **access(),
        },
    )
    other = records.create_record(
        de,
        "person",
        {
            "names": [{"given": "Maria", "family": "Lopez", "script": "Latn"}],
            "date_of_birth": "1990-01-01",
            "sex": "F",
            **access(),
        },
    )
    document = records.create_record(
        de,
        "document",
        {
            "number": "P1234567",
            "kind": "passport",
            "status": "stolen",
            "date_reported": date(2026, 1, 5),
            "holder_id": person.pk,
            **access(),
        },
    )
    result = screen_person(
        net.actor("IT-officer"),
        PersonQuery("Ivan Petrov", date_of_birth="1974-08-12"),
        purpose="border_management",
    )
    hit = next(c.hit_id for c in result.candidates if c.kind == "person" and c.record_id == person.pk)
    assert hit is not None
    project = analysis.open_project(
        net.actor("FR-analyst"),
        name="Route",
        purpose="investigation",
        crime_area="people_smuggling",
        review_date=date.today().replace(year=date.today().year + 1),
        handling_code="H1",
        participants=["DE"],
    )
    contribution = contributions.contribute(
        net.actor("FR-analyst"), project.pk, "person", person.pk, "Seen at the port."
    )
    return Trail(person.pk, document.pk, hit, contribution.pk, other.pk)


def register(net: Network, by: str = "FR-dpo", **over: object) -> DataRequest:
    data: dict[str, object] = {
        "kind": "access",
        "names": ["Иван Петров", "PETROV Ivan"],
        "date_of_birth": "1974-08",
        "language": "en",
        "received_on": NOW.date(),
        "document_type": "passport",
        "document_number": "p 1234567",
        "documents": [PDF],
        "today": NOW.date(),
    }
    data.update(over)
    return services.register(net.actor(by), **data)  # type: ignore[arg-type]
