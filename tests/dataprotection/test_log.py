"""The processing log: who sees which entries (a matrix of roles), the filters, page, API and
command line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from polnet.cli import app as cli_app
from polnet.core.errors import Forbidden, InvalidInput
from polnet.core.models import AuditEntry
from polnet.dataprotection.console import services
from polnet.dataprotection.console.filters import make_filters
from polnet.records import services as records
from tests.dataprotection.conftest import log_query
from tests.factories import Network, make_record, signed_in_client

T0 = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)


@pytest.fixture
def planted(net: Network, clock: Any) -> dict[str, Any]:
    fr_record = make_record(net.actor("FR-officer"), "person")
    de_record = make_record(net.actor("DE-officer"), "person")
    with clock(T0):
        records.read_record(net.actor("FR-officer"), "person", de_record.pk)  # FR's person, DE's record
    with clock(T0 + timedelta(hours=1)):
        records.read_record(net.actor("DE-officer"), "person", fr_record.pk)  # DE's person, FR's record
    with clock(T0 + timedelta(hours=2)):
        records.read_record(net.actor("DE-officer"), "person", de_record.pk)  # DE's alone
    with clock(T0 + timedelta(hours=3)):
        records.read_record(net.actor("gs-reviewer"), "person", de_record.pk)  # the secretariat's
    log_query(
        net.actor("FR-unit-full"),
        "document",
        {"number": "X1"},
        T0 + timedelta(hours=4),
        purpose="border_management",
    )
    log_query(net.actor("DE-unit-full"), "document", {"number": "X2"}, T0 + timedelta(hours=5))
    return {"fr": fr_record, "de": de_record}


def _seen(actor: Any, **filters: Any) -> list[tuple[str, str, str]]:
    chosen = make_filters(since="2026-11-03", until="2026-11-03", **filters)
    page = services.search_log(actor, chosen, per_page=200)
    return [(e.user, e.action, e.object_id) for e in reversed(page.events)]


def test_bureau_officer_sees_its_people_and_its_records(net: Network, planted: dict[str, Any]) -> None:
    fr, de = str(planted["fr"].pk), str(planted["de"].pk)
    assert _seen(net.actor("FR-dpo")) == [
        ("fr-officer", "read", de),
        ("de-officer", "read", fr),
        ("fr-unit-full", "search", ""),
    ]
    assert _seen(net.actor("DE-dpo")) == [
        ("fr-officer", "read", de),  # about DE's record
        ("de-officer", "read", fr),
        ("de-officer", "read", de),
        ("gs-reviewer", "read", de),  # about DE's record
        ("de-unit-full", "search", ""),
    ]
    assert len(_seen(net.actor("gs-dpo"))) == 6


@pytest.mark.parametrize(
    "user",
    [
        "FR-officer",
        "FR-admin",
        "FR-analyst",
        "FR-unit-full",
        "FR-unit-writer",
        "gs-reviewer",
        "gs-analyst",
        "gs-sysadmin",
    ],
)
def test_no_one_else_searches_the_log(net: Network, user: str) -> None:
    with pytest.raises(Forbidden):
        services.search_log(net.actor(user), make_filters())
    client = signed_in_client(net.users[user])
    assert client.get("/dataprotection/console/log/").status_code == 403
    assert client.get("/api/dataprotection/log").status_code == 403
    assert client.post("/dataprotection/console/log/export/").status_code == 403


def test_filters(net: Network, planted: dict[str, Any]) -> None:
    gs = net.actor("gs-dpo")
    de = str(planted["de"].pk)
    assert _seen(gs, user="de-officer") == [
        ("de-officer", "read", str(planted["fr"].pk)),
        ("de-officer", "read", de),
    ]
    unit = net.units["FR-full"].pk
    assert _seen(gs, unit=str(unit)) == [("fr-unit-full", "search", "")]
    assert _seen(gs, purpose="border_management") == [("fr-unit-full", "search", "")]
    assert _seen(gs, kind="person", record_id=de) == [
        ("fr-officer", "read", de),
        ("de-officer", "read", de),
        ("gs-reviewer", "read", de),
    ]
    assert _seen(gs, kind="document") == [("fr-unit-full", "search", ""), ("de-unit-full", "search", "")]
    window = make_filters(since="2026-11-03T09:30", until="2026-11-03T11:30")
    assert [e.user for e in services.search_log(gs, window).events] == ["gs-reviewer", "de-officer"]


@pytest.mark.parametrize(
    ("given", "code", "field"),
    [
        ({"since": "yesterday"}, "bad_date", "since"),
        ({"since": "2026-11-04", "until": "2026-11-02"}, "bad_period", "since"),
        ({"record_id": "5"}, "kind_missing", "kind"),
        ({"kind": "Person; drop"}, "bad_kind", "kind"),
        ({"unit": "twelve"}, "bad_number", "unit"),
    ],
)
def test_bad_filters_are_refused_on_their_field(
    net: Network, given: dict[str, str], code: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        make_filters(**given)
    assert (refused.value.code, refused.value.field) == (code, field)
    client = signed_in_client(net.users["gs-dpo"])
    answer = client.get("/api/dataprotection/log", given)
    assert answer.status_code == 422 and answer.json()["code"] == code
    assert client.get("/dataprotection/console/log/", given).status_code == 422


def test_page_api_and_command_line_agree(net: Network, planted: dict[str, Any]) -> None:
    client = signed_in_client(net.users["FR-dpo"])
    html = client.get("/dataprotection/console/log/", {"user": "de-officer"}).content.decode()
    assert "de-officer" in html and "fr-officer</td>" not in html
    body = client.get(
        "/api/dataprotection/log", {"user": "de-officer", "since": "2026-11-03", "until": "2026-11-03"}
    ).json()
    assert [e["object_id"] for e in body["events"]] == [str(planted["fr"].pk)]
    result = CliRunner().invoke(
        cli_app,
        [
            "dataprotection",
            "log",
            "--as",
            "fr-dpo",
            "--user",
            "de-officer",
            "--since",
            "2026-11-03",
            "--until",
            "2026-11-03",
        ],
    )
    assert result.exit_code == 0, result.output
    assert f'"object_id": "{planted["fr"].pk}"' in result.stdout
    refused = CliRunner().invoke(cli_app, ["dataprotection", "log", "--as", "fr-officer"])
    assert refused.exit_code == 1


def test_every_search_of_the_log_is_audited(net: Network, planted: dict[str, Any]) -> None:
    services.search_log(net.actor("FR-dpo"), make_filters(user="de-officer"))
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert (entry.action, entry.object_type, entry.purpose) == ("search", "processing_log", "data_protection")
    assert entry.detail["filters"] == {"user": "de-officer"}
