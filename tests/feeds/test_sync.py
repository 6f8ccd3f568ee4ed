"""Bulk sync: upsert and delete by external reference, idempotency, full sync, the report,
access, and the screening index following, on whichever database the run uses."""

from __future__ import annotations

import csv
import gc
import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from polnet.core.errors import Conflict, Forbidden, PolnetError
from polnet.feeds import services, sync
from polnet.feeds.models import BatchStatus, ImportBatch
from polnet.network.services import issue_token
from polnet.records import services as records
from polnet.records.models import Person, RecordChange, TravelDocument
from polnet.screening import index as screening_index
from polnet.screening import services as screening
from tests.factories import SAMPLE_FIELDS, Network, access, signed_in_client
from tests.jobs.drive import run_jobs

REVIEW = (date.today() + timedelta(days=365)).isoformat()
DOC_COLUMNS = ["op", "external_ref", "number", "kind", "status", "date_reported", "purpose", "review_date"]


def _doc(ref: str, number: str, *, op: str = "upsert", status: str = "stolen") -> dict[str, str]:
    return {
        "op": op,
        "external_ref": ref,
        "number": number,
        "kind": "passport",
        "status": status,
        "date_reported": "2026-01-05",
        "purpose": "border_management",
        "review_date": REVIEW,
    }


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=DOC_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _import(
    net: Network,
    body: bytes,
    *,
    user: str = "FR-officer",
    kind: str = "document",
    name: str = "b.csv",
    **opts: Any,
) -> ImportBatch:
    batch = services.submit(net.actor(user), kind, [body], file_name=name, **opts)
    run_jobs()
    batch.refresh_from_db()
    return batch


def _docs(country: str = "FR") -> dict[str, TravelDocument]:
    return {d.external_ref or "": d for d in TravelDocument.objects.filter(owner_country_id=country)}


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


@pytest.mark.django_db
def test_upsert_then_delete_by_external_ref(net: Network) -> None:
    batch = _import(net, _csv([_doc("N-1", "X1000001"), _doc("N-2", "X1000002")]))
    assert batch.status == BatchStatus.DONE and (batch.created, batch.rows_read) == (2, 2)
    # A single create after the batch takes the next id (PostgreSQL's sequence moved past them).
    single = records.create_record(
        net.actor("FR-officer"), "document", {**SAMPLE_FIELDS["document"], **access()}
    )
    assert single.external_ref is None
    docs = _docs()
    assert docs["N-1"].number == "X1000001" and docs["N-1"].version == 1
    assert docs["N-1"].hit_action  # the default of its kind and purpose, as a single create
    batch = _import(net, _csv([_doc("N-1", "X1000001", status="lost"), _doc("N-2", "", op="delete")]))
    assert (batch.updated, batch.deleted, batch.status) == (1, 1, BatchStatus.DONE)
    docs = _docs()
    assert set(docs) == {"N-1", ""} and docs["N-1"].status == "lost" and docs["N-1"].version == 2
    assert RecordChange.objects.filter(kind="document", deleted=True).count() == 1


@pytest.mark.django_db
def test_the_same_batch_twice_changes_nothing(net: Network) -> None:
    body = _csv([_doc("N-1", "X1000001"), _doc("N-2", "X1000002"), _doc("N-3", "", op="delete")])
    first = _import(net, body)
    before = {(d.pk, d.version, d.updated_at) for d in TravelDocument.objects.all()}
    feed = RecordChange.objects.count()
    second = _import(net, body)
    assert second.same_as == first.pk
    assert (second.created, second.updated, second.deleted, second.unchanged) == (0, 0, 0, 3)
    assert {(d.pk, d.version, d.updated_at) for d in TravelDocument.objects.all()} == before
    assert RecordChange.objects.count() == feed  # nothing announced to the screening index


@pytest.mark.django_db
def test_persons_in_json_lines_compare_their_names(net: Network) -> None:
    row = {
        "op": "upsert",
        "external_ref": "P-7",
        "purpose": "investigation",
        "names": [{"given": "Ivan", "family": "Ivanov"}],
        "date_of_birth": "1974-08-12",
        "nationalities": ["RU"],
    }
    body = (json.dumps(row) + "\n").encode()
    assert _import(net, body, kind="person", name="p.jsonl").created == 1
    assert _import(net, body, kind="person", name="p.jsonl").unchanged == 1
    renamed = {**row, "names": [{"given": "Ivan", "family": "Petrov"}]}
    assert _import(net, (json.dumps(renamed) + "\n").encode(), kind="person", name="p.jsonl").updated == 1
    person = Person.objects.get(external_ref="P-7")
    assert [n.family for n in person.names.all()] == ["Petrov"]
    assert list(person.nationalities.values_list("code", flat=True)) == ["RU"]


@pytest.mark.django_db
def test_invalid_rows_are_reported_and_nothing_is_applied(net: Network) -> None:
    rows = [_doc("N-1", "X1000001"), {**_doc("N-2", "X1000002"), "status": "misplaced"}, _doc("N-3", "***")]
    batch = _import(net, _csv(rows))
    assert batch.status == BatchStatus.REJECTED and batch.rows_failed == 2
    assert [(e["row"], e["field"]) for e in batch.errors] == [(2, "status"), (3, "number")]
    assert batch.errors[1]["code"] == "document_number_no_alnum"  # the records' own rule
    assert not TravelDocument.objects.exists()
    batch = _import(net, _csv(rows), apply_valid_only=True)
    assert (batch.status, batch.created, batch.rows_failed) == (BatchStatus.DONE, 1, 2)
    assert set(_docs()) == {"N-1"}


@pytest.mark.django_db
def test_a_duplicate_number_is_refused_as_a_single_create_would_be(net: Network) -> None:
    _import(net, _csv([_doc("N-1", "X1000001")]))
    batch = _import(
        net, _csv([_doc("N-9", "X1000001"), _doc("N-8", "X2"), _doc("N-7", "X2")]), apply_valid_only=True
    )
    assert [(e["row"], e["code"]) for e in batch.errors] == [
        (1, "document_duplicate"),
        (3, "document_duplicate"),
    ]
    assert set(_docs()) == {"N-1", "N-8"}


@pytest.mark.django_db
def test_a_failing_chunk_writes_nothing_of_it(net: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: sync.Sync, inserts: Any, now: Any) -> None:
        original(self, inserts, now)
        raise PolnetError("boom", code="test_boom")

    original = sync.Sync._insert
    monkeypatch.setattr(sync.Sync, "_insert", broken)
    _import(net, _csv([_doc("N-1", "X1000001")]))  # the job runs: the update and insert roll back
    monkeypatch.undo()
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.FAILED
    assert not TravelDocument.objects.exists() and not RecordChange.objects.exists()


@pytest.mark.django_db
def test_the_apply_pass_plans_again_only_chunks_whose_records_changed_since_the_check(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync, "CHUNK", 2)  # chunks: N-1 N-2 | N-3 N-4 | N-5
    _import(net, _csv([_doc(f"N-{i}", f"X100000{i}") for i in (1, 2, 3)]))
    officer = net.actor("FR-officer")
    batch = services.submit(
        officer,
        "document",
        [_csv([_doc(f"N-{i}", f"X100000{i}", status="lost") for i in range(1, 6)])],
        file_name="b.csv",
        enqueue=False,
    )
    planned_again: list[list[str]] = []
    run_chunk = sync.Sync.run_chunk

    def counting(self: sync.Sync, rows: Any, tally: Any, *, write: bool, **more: Any) -> None:
        if write:
            planned_again.append([r.ref for r in rows])
        run_chunk(self, rows, tally, write=write, **more)

    def meanwhile(current: ImportBatch) -> None:
        if current.status == BatchStatus.CHECKING and current.rows_read == 4:  # N-3 and N-4 checked
            doc = TravelDocument.objects.get(external_ref="N-3")
            records.update_record(officer, "document", doc.pk, {"version": doc.version, "status": "revoked"})
            _import(net, _csv([_doc("N-4", "X1000004", status="invalid")]))  # another batch took N-4

    monkeypatch.setattr(sync.Sync, "run_chunk", counting)
    batch_now = services.run(batch.pk, on_progress=meanwhile)
    assert batch_now.status == BatchStatus.DONE
    assert planned_again == [["N-3", "N-4"]]  # the other chunks were applied as checked
    assert (batch_now.created, batch_now.updated) == (1, 4)
    docs = _docs()
    assert {ref: d.status for ref, d in docs.items()} == {f"N-{i}": "lost" for i in range(1, 6)}
    assert (docs["N-3"].version, docs["N-4"].version, docs["N-1"].version) == (3, 2, 2)


@pytest.mark.django_db
def test_full_sync_deletes_what_it_left_out_once_the_count_is_confirmed(net: Network) -> None:
    _import(net, _csv([_doc(f"N-{i}", f"X100000{i}") for i in range(1, 5)]))
    hand = TravelDocument.objects.get(external_ref="N-4")
    batch = _import(net, _csv([_doc("N-1", "X1000001"), _doc("N-2", "X1000002")]), full_sync=True)
    assert (batch.status, batch.would_delete) == (BatchStatus.AWAITING_CONFIRMATION, 2)
    assert len(_docs()) == 4  # nothing deleted before the confirmation
    with pytest.raises(Conflict) as wrong:
        services.confirm(net.actor("FR-officer"), batch.pk, 3)
    assert wrong.value.code == "import_count_mismatch"
    with pytest.raises(PolnetError):  # an analyst does not write records: not even its batches
        services.confirm(net.actor("FR-analyst"), batch.pk, 2)
    services.confirm(net.actor("FR-admin"), batch.pk, 2)
    run_jobs()
    batch.refresh_from_db()
    assert (batch.status, batch.swept) == (BatchStatus.DONE, 2)
    assert set(_docs()) == {"N-1", "N-2"}
    assert not TravelDocument.objects.filter(pk=hand.pk).exists()


@pytest.mark.django_db
def test_another_bureau_cannot_touch_my_external_refs(net: Network) -> None:
    _import(net, _csv([_doc("N-1", "X1000001")]))
    batch = _import(
        net, _csv([_doc("N-1", "", op="delete"), _doc("N-1b", "Y1")]), user="DE-officer", full_sync=True
    )
    assert batch.status == BatchStatus.DONE and batch.would_delete == 0
    assert set(_docs("FR")) == {"N-1"} and set(_docs("DE")) == {"N-1b"}
    assert _docs("DE")["N-1b"].issuing_country_id == "DE"
    with pytest.raises(PolnetError) as hidden:
        services.get_batch(
            net.actor("DE-officer"), ImportBatch.objects.filter(owner_country_id="FR").get().pk
        )
    assert hidden.value.code == "import_batch_not_found"
    for who in ("FR-analyst", "FR-unit-full", "gs-reviewer"):
        with pytest.raises(Forbidden):
            services.submit(net.actor(who), "document", [_csv([_doc("N-5", "X5")])], file_name="b.csv")


@pytest.mark.django_db
def test_api_answers_at_once_and_a_narrow_token_is_refused(net: Network) -> None:
    admin = net.actor("FR-admin")
    _, narrow = issue_token(
        admin, net.users["FR-officer"], name="single edits", scopes=["records:read", "records:write"]
    )
    _, wide = issue_token(
        admin, net.users["FR-officer"], name="national system", scopes=["records:write", "records:import"]
    )
    client = Client()
    upload = {"kind": "document", "file": io.BytesIO(_csv([_doc("N-1", "X1000001")]))}
    upload["file"].name = "batch.csv"  # type: ignore[attr-defined]
    refused = client.post("/api/feeds/batches", upload, HTTP_AUTHORIZATION=f"Bearer {narrow}")
    assert refused.status_code == 403
    upload["file"].seek(0)  # type: ignore[attr-defined]
    sent = client.post("/api/feeds/batches", upload, HTTP_AUTHORIZATION=f"Bearer {wide}")
    assert sent.status_code == 202 and sent.json()["status"] == "queued"
    assert not TravelDocument.objects.exists()  # the job has not run yet
    run_jobs()
    polled = client.get(f"/api/feeds/batches/{sent.json()['id']}", HTTP_AUTHORIZATION=f"Bearer {wide}")
    assert polled.json()["status"] == "done" and polled.json()["created"] == 1
    bad = io.BytesIO(b"number,kind\nX1,passport\n")
    bad.name = "bad.csv"
    refused_file = client.post(
        "/api/feeds/batches", {"kind": "document", "file": bad}, HTTP_AUTHORIZATION=f"Bearer {wide}"
    )
    assert refused_file.status_code == 422 and refused_file.json()["code"] == "import_header_missing"


@pytest.mark.django_db
def test_a_check_finds_a_just_imported_document(net: Network) -> None:
    officer = net.actor("DE-officer")
    assert not screening.screen_document(officer, "X7000007", None).hit  # the index is built now
    _import(net, _csv([_doc("N-1", "X7000007")]))
    assert screening.screen_document(officer, "X7000007", None).hit
    _import(net, _csv([_doc("N-1", "", op="delete")]))
    assert not screening.screen_document(officer, "X7000007", None).hit


@pytest.mark.django_db
def test_the_batch_page_shows_the_report_and_confirms(net: Network) -> None:
    _import(net, _csv([_doc("N-1", "X1000001"), _doc("N-2", "X1000002")]))
    batch = _import(
        net, _csv([_doc("N-1", "X1000001"), _doc("N-3", "***")]), full_sync=True, apply_valid_only=True
    )
    client = signed_in_client(net.users["FR-officer"])
    listing = client.get("/feeds/")
    assert listing.status_code == 200 and f"/feeds/{batch.pk}/" in listing.content.decode()
    page = client.get(f"/feeds/{batch.pk}/").content.decode()
    assert 'id="batch-errors"' in page and 'id="confirm-sync"' in page
    assert client.post(f"/feeds/{batch.pk}/", {"count": "1"}).status_code == 302
    run_jobs()
    assert set(_docs()) == {"N-1"}
    assert signed_in_client(net.users["DE-officer"]).get(f"/feeds/{batch.pk}/").status_code == 404


def _connection_setting() -> str:
    from django.db import connection

    query = "SHOW synchronous_commit" if connection.vendor == "postgresql" else "PRAGMA cache_size"
    with connection.cursor() as cursor:
        cursor.execute(query)
        return str(cursor.fetchone()[0])


@pytest.mark.django_db
def test_a_batch_tunes_its_connection_and_the_collector_only_while_it_runs(net: Network) -> None:
    """SQLite's larger page cache, PostgreSQL's commits without a wait for the disk and the cycle
    collector's pause are the batch's alone: the process gets them back for the next job."""
    before = _connection_setting()
    during: list[tuple[str, bool]] = []
    batch = services.submit(
        net.actor("FR-officer"),
        "document",
        [_csv([_doc("N-1", "X1000001")])],
        file_name="b.csv",
        enqueue=False,
    )
    batch = services.run(
        batch.pk, on_progress=lambda _b: during.append((_connection_setting(), gc.isenabled()))
    )
    assert batch.status == BatchStatus.DONE
    tuned = "off" if before == "on" else f"-{services.SQLITE_CACHE_KIB}"
    assert during and set(during) == {(tuned, False)}
    assert _connection_setting() == before and gc.isenabled()


@pytest.mark.django_db
def test_a_batch_renews_postgresql_statistics_as_it_fills_a_table(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without it, a table a batch fills from empty keeps the statistics of an empty table and
    each chunk's lookup by reference scans the owner's whole share."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's planner reads no statistics a batch would leave stale")
    monkeypatch.setattr(sync, "ANALYZE_EVERY", 2)

    def rows_known() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'records_traveldocument'::regclass")
            return float(cursor.fetchone()[0])

    with CaptureQueriesContext(connection) as queries:
        batch = _import(net, _csv([_doc(f"N-{i}", f"X100000{i}") for i in range(3)]))
    assert batch.created == 3
    analysed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    assert analysed == ['ANALYZE "records_traveldocument"']
    assert rows_known() >= 3  # the batch's own rows, counted inside its transaction
