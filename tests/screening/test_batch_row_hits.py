"""A passenger-list row's hits carry its row number: a list resumed after a crash finds the
hits its rows already had instead of making (and announcing) them a second time."""

from __future__ import annotations

import collections
import csv
import json
from dataclasses import replace

import pytest

from polnet.notifications.models import Notification
from polnet.screening import services
from polnet.screening.batches import runs as batches
from polnet.screening.models import BatchStatus, Hit, ScreeningBatch
from polnet.screening.tasks import check_passenger_list
from tests.factories import Network, make_record
from tests.jobs.drive import run_jobs

ROWS = 8
IVAN_ROWS = (2, 5, 7)  # each hits the one person record


def _rows() -> list[dict[str, str]]:
    text = "name,date_of_birth,document_number,document_country\n" + "".join(
        "Ivan Ivanov,1974-08-12,,\n" if n in IVAN_ROWS else f"Traveller Number{n},1980,AB{n:06d},FR\n"
        for n in range(1, ROWS + 1)
    )
    return list(batches.parse_rows(text.encode(), "text/csv"))


def _stored(net: Network, rows: list[dict[str, str]]) -> ScreeningBatch:
    batch = ScreeningBatch.objects.create(
        created_by=net.users["DE-unit-full"],
        origin="web",
        location="Munich",
        total=len(rows),
        purpose="border_management",
    )
    with batches.input_path(batch.pk).open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(row) + "\n" for row in rows)
    return batch


def _hits_per_row(batch: ScreeningBatch) -> collections.Counter[tuple[int | None, str, int]]:
    rows = Hit.objects.filter(batch=batch).values_list("batch_row", "kind", "record_id")
    return collections.Counter(rows)


@pytest.mark.django_db(transaction=True)
def test_a_list_resumed_after_a_crash_keeps_one_hit_per_row_and_record(net: Network) -> None:
    record = make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    rows = _rows()
    batch = _stored(net, rows)
    actor = replace(net.actor("DE-unit-full"), default_purpose="border_management")  # as batch_actor

    # The first worker checks rows 1 to 5 and dies before its results file says so (the
    # crash falls between the hit's commit and the row's line): only rows 1 to 4 are written.
    before = list(batches.check_all(actor, rows[:5], 5, batch_id=batch.pk))
    first_hits = {r["row"]: r["hit_ids"] for r in before if r["hit_ids"]}
    assert set(first_hits) == {2, 5}
    with batches.results_path(batch.pk).open("w", newline="", encoding="utf-8") as dst:
        writer = batches.csv_safety.DictWriter(dst, fieldnames=batches.RESULT_FIELDS)
        writer.writeheader()
        writer.writerows(before[:4])
    ScreeningBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, done=3)
    old_hits = [int(h) for h in first_hits.values()]
    notes_before = Notification.objects.filter(subject="hit", subject_id__in=old_hits).count()

    # Another worker resumes the list from its progress: row 5 is checked again.
    check_passenger_list.enqueue(batch.pk)
    assert run_jobs() == 1

    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.hit_count) == (BatchStatus.DONE, ROWS, len(IVAN_ROWS))
    assert _hits_per_row(batch) == {(n, "person", record.pk): 1 for n in IVAN_ROWS}
    with batches.results_path(batch.pk).open(newline="", encoding="utf-8") as f:
        written = {int(r["row"]): r["hit_ids"] for r in csv.DictReader(f) if r["hit_ids"]}
    # Row 5 names the hit made before the crash, not a new one.
    assert written[5] == first_hits[5] and written[2] == first_hits[2]
    assert sorted(written) == list(IVAN_ROWS)
    # The hits made before the crash are not announced again (row 7's alone is new).
    assert Notification.objects.filter(subject="hit", subject_id__in=old_hits).count() == notes_before
    announced = collections.Counter(
        Notification.objects.filter(subject="hit").values_list(
            "subject_id", "kind", "recipient_bureau_id", "recipient_unit_id"
        )
    )
    assert all(count == 1 for count in announced.values())


@pytest.mark.django_db(transaction=True)
def test_a_row_checked_again_returns_the_stored_hit_and_reports_nothing_new(net: Network) -> None:
    record = make_record(net.actor("FR-officer"), "person")
    batch = _stored(net, _rows())
    actor = net.actor("DE-unit-full")
    query = services.person_query("Ivan Ivanov", date_of_birth="1974-08-12")

    first = services.screen_person(actor, query, batch_id=batch.pk, batch_row=2, purpose="identification")
    again = services.screen_person(actor, query, batch_id=batch.pk, batch_row=2, purpose="identification")
    other_row = services.screen_person(actor, query, batch_id=batch.pk, batch_row=3, purpose="identification")

    ids = [[c.hit_id for c in r.candidates] for r in (first, again, other_row)]
    assert ids[0] == ids[1] and ids[0][0] is not None
    assert ids[2][0] not in ids[0]
    assert _hits_per_row(batch) == {(2, "person", record.pk): 1, (3, "person", record.pk): 1}

    # What `_record_hits` returns is what is new, and only that is announced.
    cands = [
        services.Candidate("person", record.pk, 0.9, [], "FR"),
    ]
    assert services._record_hits(actor, "person", {}, cands, "", batch.pk, 2) == []
    assert cands[0].hit_id == ids[0][0]
    fresh = [services.Candidate("person", record.pk, 0.9, [], "FR")]
    made = services._record_hits(actor, "person", {}, fresh, "", batch.pk, 4)
    assert [h.batch_row for h in made] == [4]


@pytest.mark.django_db(transaction=True)
def test_a_single_check_outside_a_list_writes_a_hit_each_time(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    actor = net.actor("DE-unit-full")
    query = services.person_query("Ivan Ivanov", date_of_birth="1974-08-12")
    services.screen_person(actor, query, purpose="identification")
    services.screen_person(actor, query, purpose="identification")
    assert list(Hit.objects.values_list("batch_row", flat=True)) == [None, None]
