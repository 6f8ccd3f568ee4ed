"""Airline passenger lists sent as UN/EDIFACT PAXLST: read as the guide lays them out, checked
as a CSV list is, and refused whole, naming the segment, when they are not as the guide says."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from polnet import cli as polnet_cli
from polnet.core.errors import InvalidInput
from polnet.screening.batches import input as batch_input
from polnet.screening.models import Hit, ScreeningBatch
from polnet.synthetic import paxlst as synthetic_paxlst
from tests.factories import Network, make_record, signed_in_client
from tests.jobs.drive import run_jobs

FIXTURES = Path(__file__).parent / "fixtures"


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _post(client: Any, content: bytes, name: str) -> Any:
    upload = io.BytesIO(content)
    upload.name = name
    return client.post("/api/screening/batches?purpose=border_management", {"file": upload})


def _results(client: Any, batch_id: int) -> list[dict[str, str]]:
    r = client.get(f"/api/screening/batches/{batch_id}/results.csv")
    return list(csv.DictReader(io.StringIO(b"".join(r.streaming_content).decode())))


def test_the_three_passengers_are_read_as_a_csv_lists_rows() -> None:
    rows = list(batch_input.parse_rows(_fixture("paxlst_three_passengers.edi"), ""))

    assert [(r["family"], r["given"]) for r in rows] == [
        ("IVANOV", "IVAN"),
        ("O'BRIEN", "MARY ANNE"),  # a released apostrophe, two given names
        ("DUBOIS", "CLAIRE"),
    ]
    assert [r["date_of_birth"] for r in rows] == ["1974-08-12", "1988-02-29", "2001-03-05"]
    assert [r["nationality"] for r in rows] == ["RUS", "IRL", "FRA"]
    assert [(r["document_type"], r["document_number"], r["document_country"]) for r in rows] == [
        ("P", "753123456", "RUS"),
        ("P", "PA1234567", "IRL"),
        ("I", "X4RTBFR21", "FRA"),
    ]
    assert {(r["flight"], r["flight_date"]) for r in rows} == {("XY123", "2025-03-14")}
    assert [r["sex"] for r in rows] == ["M", "F", "F"]
    assert [r["booking"] for r in rows] == ["QX7P2L", "QX7P2L", ""]


@pytest.mark.parametrize(
    ("content_type", "name", "expected"),
    [
        ("application/edifact", "", "paxlst"),
        ("", "flight.edi", "paxlst"),
        ("", "flight.PAXLST", "paxlst"),
        ("application/octet-stream", "list.txt", "paxlst"),  # by its UNA start
        ("application/json", "list.json", "paxlst"),  # the content wins over a wrong label
    ],
)
def test_a_paxlst_list_is_known_by_its_type_name_or_start(
    content_type: str, name: str, expected: str
) -> None:
    assert batch_input.list_format(_fixture("paxlst_three_passengers.edi"), content_type, name) == expected


def test_other_lists_are_not_taken_for_paxlst() -> None:
    assert batch_input.list_format(b"name,dob\nUNB Person,1970\n", "text/csv", "a.csv") == "csv"
    assert batch_input.list_format(b'[{"name": "UNA"}]', "application/json") == "json"


def _refusal(content: bytes) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        list(batch_input.parse_rows(content, "application/edifact"))
    return caught.value


@pytest.mark.parametrize(
    ("fixture", "code", "detail"),
    [
        ("paxlst_bad_date.edi", "paxlst_refused", "segment 14 (DTM): date 19821345 is not a date"),
        (
            "paxlst_not_paxlst.edi",
            "paxlst_refused",
            "segment 3 (UNH): this is a INVOIC message, not PAXLST",
        ),
        ("paxlst_truncated.edi", "paxlst_refused", "segment 30 (DTM): the message ends before its UNZ"),
        (
            "paxlst_wrong_count.edi",
            "paxlst_refused",
            "segment 41 (CNT): the count says 4 travellers, the message has 3",
        ),
    ],
)
def test_a_malformed_message_is_refused_naming_the_segment(fixture: str, code: str, detail: str) -> None:
    refused = _refusal(_fixture(fixture))

    assert refused.code == code
    assert detail in str(refused)


def test_the_trailers_segment_count_must_match() -> None:
    content = _fixture("paxlst_three_passengers.edi").replace(b"UNT+40+", b"UNT+39+")

    refused = _refusal(content)

    assert refused.code == "paxlst_refused"
    assert "segment 42 (UNT): the trailer counts 39 segments, the message has 40" in str(refused)


def test_unreadable_edifact_is_refused_not_raised() -> None:
    for content in (b"UNB", b"UNB+x'UNH'", b"UNA:+.? 'UNB+UNOA:4'BGM+745'UNZ+1'", b"UNB+UNOA:4'\xff\xfe'"):
        refused = _refusal(content)
        assert refused.code in ("paxlst_refused", "batch_not_utf8"), content
        assert "segment" in str(refused) or "UTF-8" in str(refused)


@pytest.mark.django_db(transaction=True)
def test_a_paxlst_list_runs_through_the_same_checks_as_a_csv_list(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    client = signed_in_client(net.users["DE-unit-full"])

    r = _post(client, _fixture("paxlst_three_passengers.edi"), "XY123.edi")

    assert r.status_code == 202, r.content
    assert r.json()["total"] == 3
    run_jobs()
    batch = ScreeningBatch.objects.get(pk=r.json()["id"])
    assert (batch.status, batch.hit_count) == ("done", 1), batch.error
    written = _results(client, batch.pk)
    assert [row["name"] for row in written] == ["IVAN IVANOV", "MARY ANNE O'BRIEN", "CLAIRE DUBOIS"]
    assert written[0]["person_hit"] == "1" and written[0]["hit_ids"]
    assert {(row["flight"], row["flight_date"]) for row in written} == {("XY123", "2025-03-14")}
    hit = Hit.objects.get(pk=int(written[0]["hit_ids"].split()[0]))
    assert hit.batch_id == batch.pk


@pytest.mark.django_db(transaction=True)
def test_a_generated_flight_finds_the_stolen_passport_on_board(net: Network) -> None:
    stolen = make_record(net.actor("FR-officer"), "document")
    travellers = synthetic_paxlst.passengers(40, seed=7)
    travellers[17] = replace(travellers[17], document_number=stolen.number, document_country="FRA")
    content = synthetic_paxlst.message(travellers, synthetic_paxlst.random_flight(seed=7)).encode()
    client = signed_in_client(net.users["DE-unit-full"])

    r = client.post(
        "/api/screening/batches?purpose=border_management", content, content_type="application/edifact"
    )

    assert r.status_code == 202, r.content
    run_jobs()
    batch = ScreeningBatch.objects.get(pk=r.json()["id"])
    assert batch.status == "done", batch.error
    hits = [row for row in _results(client, batch.pk) if row["document_hit"] == "1"]
    assert [row["row"] for row in hits] == ["18"]
    assert hits[0]["document_number"] == stolen.number


@pytest.mark.django_db
def test_a_malformed_upload_is_refused_with_the_segment_and_nothing_is_queued(net: Network) -> None:
    client = signed_in_client(net.users["DE-unit-full"])

    r = _post(client, _fixture("paxlst_bad_date.edi"), "XY123.edi")

    assert r.status_code == 422, r.content
    assert r.json()["code"] == "paxlst_refused"
    assert "segment 14 (DTM): date 19821345 is not a date" in r.json()["detail"]
    assert not ScreeningBatch.objects.exists()


@pytest.mark.django_db
def test_a_body_that_is_not_paxlst_is_refused(net: Network) -> None:
    client = signed_in_client(net.users["DE-unit-full"])

    r = client.post(
        "/api/screening/batches?purpose=border_management",
        _fixture("paxlst_not_paxlst.edi"),
        content_type="application/edifact",
    )

    assert r.status_code == 422, r.content
    assert r.json()["code"] == "paxlst_refused"


@pytest.mark.django_db
def test_the_page_takes_a_paxlst_file(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["DE-unit-full"])
    upload = io.BytesIO(_fixture("paxlst_three_passengers.edi"))
    upload.name = "XY123.paxlst"

    r = client.post("/check/batches/", {"file": upload, "purpose": "border_management"})

    assert r.status_code == 302, r.content
    assert ScreeningBatch.objects.get().total == 3


@pytest.mark.django_db
def test_polnet_screen_reads_a_paxlst_file(net: Network, tmp_path: Path) -> None:
    make_record(net.actor("FR-officer"), "person")
    passengers = tmp_path / "XY123.edi"
    passengers.write_bytes(_fixture("paxlst_three_passengers.edi"))
    out = tmp_path / "results.csv"

    args = ["screen", "--as", "de-unit-full", "--purpose", "border_management", "--file", str(passengers)]
    result = CliRunner().invoke(polnet_cli.app, [*args, "--out", str(out)])

    assert result.exit_code == 0, result.output
    written = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [row["person_hit"] for row in written] == ["1", "0", "0"]
    assert written[0]["flight_date"] == "2025-03-14"
