"""The seed's fast inserts fill the columns of a record's life from their defaults: seeded
records are active, with no reason."""

from __future__ import annotations

import pytest
from rich.console import Console

from polnet.network.services import sync_countries
from polnet.records.models import Person, Vehicle
from polnet.records.seeding import SeedSizes, seed_network


@pytest.mark.django_db
def test_seeded_records_are_active() -> None:
    sync_countries()
    seed_network(SeedSizes(20, 20, 20, 20, 5, 4), seed=1, console=Console(quiet=True))
    assert set(Vehicle.objects.values_list("state", flat=True)) == {"active"}
    assert set(Person.objects.values_list("state_reason", flat=True)) == {""}
