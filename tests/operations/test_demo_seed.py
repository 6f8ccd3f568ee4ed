"""The demo's operations: one finished (modelled on Operation Folosa) whose final report reads
"168.3 kg of cocaine, EUR 10.1 M, 14 arrests, 3 countries", and one active around today whose
live board shows today's hits and a seizure; seeded once, through the real services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rich.console import Console

from polnet.network.actors import actor_for
from polnet.network.models import Country, User
from polnet.network.services import sync_countries
from polnet.operations import watchlist
from polnet.operations.board import board
from polnet.operations.models import FieldReport, Operation, OperationHit, Phase, Target
from polnet.operations.reports.results import compute
from polnet.operations.seeding import seed_demo_operations
from polnet.operations.seeding_active import CODE_NAME as ACTIVE
from polnet.operations.seeding_closed import CODE_NAME as CLOSED
from polnet.records.seeding import SeedSizes, seed_demo_if_empty
from polnet.screening.models import Hit, HitState, QueryLog
from polnet.training.seeding import seed_partners

# Starts from an empty database, without the test network (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("empty_database")

SMALL = SeedSizes(persons=40, documents=20, vehicles=12, firearms=12, artworks=1, countries=4)


@pytest.fixture(autouse=True)
def _fresh_watch_list() -> Iterator[None]:
    """The watch list's cached participation does not outlive the test's rolled-back rows."""
    watchlist.forget()
    yield
    watchlist.forget()


def counts() -> tuple[int, ...]:
    return (
        Operation.objects.count(),
        Target.objects.count(),
        OperationHit.objects.count(),
        FieldReport.objects.count(),
        Hit.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_seeds_a_finished_operation_and_an_active_one_once(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> None:
    quiet = Console(quiet=True)
    sync_countries()
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo_if_empty(password="demo-password-1", sizes=SMALL, console=quiet)
        seed_partners("demo-password-1")
        seed_demo_operations(quiet)
    members = list(Country.objects.filter(is_member=True).order_by("code").values_list("code", flat=True))[:3]

    # The finished one: coordinated by the secretariat, observed, closed, its summary public.
    done = Operation.objects.get(code_name=CLOSED)
    assert (done.phase, done.coordinator_id, done.crime_area) == (Phase.CLOSED, None, "drugs")
    assert sorted(done.participants.values_list("country_id", flat=True)) == members
    assert done.observers.count() == 1
    kinds = sorted(done.targets.values_list("kind", flat=True))
    assert kinds == ["container", "document", "person", "person", "person", "vehicle", "vessel"]
    # Every target was found by a check during the active phase, flagged by the watch list;
    # the record hits are the screening's own, confirmed by their owners.
    hits = list(done.hits.all())
    start = timezone.make_aware(timezone.datetime.combine(done.active_on, timezone.datetime.min.time()))
    assert len(hits) == 7 and all(start <= h.at < start + timezone.timedelta(days=14) for h in hits)
    on_records = Hit.objects.filter(pk__in=[h.hit_id for h in hits if h.hit_id])
    assert on_records.count() == 5 and set(on_records.values_list("state", flat=True)) == {HitState.CONFIRMED}
    # The vessel and the container were checked as the bureaus type them: the query log has them.
    assert (
        QueryLog.objects.filter(kind="document", query__number__in=["IMO9316488", "TGHU4827150"]).count() == 2
    )
    # The final report's figures, exact.
    results = compute(done, personal=True)
    cocaine = [c for c in results.categories if c["drug_type"] == "cocaine"]
    assert [(c["quantity"], c["quantity_unit"]) for c in cocaine] == [(Decimal("168.300"), "kg")]
    assert results.value_eur == Decimal("10076683.56")  # USD at 0.92, XOF at 0.00152449
    by_category = {c["category"]: c["quantity"] for c in results.categories}
    assert by_category["gold"] == Decimal(36) and by_category["payment_cards"] == Decimal(214)
    assert results.arrests == 14 and len(results.countries) == 3
    assert {"CO", "VE", "NG", "GH", "ES", "PT"} <= {n["nationality"] for n in results.nationalities}
    assert results.headline == "168.3 kg of cocaine, EUR 10.1 M, 14 arrests, 3 countries"
    assert len(results.hits) == 5  # the reports each led by a hit
    assert done.public_summary is not None and done.public_summary["arrests"] == 14

    # The active one: a bureau coordinates, today's checks found its targets, one seizure.
    live = Operation.objects.get(code_name=ACTIVE)
    today = timezone.localdate()
    assert live.phase == Phase.ACTIVE and live.active_on <= today <= live.active_until
    assert live.coordinator is not None
    coordinator = actor_for(User.objects.get(username=f"{live.coordinator.country_id.lower()}-officer"))
    shown = board(coordinator, live)
    assert shown.hit_count == 3 and {h.target.kind for h in shown.hits} == {"person", "firearm", "plate"}
    assert [(s["category"], s["lines"]) for s in shown.seizures] == [("firearms", 1)]
    assert shown.arrests == 1
    assert sum(shown.checks.get(cc, {}).get(today, 0) for cc in members) >= 3

    # A second run adds nothing.
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo_operations(quiet)
    assert counts() == before
