"""A passenger list whose worker stopped goes on where it stopped, in the worker that takes it again."""

from __future__ import annotations

import collections
import csv
import io
import json
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from polnet.jobs import leases
from polnet.jobs.worker import Worker
from polnet.screening.batches import files as batch_files
from polnet.screening.batches import runs as batches
from polnet.screening.models import BatchStatus, Hit, QueryLog, ScreeningBatch
from polnet.screening.tasks import check_passenger_list
from polnet.screening.tasks import passenger_list_housekeeping as housekeeping_job
from tests.factories import Network, make_record, signed_in_client
from tests.jobs.drive import claim_and_die, run_jobs, run_out
from tests.races import race

ROWS = 12
IVAN_ROWS = (3, 9)  # rows (from 1) that hit the record: one before the stop, one after


def _passengers() -> list[dict[str, str]]:
    text = "name,date_of_birth,document_number,document_country\n" + "".join(
        "Ivan Ivanov,1974-08-12,,\n" if n in IVAN_ROWS else f"Traveller Number{n},1980,AB{n:06d},FR\n"
        for n in range(1, ROWS + 1)
    )
    return list(batches.parse_rows(text.encode(), "text/csv"))


def _stored(net: Network, rows: list[dict[str, str]], **fields: object) -> ScreeningBatch:
    """A list as `start_batch` stores it, with its job queued."""
    batch = ScreeningBatch.objects.create(
        created_by=net.users["DE-unit-full"],
        origin="web",
        location="Munich",
        total=len(rows),
        purpose="border_management",
        **fields,
    )
    with batches.input_path(batch.pk).open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(row) + "\n" for row in rows)
    check_passenger_list.enqueue(batch.pk)
    return batch


def _cut_off(net: Network, rows: list[dict[str, str]], done: int) -> ScreeningBatch:
    """A list whose worker checked it up to row ``done + 1`` and died while writing that row;
    its job's lease has run out."""
    batch = _stored(net, rows, status=BatchStatus.RUNNING, done=done - 2)  # progress lags
    run_out(claim_and_die())
    checked = list(
        batches.check_all(batches.batch_actor(batch), rows[: done + 1], done + 1, batch_id=batch.pk)
    )
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=batches.RESULT_FIELDS)
    writer.writeheader()
    writer.writerows(checked[:done])
    whole = text.getvalue()
    writer.writerow(checked[done])
    cut = text.getvalue()[: len(whole) + 15]  # half of the last row
    batches.results_path(batch.pk).write_text(cut, encoding="utf-8", newline="")
    return batch


def _results(batch: ScreeningBatch) -> list[dict[str, str]]:
    with batches.results_path(batch.pk).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _checked_documents(batch: ScreeningBatch) -> collections.Counter[str]:
    logs = QueryLog.objects.filter(batch_id_ref=batch.pk, kind="document")
    return collections.Counter(q["number"] for q in logs.values_list("query", flat=True))


def _resume_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "resumes at row" in r.getMessage()]


@pytest.mark.django_db(transaction=True)
def test_a_list_cut_off_mid_row_goes_on_after_its_last_whole_row(
    net: Network, caplog: pytest.LogCaptureFixture
) -> None:
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    rows = _passengers()
    batch = _cut_off(net, rows, done=5)
    assert Hit.objects.filter(batch=batch).count() == 1  # row 3, before the stop

    worker = Worker(scheduler=False)
    with caplog.at_level(logging.WARNING, logger="polnet.screening.batches.runs"):
        assert worker.run_until_idle() == 1

    job = DBTaskResult.objects.get()
    assert job.status == TaskResultStatus.SUCCESSFUL and job.worker_ids == ["dead-worker", worker.worker_id]
    batch.refresh_from_db()
    assert (batch.status, batch.error, batch.done, batch.hit_count) == (BatchStatus.DONE, "", ROWS, 2)
    written = _results(batch)
    assert [r["row"] for r in written] == [str(n) for n in range(1, ROWS + 1)]
    assert [r["name"] for r in written] == [r["name"] for r in rows]
    assert [int(r["row"]) for r in written if r["hit_ids"]] == list(IVAN_ROWS)
    # Rows 1-5 are not checked again: one hit per Ivan row, one document check per traveller
    # but for row 6, whose line the stop cut off: checked before the stop and again.
    assert Hit.objects.filter(batch=batch).count() == len(IVAN_ROWS)
    expected = {f"AB{n:06d}": 1 for n in range(1, ROWS + 1) if n not in IVAN_ROWS}
    assert _checked_documents(batch) == {**expected, "AB000006": 2}
    assert _resume_lines(caplog) == [f"passenger list {batch.pk} resumes at row 6 of {ROWS}"]


@pytest.mark.django_db(transaction=True)
def test_workers_starting_together_resume_a_list_once(net: Network, caplog: pytest.LogCaptureFixture) -> None:
    rows = _passengers()
    batch = _cut_off(net, rows, done=4)
    running = _stored(net, rows)  # sent since, being checked by a live worker
    live = leases.claim_next("live-worker")
    assert live is not None and live.task_id != DBTaskResult.objects.get(worker_ids=["dead-worker"]).pk

    # Three workers start together: each retakes what ran out, then each claims, in turn.
    workers = [Worker(scheduler=False) for _ in range(3)]
    for worker in workers:
        worker.housekeep()
    claims = [worker.claim() for worker in workers]
    assert [claim is not None for claim in claims] == [True, False, False]
    with caplog.at_level(logging.WARNING, logger="polnet.screening.batches.runs"):
        workers[0].run(claims[0])  # type: ignore[arg-type]
        assert [worker.run_until_idle() for worker in workers] == [0, 0, 0]

    batch.refresh_from_db()
    assert (batch.status, batch.done) == (BatchStatus.DONE, ROWS)
    assert [r["row"] for r in _results(batch)] == [str(n) for n in range(1, ROWS + 1)]
    assert _checked_documents(batch) == {
        f"AB{n:06d}": 2 if n == 5 else 1 for n in range(1, ROWS + 1) if n not in IVAN_ROWS
    }
    assert len(_resume_lines(caplog)) == 1
    running.refresh_from_db()
    assert (running.status, running.done) == (BatchStatus.QUEUED, 0)  # its worker is still at it
    assert not batches.results_path(running.pk).exists() and not _checked_documents(running)


@pytest.mark.django_db(transaction=True)
def test_one_claim_alone_wins_a_waiting_list(net: Network) -> None:
    batch = _stored(net, _passengers())
    won = race(8, lambda n: leases.claim_next(f"worker-{n}") is not None)
    assert sorted(won) == [False] * 7 + [True]
    # Any further worker comes too late: the list's job is held, and it checks nothing.
    assert run_jobs() == 0
    batch.refresh_from_db()
    assert (batch.status, batch.done) == (BatchStatus.QUEUED, 0)
    assert not batches.results_path(batch.pk).exists() and not _checked_documents(batch)


@pytest.mark.django_db(transaction=True)
def test_a_list_lost_or_cut_off_in_the_upload_fails_with_what_to_do(net: Network) -> None:
    lost = _stored(net, _passengers(), status=BatchStatus.RUNNING, done=4)
    run_out(claim_and_die())
    batches.input_path(lost.pk).unlink()
    # Uploads that the stop cut off before the count (and the job) were stored: one of an hour
    # ago, and one that may still be on its way.
    cut = ScreeningBatch.objects.create(created_by=net.users["DE-unit-full"], total=0)
    batches.input_path(cut.pk).write_text("{}\n")
    ScreeningBatch.objects.filter(pk=cut.pk).update(created_at=timezone.now() - timedelta(hours=1, seconds=1))
    arriving = ScreeningBatch.objects.create(created_by=net.users["DE-unit-full"], total=0)

    assert run_jobs() == 1
    assert batch_files.fail_cut_off_uploads() == 1

    lost.refresh_from_db()
    assert lost.status == BatchStatus.FAILED and lost.finished_at is not None
    assert lost.error == "The uploaded list was lost when the server stopped; upload it again."
    cut.refresh_from_db()
    assert (cut.status, cut.error) == (BatchStatus.FAILED, batch_files.UPLOAD_CUT)
    assert "upload the list again" in cut.error and not batches.input_path(cut.pk).exists()
    arriving.refresh_from_db()
    assert arriving.status == BatchStatus.QUEUED


def _whole_file(tmp_path: Path) -> tuple[Path, bytes, list[int]]:
    """A results file, and where each whole record (the header, then each row) ends."""
    rows = [
        {"row": 1, "name": "Anna Berg", "hit_ids": ""},
        {"row": 2, "name": 'Иван "Ваня"' + "\r\n" + "Иванов", "hit_ids": "7 8"},  # quotes, a line break
        {"row": 3, "name": "Carl Dahl", "error": "Enter the date of birth as YYYY-MM-DD."},
    ]
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=batches.RESULT_FIELDS)
    writer.writeheader()
    ends = [len(text.getvalue().encode())]
    for row in rows:
        writer.writerow(row)
        ends.append(len(text.getvalue().encode()))
    return tmp_path / "results.csv", text.getvalue().encode(), ends


def test_the_rows_of_a_results_file_are_counted_to_the_last_whole_one(tmp_path: Path) -> None:
    path, data, ends = _whole_file(tmp_path)
    assert batches.completed_rows(path) == (0, 0)  # no file yet
    for size in range(len(data) + 1):  # cut at every byte
        path.write_bytes(data[:size])
        whole = [end for end in ends if end <= size]
        rows = max(len(whole) - 1, 0)
        assert batches.completed_rows(path) == (rows, int(rows >= 2)), size
        assert path.read_bytes() == data[: whole[-1] if whole else 0], size


@pytest.mark.django_db(transaction=True)
def test_passenger_data_is_deleted_when_no_longer_needed(net: Network, settings: Any, tmp_path: Path) -> None:
    """The input goes once a list is done; its results after POLNET_BATCH_RESULTS_HOURS;
    a failed list's files at once. The hit records stay."""
    settings.DATA_DIR = tmp_path  # this test's files only
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    client = signed_in_client(net.users["DE-unit-full"])
    rows = "name,date_of_birth\nIvan Ivanov,1974-08-12\nNobody Known,1990\n"
    batch = batches.start_batch(
        net.actor("DE-unit-full"), rows.encode(), "text/csv", purpose="border_management"
    )
    assert run_jobs() == 1
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.hit_count == 1
    assert not batches.input_path(batch.pk).exists() and batches.results_path(batch.pk).exists()
    status = client.get(f"/api/screening/batches/{batch.pk}").json()
    assert status["results_url"] and status["results_deleted_at"]
    assert batch_files.delete_expired_files() == 0  # within the hours kept
    assert client.get(status["results_url"]).status_code == 200

    later = batch.finished_at + timedelta(hours=settings.POLNET_BATCH_RESULTS_HOURS, seconds=1)
    assert batch_files.delete_expired_files(now=later) == 1
    assert not batches.results_path(batch.pk).exists()
    status = client.get(f"/api/screening/batches/{batch.pk}").json()
    assert status["results_url"] is None and status["hit_count"] == 1
    gone = client.get(f"/api/screening/batches/{batch.pk}/results.csv")
    assert gone.status_code == 404 and "deleted 24 hours after it finished" in gone.json()["detail"]
    assert Hit.objects.filter(batch=batch).count() == 1
    page = client.get(f"/check/batches/{batch.pk}/").content.decode()
    assert "results were deleted" in page and "results.csv" not in page

    failed = ScreeningBatch.objects.create(created_by=net.users["DE-unit-full"], total=5)
    batches.input_path(failed.pk).write_text("{}\n")
    batches.results_path(failed.pk).write_text("row\n")
    batches._fail(failed.pk, "stopped")
    assert not batches.input_path(failed.pk).exists() and not batches.results_path(failed.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_list_left_without_a_job_gets_one_from_the_housekeeping(net: Network) -> None:
    """A list whose job ended outside the list's own error handling, or that is older than
    the job queue, is queued again; a list with its job, or finished, is not."""
    rows = _passengers()
    orphan = _stored(net, rows, status=BatchStatus.RUNNING)
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED)  # its job died with the database
    waiting = _stored(net, rows)
    finished = _stored(net, rows, status=BatchStatus.DONE)
    DBTaskResult.objects.filter(args_kwargs__args__0=finished.pk).update(status=TaskResultStatus.SUCCESSFUL)

    assert housekeeping_job.call()["requeued"] == 1
    assert run_jobs() == 2
    assert housekeeping_job.call()["requeued"] == 0
    for batch in (orphan, waiting):
        batch.refresh_from_db()
        assert (batch.status, batch.done) == (BatchStatus.DONE, ROWS)
    assert _checked_documents(orphan) == {f"AB{n:06d}": 1 for n in range(1, ROWS + 1) if n not in IVAN_ROWS}


@pytest.mark.django_db(transaction=True)
def test_a_list_whose_workers_keep_dying_fails_with_what_to_do(net: Network) -> None:
    """Out of memory on every try, say: after the fifth worker the list stops being retried."""
    batch = _stored(net, _passengers())
    for n in range(batches.MAX_ATTEMPTS):
        leases.retake_expired()
        run_out(claim_and_die(f"dying-{n}"))
    assert run_jobs() == 1
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and batch.finished_at is not None
    assert batch.error.startswith("Checking stopped 5 times, the last at row 1.")
    assert not batches.input_path(batch.pk).exists() and not _checked_documents(batch)
