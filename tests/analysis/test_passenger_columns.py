"""Passenger lists carry a flight and a booking: a hit row keeps them (co-travellers share
both), the results file has them, and an analyst may contribute such a row to a project."""

from __future__ import annotations

import csv

import pytest

from polnet.analysis import contributions
from polnet.screening.batches import runs as batches
from polnet.screening.batches.input import parse_rows
from polnet.screening.models import BatchRow, Hit
from tests.analysis.conftest import open_fr_project
from tests.factories import Network, make_record
from tests.jobs.drive import run_jobs

pytestmark = pytest.mark.django_db

LIST = (
    "name,date_of_birth,flight_number,pnr\n"
    "Ivan Ivanov,1974-08-12,AF 1234,XK7P2Q\n"
    "Anna Nobody,1990-01-01,AF 1234,ZZ1111\n"
)


def test_each_column_name_is_read_and_values_stay_text() -> None:
    rows = list(parse_rows(b"passenger,flight,booking_reference\nA B,LH 400,QWE123\n", "text/csv"))
    assert (rows[0]["flight"], rows[0]["booking"]) == ("LH 400", "QWE123")
    rows = list(parse_rows(b'[{"name": "A B", "flight": "IB 3170", "booking": "PNR9"}]', "application/json"))
    assert (rows[0]["flight"], rows[0]["booking"]) == ("IB 3170", "PNR9")
    assert next(iter(parse_rows(b"name\nA B\n", "text/csv")))["flight"] == ""


def test_a_hit_row_keeps_its_flight_and_booking_and_may_be_contributed(net: Network) -> None:
    record = make_record(net.actor("DE-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    batch = batches.start_batch(
        net.actor("FR-unit-full"), LIST.encode(), "text/csv", location="CDG", purpose="border_management"
    )
    assert run_jobs() >= 1
    kept = list(BatchRow.objects.filter(batch=batch))
    assert [(r.row, r.values) for r in kept] == [(1, {"flight": "AF 1234", "booking": "XK7P2Q"})]
    hit = Hit.objects.get(batch=batch)
    assert (hit.record_id, hit.batch_row) == (record.pk, 1)
    with batches.results_path(batch.pk).open(newline="", encoding="utf-8") as f:
        written = list(csv.DictReader(f))
    assert [(r["flight"], r["booking"]) for r in written] == [("AF 1234", "XK7P2Q"), ("AF 1234", "ZZ1111")]

    # FR (where the list was checked) and DE (whose record it hit) see the hit row; IT neither.
    project = open_fr_project(net)
    contributions.contribute(net.actor("FR-analyst"), project.pk, "list_row", kept[0].pk)
    de = contributions.list_contributions(net.actor("DE-analyst"), project.pk).rows
    assert [s.label for s in de] == [f"#{batch.pk}/1 · AF 1234 · XK7P2Q"]
    assert contributions.list_contributions(net.actor("IT-analyst"), project.pk).total == 0
