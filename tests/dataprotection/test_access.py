"""The console's doors beyond the pages: machine tokens, the record look-up form, the command line."""

from __future__ import annotations

from django.test import Client
from typer.testing import CliRunner

from polnet.cli import app as cli_app
from polnet.network.services import issue_token
from polnet.records import services as records
from tests.factories import Network, make_record, signed_in_client


def test_a_token_reaches_the_console_only_with_the_data_protection_scope(net: Network) -> None:
    admin = net.actor("FR-admin")
    _, dp = issue_token(admin, net.users["FR-dpo"], name="dpo tools", scopes=["data_protection"])
    _, reader = issue_token(admin, net.users["FR-dpo"], name="reader", scopes=["records:read"])
    _, officer = issue_token(admin, net.users["FR-officer"], name="officer", scopes=["data_protection"])
    client = Client()
    assert client.get("/api/dataprotection/log", HTTP_AUTHORIZATION=f"Bearer {dp}").status_code == 200
    assert client.get("/api/dataprotection/log", HTTP_AUTHORIZATION=f"Bearer {reader}").status_code == 403
    assert client.get("/api/dataprotection/log", HTTP_AUTHORIZATION=f"Bearer {officer}").status_code == 403
    assert client.get("/api/dataprotection/log").status_code == 401


def test_the_look_up_form_leads_to_the_history_or_says_what_is_wrong(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["FR-dpo"])
    found = client.get("/dataprotection/console/history/", {"kind": "person", "id": rec.pk})
    assert (
        found.status_code == 302 and found["Location"] == f"/dataprotection/console/history/person/{rec.pk}/"
    )
    wrong = client.get("/dataprotection/console/history/", {"kind": "spaceship", "id": "x"})
    assert wrong.status_code == 422 and "field-error" in wrong.content.decode()


def test_history_from_the_command_line(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    records.read_record(net.actor("DE-officer"), "person", rec.pk)
    runner = CliRunner()
    shown = runner.invoke(cli_app, ["dataprotection", "history", "person", str(rec.pk), "--as", "gs-dpo"])
    assert shown.exit_code == 0, shown.output
    assert '"user": "de-officer"' in shown.stdout and '"action": "create"' in shown.stdout
    hidden = runner.invoke(cli_app, ["dataprotection", "history", "person", str(rec.pk), "--as", "de-dpo"])
    assert hidden.exit_code == 1 and '"user"' not in hidden.stdout
    unknown = runner.invoke(cli_app, ["dataprotection", "history", "person", "1", "--as", "nobody"])
    assert unknown.exit_code == 2
