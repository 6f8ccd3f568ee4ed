"""Passenger lists: a row a check refuses is counted apart, listed with its row, field and
reason, corrected by the officer and then checked like the others; the list is never called
done while such a row was not checked."""

from __future__ import annotations

import csv
import importlib
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils.translation import gettext, override

from polnet.screening.batches import corrections
from polnet.screening.batches import files as batch_files
from polnet.screening.batches import runs as batches
from polnet.screening.models import BatchRow, BatchStatus, Hit, RowState, ScreeningBatch
from tests.factories import Network, make_record, signed_in_client
from tests.jobs.drive import run_jobs

HEADER = "name,date_of_birth,nationality,document_number\n"


def _list(passport: str) -> bytes:
    """Five passengers: Ivan Ivanov hits a person record; row 3 carries the stolen passport
    but a date of birth that is no date; row 4 a nationality that is no country."""
    return (
        HEADER
        + "Anna Berg,1990-01-01,SE,\n"
        + "Ivan Ivanov,1974-08-12,,\n"
        + f"Carl Dahl,1990-13-45,,{passport}\n"
        + "Eva Ek,1992-02-02,ZZZ,\n"
        + "Olle Lind,1993-03-03,,\n"
    ).encode()


@pytest.fixture
def records(net: Network) -> str:
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    return str(make_record(net.actor("FR-officer"), "document").number)  # a stolen passport


def _checked(net: Network, passport: str, user: str = "DE-unit-full") -> ScreeningBatch:
    batch = batches.start_batch(
        net.actor(user), _list(passport), "text/csv", location="Frankfurt", purpose="border_management"
    )
    run_jobs()
    return ScreeningBatch.objects.get(pk=batch.pk)


def _api_correct(client: Any, batch: ScreeningBatch, row: int, values: dict[str, str]) -> Any:
    url = f"/api/screening/batches/{batch.pk}/rows/{row}"
    return client.post(url, json.dumps(values), content_type="application/json")


def _results(batch: ScreeningBatch) -> dict[str, dict[str, str]]:
    with batch_files.results_path(batch.pk).open(newline="", encoding="utf-8") as f:
        return {row["row"]: row for row in csv.DictReader(f)}


@pytest.mark.django_db(transaction=True)
def test_refused_rows_are_counted_apart_and_kept_with_row_field_and_reason(
    net: Network, records: str, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path

    batch = _checked(net, records)

    assert (batch.status, batch.done, batch.rejected, batch.checked, batch.hit_count) == ("done", 5, 2, 3, 1)
    assert batch.state == "partly_checked"
    refused = {r.row: r for r in BatchRow.objects.filter(batch=batch, state=RowState.REJECTED)}
    assert sorted(refused) == [3, 4]
    assert (refused[3].field, refused[4].field) == ("date_of_birth", "nationality")
    assert refused[4].code == "country_code"
    with override("ar"):
        assert refused[4].reasons["ar"] == gettext("This is not a known country code.")
    assert refused[4].reasons["en"] == "This is not a known country code."
    assert refused[3].values["document_number"] == records
    # The refused row was not checked in part: its passport was not looked up, so no hit on
    # it was raised, to be raised again when the row is corrected.
    assert not Hit.objects.filter(batch=batch, kind="document").exists()
    assert _results(batch)["3"]["error"]


@pytest.mark.django_db(transaction=True)
def test_a_row_with_nothing_to_check_is_refused_not_counted_as_checked(
    net: Network, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    rows = b"name,date_of_birth,document_number\nAnna Berg,1990,\n,1980,\n"

    by_name = batches.start_batch(net.actor("DE-unit-full"), rows, "text/csv", purpose="border_management")
    by_document = batches.start_batch(
        net.actor("DE-unit-docsonly"), rows, "text/csv", purpose="border_management"
    )
    run_jobs()

    by_name.refresh_from_db()
    by_document.refresh_from_db()
    assert (by_name.checked, by_name.rejected) == (1, 1)
    assert BatchRow.objects.get(batch=by_name).code == "batch_row_empty"
    # A unit that checks documents only cannot check a row that has only a name.
    assert (by_document.checked, by_document.rejected) == (0, 2)
    assert set(BatchRow.objects.filter(batch=by_document).values_list("code", flat=True)) == {
        "batch_row_no_document"
    }


@pytest.mark.django_db(transaction=True)
def test_the_page_counts_lists_and_corrects_refused_rows_until_the_list_is_done(
    net: Network, records: str, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    batch = _checked(net, records)
    client = signed_in_client(net.users["DE-unit-full"])

    page = client.get(f"/check/batches/{batch.pk}/").content.decode()

    assert "3 of 5 rows checked" in page and "2 rejected" in page and "1 row with a hit" in page
    assert "Checked with 2 rows rejected" in page and ">Done<" not in page
    assert "This list is not complete" in page
    assert f'id="batch-{batch.pk}-row-3"' in page and f'id="batch-{batch.pk}-row-4"' in page
    assert "This is not a known country code." in page
    assert '<bdi class="batch-row-value">1990-13-45</bdi>' in page  # what the row held
    assert f'action="/check/batches/{batch.pk}/rows/3/"' in page
    assert f'value="{records}"' in page  # the form holds the row as it was read
    assert f'id="batch-{batch.pk}-hit-row-2"' in page  # Ivan Ivanov's row, with its hit

    client.cookies["django_language"] = "ar"
    arabic = client.get(f"/check/batches/{batch.pk}/").content.decode()
    with override("ar"):
        assert gettext("This is not a known country code.") in arabic
    client.cookies["django_language"] = "en"

    r = client.post(
        f"/check/batches/{batch.pk}/rows/3/",
        {"name": "Carl Dahl", "date_of_birth": "1990-12-15", "document_number": records},
    )
    assert r.status_code == 302
    assert BatchRow.objects.get(batch=batch, row=3).state == RowState.PENDING
    run_jobs()

    batch.refresh_from_db()
    assert (batch.rejected, batch.checked, batch.hit_count, batch.state) == (1, 4, 2, "partly_checked")
    assert Hit.objects.filter(batch=batch, kind="document").count() == 1  # the stolen passport
    row = _results(batch)["3"]
    assert (row["error"], row["date_of_birth"], row["document_hit"]) == ("", "1990-12-15", "1")
    assert list(_results(batch)) == ["1", "2", "3", "4", "5"]  # in place, and only once
    page = client.get(f"/check/batches/{batch.pk}/").content.decode()
    assert f'id="batch-{batch.pk}-hit-row-3"' in page and f'id="batch-{batch.pk}-row-3"' not in page

    # Corrected but still wrong: refused again, with the new values kept to correct again.
    client.post(f"/check/batches/{batch.pk}/rows/4/", {"name": "Eva Ek", "nationality": "QQ"})
    run_jobs()
    again = BatchRow.objects.get(batch=batch, row=4)
    assert (again.state, again.values["nationality"]) == (RowState.REJECTED, "QQ")
    batch.refresh_from_db()
    assert (batch.rejected, batch.state) == (1, "partly_checked")

    client.post(f"/check/batches/{batch.pk}/rows/4/", {"name": "Eva Ek", "nationality": "SE"})
    run_jobs()
    batch.refresh_from_db()
    assert (batch.done, batch.checked, batch.rejected, batch.state) == (5, 5, 0, "done")
    page = client.get(f"/check/batches/{batch.pk}/").content.decode()
    assert "5 of 5 rows checked" in page and "rejected" not in page.split("batch-counts")[1][:200]


@pytest.mark.django_db(transaction=True)
def test_the_api_reports_refused_rows_and_takes_corrections(
    net: Network, records: str, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    batch = _checked(net, records)
    client = signed_in_client(net.users["DE-unit-full"])

    body = client.get(f"/api/screening/batches/{batch.pk}", HTTP_ACCEPT_LANGUAGE="fr").json()

    assert (body["status"], body["done"], body["checked"], body["rejected"]) == ("partly_checked", 5, 3, 2)
    assert body["finished"] is True
    assert [(r["row"], r["field"], r["state"]) for r in body["rejected_rows"]] == [
        (3, "date_of_birth", "rejected"),
        (4, "nationality", "rejected"),
    ]
    with override("fr"):
        assert body["rejected_rows"][1]["reason"] == gettext("This is not a known country code.")

    bad = _api_correct(client, batch, 4, {"name": "Eva\x00Ek"})
    assert bad.status_code == 422 and bad.json()["field"] == "name"
    assert BatchRow.objects.get(batch=batch, row=4).state == RowState.REJECTED

    r = _api_correct(client, batch, 4, {"name": "Eva Ek", "nationality": "SE"})
    assert r.status_code == 202, r.content
    assert r.json()["finished"] is False and r.json()["rejected_rows"][1]["state"] == "pending"
    again = _api_correct(client, batch, 4, {"name": "Eva Ek"})
    assert again.status_code == 409 and again.json()["code"] == "batch_row_pending"
    run_jobs()
    body = client.get(f"/api/screening/batches/{batch.pk}").json()
    assert (body["status"], body["checked"], body["rejected"]) == ("partly_checked", 4, 1)

    not_refused = _api_correct(client, batch, 2, {"name": "X"})
    assert not_refused.status_code == 404 and not_refused.json()["code"] == "batch_row_not_refused"


@pytest.mark.django_db(transaction=True)
def test_only_the_sender_sees_and_corrects_a_lists_rows(
    net: Network, records: str, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    batch = _checked(net, records)
    other = signed_in_client(net.users["FR-officer"])

    assert other.get(f"/check/batches/{batch.pk}/").status_code == 404
    r = other.post(f"/check/batches/{batch.pk}/rows/3/", {"name": "Carl Dahl", "date_of_birth": "1990"})
    assert r.status_code == 404
    api = _api_correct(other, batch, 3, {"name": "X"})
    assert api.status_code == 404
    assert BatchRow.objects.get(batch=batch, row=3).state == RowState.REJECTED


@pytest.mark.django_db(transaction=True)
def test_a_hit_only_unit_sees_its_rows_with_hits_but_nothing_of_the_record(
    net: Network, records: str, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    batch = _checked(net, records, user="DE-unit-hitonly")
    hit = Hit.objects.get(batch=batch)
    client = signed_in_client(net.users["DE-unit-hitonly"])

    page = client.get(f"/check/batches/{batch.pk}/").content.decode()

    rows = page.split(f'id="batch-{batch.pk}-hits"')[1].split("</section>")[0]
    assert f'id="batch-{batch.pk}-hit-row-2"' in rows and f"Hit {hit.pk}" in rows
    assert "Ivan Ivanov" in rows  # what the unit itself checked
    assert "Owner" not in rows and f"Person {hit.record_id}" not in rows and "%" not in rows


@pytest.mark.django_db(transaction=True)
def test_a_resumed_list_counts_the_refused_rows_of_the_file_only(
    net: Network, records: str, settings: Any, tmp_path: Path
) -> None:
    """A worker that died kept a row as refused before writing its line: the next worker
    checks that row again and counts what it finds, not what was kept."""
    settings.DATA_DIR = tmp_path
    batch = _checked(net, records)
    results = batch_files.results_path(batch.pk)
    lines = results.read_text(encoding="utf-8").splitlines(keepends=True)
    results.write_text("".join(lines[:4]), encoding="utf-8", newline="")  # header and rows 1-3
    with batch_files.input_path(batch.pk).open("w", encoding="utf-8") as out:
        for row in batches.parse_rows(_list(records), "text/csv"):
            out.write(json.dumps(row) + "\n")
    BatchRow.objects.create(batch=batch, row=5, state=RowState.REJECTED, field="name", code="stale")
    ScreeningBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, done=2, rejected=0)

    batches.run_batch(batch.pk)

    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.rejected, batch.checked) == ("done", 5, 2, 3)
    assert sorted(
        BatchRow.objects.filter(batch=batch, state=RowState.REJECTED).values_list("row", flat=True)
    ) == [
        3,
        4,
    ]


@pytest.mark.django_db(transaction=True)
def test_a_correction_whose_check_fails_is_offered_again_not_left_waiting(
    net: Network, records: str, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DATA_DIR = tmp_path
    batch = _checked(net, records)
    client = signed_in_client(net.users["DE-unit-full"])

    def database_gone(*args: Any) -> dict[str, Any]:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(corrections, "check_row", database_gone)
    client.post(f"/check/batches/{batch.pk}/rows/4/", {"name": "Eva Ek", "nationality": "SE"})
    run_jobs()

    kept = BatchRow.objects.get(batch=batch, row=4)
    assert (kept.state, kept.code) == (RowState.REJECTED, "country_code")
    batch.refresh_from_db()
    assert (batch.rejected, batch.checked) == (2, 3)
    page = client.get(f"/check/batches/{batch.pk}/").content.decode()
    assert f'action="/check/batches/{batch.pk}/rows/4/"' in page


@pytest.mark.django_db(transaction=True)
def test_refused_rows_lose_their_passenger_data_with_the_lists_files(
    net: Network, records: str, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    batch = _checked(net, records)
    later = batch.finished_at + timedelta(hours=settings.POLNET_BATCH_RESULTS_HOURS + 1)

    assert batch_files.delete_expired_files(now=later) == 1

    kept = BatchRow.objects.get(batch=batch, row=3)
    assert (kept.values, kept.field, kept.state) == ({}, "date_of_birth", RowState.REJECTED)
    client = signed_in_client(net.users["DE-unit-full"])
    page = client.get(f"/check/batches/{batch.pk}/").content.decode()
    assert f'id="batch-{batch.pk}-row-3"' in page and "/rows/3/" not in page  # listed, no form
    r = _api_correct(client, batch, 3, {"name": "X"})
    assert r.status_code == 409 and r.json()["code"] == "batch_results_deleted_for_correction"


@pytest.mark.django_db(transaction=True)
def test_a_list_checked_before_rows_were_kept_gets_its_refused_rows_from_its_results(
    net: Network, records: str, settings: Any, tmp_path: Path
) -> None:
    """The migration reads the results files still kept: such a list is not called done."""
    from django.apps import apps

    settings.DATA_DIR = tmp_path
    batch = _checked(net, records)
    BatchRow.objects.filter(batch=batch).delete()  # as the list was before
    ScreeningBatch.objects.filter(pk=batch.pk).update(rejected=0)
    migration = importlib.import_module("polnet.screening.migrations.0004_batch_rows_from_results")

    migration._rows_from_results(apps, None)

    batch.refresh_from_db()
    assert (batch.rejected, batch.checked, batch.state) == (2, 3, "partly_checked")
    refused = BatchRow.objects.get(batch=batch, row=4)
    assert refused.reasons == {"en": "This is not a known country code."}
    assert BatchRow.objects.get(batch=batch, row=2).hit_ids  # Ivan Ivanov's row, with its hit
