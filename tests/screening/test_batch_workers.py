"""Long passenger lists are checked by worker processes, in order, with the batch's actor."""

from __future__ import annotations

import csv
import multiprocessing
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from polnet import cli as polnet_cli
from polnet.core.actor import Actor
from polnet.screening import index as screening_index
from polnet.screening.batches import runs as batches
from polnet.screening.batches import workers as batch_workers
from polnet.screening.models import BatchStatus, Hit, QueryLog, ScreeningBatch
from tests.factories import Network, make_record
from tests.jobs.drive import run_jobs

ROWS = 1_300  # three chunks


def check_and_say_where(
    actor: Actor, row: dict[str, str], location: str, batch_id: int | None, row_number: int | None
) -> dict[str, Any]:
    out = batches.check_row(actor, row, location, batch_id, row_number)
    out["pid"], out["numbered"] = os.getpid(), row_number
    return out


def check_or_die(
    actor: Actor, row: dict[str, str], location: str, batch_id: int | None, row_number: int | None
) -> dict[str, Any]:
    if row["name"] == "Worker Killer" and multiprocessing.parent_process() is not None:
        os._exit(9)  # as the out-of-memory killer ends a worker process
    return batches.check_row(actor, row, location, batch_id, row_number)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_long_list_is_checked_by_two_worker_processes_in_order(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(screening_index.snapshot_folder(), ignore_errors=True)  # workers build from this database
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    monkeypatch.setenv("POLNET_BATCH_WORKERS", "2")
    monkeypatch.setattr(batch_workers, "MIN_ROWS", 1_000)
    text = "name,date_of_birth,document_number,document_country\n"
    text += "".join(
        "Иван Иванов,1974-08-12,,\n" if i == 700 else f"Traveller Number{i},1980,AB{i:06d},FR\n"
        for i in range(ROWS)
    )
    rows = list(batches.parse_rows(text.encode(), "text/csv"))
    unit = replace(net.actor("DE-unit-full"), default_purpose="border_management")  # the list's

    results = list(
        batch_workers.check_rows(
            unit, rows, location="Frankfurt airport", batch_id=None, total=ROWS, check=check_and_say_where
        )
    )

    assert [r["name"] for r in results] == [r["name"] for r in rows]
    # Each chunk's worker numbers its rows from where the chunk starts in the list.
    assert [r["numbered"] for r in results] == list(range(1, ROWS + 1))
    pids = {r["pid"] for r in results}
    assert len(pids) == 2 and os.getpid() not in pids
    hit_rows = [i for i, r in enumerate(results) if r["hit_ids"]]
    assert hit_rows == [700] and results[700]["person_hit"] == 1
    hit = Hit.objects.get(pk=int(results[700]["hit_ids"]))
    assert hit.location == "Frankfurt airport" and hit.owner_country_id == "FR"
    # Every check was logged by the worker that made it: a person and a document check per traveller.
    assert QueryLog.objects.filter(kind="person").count() == ROWS
    assert QueryLog.objects.filter(kind="document").count() == ROWS - 1


@pytest.mark.django_db
def test_a_short_list_is_checked_in_the_calling_thread(net: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLNET_BATCH_WORKERS", "2")
    rows = list(batches.parse_rows(b"name\nAnna Berg\nCarl Dahl\n", "text/csv"))
    results = list(
        batch_workers.check_rows(
            replace(net.actor("DE-unit-full"), default_purpose="border_management"),
            rows,
            location="",
            batch_id=None,
            total=2,
            check=check_and_say_where,
        )
    )
    assert [r["pid"] for r in results] == [os.getpid()] * 2
    assert [r["numbered"] for r in results] == [1, 2]


@pytest.mark.django_db
def test_polnet_screen_file_writes_every_row_and_goes_on_past_a_bad_one(net: Network, tmp_path: Path) -> None:
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    passengers = tmp_path / "passengers.csv"
    passengers.write_text(
        "name,date_of_birth\nAnna Berg,1990\nIvan Ivanov,1974-08-12\nCarl Dahl,1990-13-45\n"
    )
    out = tmp_path / "results.csv"

    result = CliRunner().invoke(
        polnet_cli.app,
        [
            "screen",
            "--as",
            "de-unit-full",
            "--purpose",
            "border_management",
            "--file",
            str(passengers),
            "--out",
            str(out),
        ],
    )

    assert result.exit_code == 0, result.output
    assert "3 rows screened, 1 with hits" in result.output
    written = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["row"] for r in written] == ["1", "2", "3"]
    assert [r["person_hit"] for r in written[:2]] == ["0", "1"]
    assert written[2]["error"] and not written[2]["person_hit"]


def test_the_worker_setting_is_read_or_refused_with_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLNET_BATCH_WORKERS", "3")
    assert batch_workers.worker_count() == 3
    monkeypatch.setenv("POLNET_BATCH_WORKERS", "0")
    assert batch_workers.worker_count() == 1
    monkeypatch.setenv("POLNET_BATCH_WORKERS", "two")
    with pytest.raises(ValueError, match="POLNET_BATCH_WORKERS must be a whole number"):
        batch_workers.worker_count()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_list_whose_worker_process_dies_fails_at_once_and_deletes_its_files(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(screening_index.snapshot_folder(), ignore_errors=True)  # workers build from this database
    monkeypatch.setenv("POLNET_BATCH_WORKERS", "2")
    monkeypatch.setattr(batch_workers, "MIN_ROWS", 4)
    monkeypatch.setattr(batch_workers, "CHUNK_ROWS", 2)
    monkeypatch.setattr(batches, "check_row", check_or_die)
    names = [f"Traveller Number{i}" for i in range(1, 9)]
    names[6] = "Worker Killer"
    text = "name,date_of_birth\n" + "".join(f"{name},1980\n" for name in names)

    batch = batches.start_batch(
        net.actor("DE-unit-full"), text.encode(), "text/csv", purpose="border_management"
    )
    assert run_jobs() == 1  # the list's job, through once the list ends

    batch = ScreeningBatch.objects.get(pk=batch.pk)
    assert batch.status == BatchStatus.FAILED
    assert batch.error.startswith("Checking stopped at row ") and "terminated abruptly" in batch.error
    assert not batches.input_path(batch.pk).exists() and not batches.results_path(batch.pk).exists()
