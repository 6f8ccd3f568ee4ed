"""The migrations that bring the action on a hit give existing records and notices their
usual one: by kind and purpose, and for a Red notice an arrest on its first warrant."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from polnet.notices.models import Notice
from polnet.records.models import RECORD_MODELS
from tests.factories import make_record, network
from tests.notices.helpers import RED, YELLOW, draft

BEFORE = [("records", "0007_hit_action"), ("notices", "0004_hit_action")]
FILLED = [("records", "0008_hit_action_defaults"), ("notices", "0005_hit_action_defaults")]


def _migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.fixture(autouse=True)
def back_to_latest() -> Iterator[None]:
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_the_usual_action() -> None:
    net = network()
    owner = net.actor("FR-officer")
    person = make_record(owner, "person")  # purpose: investigation
    vehicle = make_record(owner, "vehicle")
    red = draft(net, warrants=[{**RED["warrants"][0], "reference": "2025/311"}])
    yellow = draft(net, base=YELLOW)
    _migrate(BEFORE)
    # As the rows stood before: no action chosen (only the columns of that schema are written).
    for model in RECORD_MODELS.values():
        model.objects.update(hit_action="", hit_action_reference="")
    Notice.objects.update(hit_action="", hit_action_reference="")

    _migrate(FILLED)

    def action(kind: str, pk: int) -> str:
        return str(RECORD_MODELS[kind].objects.filter(pk=pk).values_list("hit_action", flat=True).get())

    assert (action("person", person.pk), action("vehicle", vehicle.pk)) == ("discreet_check", "seize")
    notices = dict(Notice.objects.values_list("pk", "hit_action"))
    assert (notices[red.pk], notices[yellow.pk]) == ("arrest", "protect")
    reference = Notice.objects.filter(pk=red.pk).values_list("hit_action_reference", flat=True).get()
    assert reference == "2025/311 (Tribunal judiciaire de Lyon, FR)"
