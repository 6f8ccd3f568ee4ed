"""The migration that brings the life of a record keeps the data: existing records are active,
and their audited creations and changes become the first steps of their history."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from polnet.records import services as records
from polnet.records.models import RECORD_MODELS, RecordEvent
from polnet.screening import index as screening_index
from polnet.screening import services as screening
from tests.factories import make_record, network

BEFORE = [("records", "0004_translated_choices")]
AFTER = [("records", "0005_record_life_state")]


def _migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def _latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture(autouse=True)
def back_to_latest() -> Iterator[None]:
    """Later migrations (and the tests after this one) find the schema they expect."""
    yield
    _latest()


@pytest.mark.django_db(transaction=True)
def test_existing_records_stay_active_and_keep_their_history() -> None:
    net = network()
    owner = net.actor("FR-officer")
    kept = make_record(owner, "vehicle")
    records.update_record(owner, "vehicle", kept.pk, {"version": 1, "colour": "red"})
    gone = make_record(owner, "vehicle")
    records.delete_record(owner, "vehicle", gone.pk)
    person = make_record(owner, "person")

    _migrate(BEFORE)  # as the database was: no state, no history table
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, "records_vehicle")]
    assert "state" not in columns
    _migrate(AFTER)

    assert list(RECORD_MODELS["vehicle"].objects.values_list("pk", "state")) == [(kept.pk, "active")]
    # Only the columns of that schema are read: later migrations added others (the action on a hit).
    states = RECORD_MODELS["person"].objects.filter(pk=person.pk).values_list("state", flat=True)
    assert list(states) == ["active"]
    steps = RecordEvent.objects.filter(kind="vehicle", record_id=kept.pk).order_by("at", "id")
    assert [(s.act, s.fields, s.actor_name) for s in steps] == [
        ("create", [], "fr-officer"),
        ("update", ["colour"], "fr-officer"),
    ]
    assert not RecordEvent.objects.filter(kind="vehicle", record_id=gone.pk).exists()
    # And they are screened as before, with the schema of today (photos came later).
    _latest()
    screening_index.reset()
    try:
        assert screening.screen_vehicle(net.actor("DE-officer"), vin=kept.vin).hit
    finally:
        screening_index.reset()
