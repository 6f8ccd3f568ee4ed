"""A country's figures from joint operations on the capacity dashboard: counted from seeded
operations that are closing or closed, nothing of those in preparation or still active."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from polnet.network.services import issue_token
from polnet.operations.models import (
    Arrest,
    FieldReport,
    Operation,
    OperationHit,
    Participant,
    Phase,
    Seizure,
    Target,
)
from polnet.operations.reports import results
from polnet.screening.models import QueryLog
from polnet.training.capacity import dashboard, operation_figures
from polnet.training.capacity.operation_figures import OperationFigures
from tests.factories import Network, signed_in_client

pytestmark = pytest.mark.django_db
START, END = date(2026, 3, 1), date(2026, 3, 31)


def _op(
    net: Network, name: str, phase: str, active: tuple[date, date], posts: dict[str, list[str]]
) -> Operation:
    op = Operation.objects.create(
        code_name=name,
        crime_area="drugs",
        coordinator=net.bureaus["FR"],
        prepares_on=date(2026, 1, 1),
        active_on=active[0],
        active_until=active[1],
        closes_on=date(2026, 6, 30),
        phase=phase,
        created_by=net.users["FR-officer"],
    )
    for country, units in posts.items():
        p = Participant.objects.create(operation=op, country_id=country)
        p.units.add(*[net.units[u] for u in units])
    return op


def _checks(affiliation: str, day: date, n: int) -> None:
    QueryLog.objects.bulk_create(
        QueryLog(
            at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
            actor_name="x",
            affiliation=affiliation,
            kind="document",
        )
        for _ in range(n)
    )


def _results(net: Network, op: Operation, country: str, *, hits: int, seizures: int, arrests: int) -> None:
    target = Target.objects.create(
        operation=op,
        kind="other",
        identifier=f"LOT {country}",
        label="lot",
        action="locate",
        added_by=net.users["FR-officer"],
    )
    for _ in range(hits):
        OperationHit.objects.create(
            operation=op, target=target, country_id=country, checked_by=net.users["FR-officer"]
        )
    report = FieldReport.objects.create(
        operation=op,
        country_id=country,
        reported_by=net.users[f"{country}-officer"],
        occurred_at=datetime(2026, 3, 5, tzinfo=UTC),
        place="Port",
    )
    for _ in range(seizures):
        Seizure.objects.create(report=report, category="cash", quantity=1, quantity_unit="piece")
    for _ in range(arrests):
        Arrest.objects.create(report=report, nationality_id="ES")


@pytest.fixture
def seeded(net: Network) -> Network:
    # Closed, active 1-10 March: France (its bureau and one post) and Germany.
    closed = _op(
        net, "Closed", Phase.CLOSED, (date(2026, 3, 1), date(2026, 3, 10)), {"FR": ["FR-full"], "DE": []}
    )
    _checks("bureau:FR", date(2026, 3, 2), 5)
    _checks(f"unit:{net.units['FR-full'].pk}", date(2026, 3, 9), 7)
    _checks(f"unit:{net.units['FR-hitonly'].pk}", date(2026, 3, 9), 3)  # a post not on it
    _results(net, closed, "FR", hits=2, seizures=2, arrests=1)
    _results(net, closed, "DE", hits=1, seizures=1, arrests=0)
    # Closing, active 12-20 March: France's bureau alone.
    closing = _op(net, "Closing", Phase.CLOSING, (date(2026, 3, 12), date(2026, 3, 20)), {"FR": []})
    _checks("bureau:FR", date(2026, 3, 15), 4)
    _results(net, closing, "FR", hits=1, seizures=0, arrests=3)
    _checks("bureau:FR", date(2026, 3, 27), 9)  # after every counted active phase
    # Not over yet: nothing of these is counted, though their windows hold checks and results.
    for name, phase in (("Prepared", Phase.PREPARATION), ("Active", Phase.ACTIVE)):
        op = _op(net, name, phase, (date(2026, 3, 21), date(2026, 3, 30)), {"FR": ["FR-full"]})
        _results(net, op, "FR", hits=5, seizures=5, arrests=5)
    _checks("bureau:FR", date(2026, 3, 25), 11)
    # Over, but its active phase ended before the window.
    old = _op(net, "Old", Phase.CLOSED, (date(2026, 1, 10), date(2026, 2, 10)), {"FR": []})
    _results(net, old, "FR", hits=7, seizures=7, arrests=7)
    return net


def test_the_figures_count_operations_that_are_over(seeded: Network) -> None:
    assert results.country_figures("FR", START, END) == OperationFigures(
        operations=2, checks=5 + 7 + 4, hits=3, seizures=2, arrests=4
    )
    assert results.country_figures("DE", START, END) == OperationFigures(1, 0, 1, 1, 0)
    assert results.country_figures("IT", START, END) == OperationFigures()
    # The closing operation alone ended in the second half of March.
    assert results.country_figures("FR", date(2026, 3, 15), END) == OperationFigures(1, 4, 1, 0, 3)


def test_operations_in_preparation_or_active_show_nothing(net: Network) -> None:
    for name, phase in (("Prepared", Phase.PREPARATION), ("Active", Phase.ACTIVE)):
        op = _op(net, name, phase, (date(2026, 3, 1), date(2026, 3, 10)), {"FR": ["FR-full"]})
        _results(net, op, "FR", hits=5, seizures=5, arrests=5)
    _checks("bureau:FR", date(2026, 3, 2), 5)
    assert results.country_figures("FR", START, END) == OperationFigures()


def test_the_figures_take_a_fixed_number_of_queries(seeded: Network) -> None:
    with CaptureQueriesContext(connection) as few:
        results.country_figures("FR", START, END)
    for n in range(5):
        _op(
            seeded,
            f"More {n}",
            Phase.CLOSED,
            (date(2026, 3, 2), date(2026, 3, 3)),
            {"FR": ["FR-full", "FR-writer"]},
        )
    with CaptureQueriesContext(connection) as many:
        results.country_figures("FR", START, END)
    assert len(many.captured_queries) == len(few.captured_queries) <= 6


def test_the_operations_app_registered_its_figures(seeded: Network) -> None:
    fr = seeded.bureaus["FR"]
    assert operation_figures.figures("FR", START, END) == results.country_figures("FR", START, END)
    assert dashboard.operations_of(fr, None, START, END) == results.country_figures("FR", START, END)
    assert dashboard.operations_of(fr, seeded.units["FR-full"], START, END) is None  # per country


def test_the_dashboard_page_and_api_show_them_to_its_readers(seeded: Network) -> None:
    fr = seeded.bureaus["FR"]
    window = "start=2026-03-01&end=2026-03-31"
    page = signed_in_client(seeded.users["FR-admin"]).get(f"/training/dashboard/?{window}")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="dashboard-operations"' in html
    card = re.search(r'data-operations="checks">(.*?)</div>', html, re.S)
    assert card and "Checks during their active phases" in card[1] and '<p class="count">16</p>' in card[1]
    post = signed_in_client(seeded.users["FR-admin"]).get(
        f"/training/dashboard/?{window}&unit={seeded.units['FR-full'].pk}"
    )
    assert 'id="dashboard-operations"' not in post.content.decode()
    assert 'id="dashboard-operations-country"' in post.content.decode()
    _, secret = issue_token(seeded.actor("FR-admin"), seeded.users["FR-admin"], name="t", scopes=["training"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    body = Client().get(f"/api/training/capacity/dashboard?bureau_id={fr.pk}&{window}", **auth).json()
    assert body["operations"] == {"operations": 2, "checks": 16, "hits": 3, "seizures": 2, "arrests": 4}
    post_body = (
        Client()
        .get(
            f"/api/training/capacity/dashboard?bureau_id={fr.pk}&unit_id={seeded.units['FR-full'].pk}&{window}",
            **auth,
        )
        .json()
    )
    assert post_body["operations"] is None
    # The rule of who reads a dashboard is the dashboard's: another bureau's admin does not.
    other = signed_in_client(seeded.users["DE-admin"]).get(f"/training/dashboard/?bureau={fr.pk}&{window}")
    assert other.status_code == 404
