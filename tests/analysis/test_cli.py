"""`polnet analysis …` acts for a named analyst, through the same services and rules."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from polnet.analysis import cli
from polnet.analysis.models import Contribution, Project
from tests.analysis.conftest import review
from tests.factories import Network, make_record

pytestmark = pytest.mark.django_db


def test_open_invite_contribute_and_list_from_the_command_line(net: Network) -> None:
    runner = CliRunner()
    opened = runner.invoke(
        cli.app,
        [
            "open",
            "Ring",
            "--as",
            "fr-analyst",
            "--purpose",
            "investigation",
            "--crime-area",
            "drugs",
            "--review-date",
            review().isoformat(),
            "--participant",
            "de",
        ],
    )
    assert opened.exit_code == 0, opened.output
    pk = json.loads(opened.output)["id"]
    assert runner.invoke(cli.app, ["invite", str(pk), "IT", "--as", "fr-analyst"]).exit_code == 0
    refused = runner.invoke(cli.app, ["invite", str(pk), "ES", "--as", "de-analyst"])
    assert refused.exit_code == 2 and "project_not_owner" in refused.output
    record = make_record(net.actor("DE-officer"), "person")
    out = runner.invoke(cli.app, ["contribute", str(pk), "person", str(record.pk), "--as", "de-analyst"])
    assert out.exit_code == 0, out.output
    out = runner.invoke(
        cli.app,
        [
            "contribute",
            str(pk),
            "text",
            "--as",
            "it-analyst",
            "--text",
            "Cash couriers.",
            "--reliability",
            "b",
            "--accuracy",
            "2",
            "--handling-code",
            "h1",
            "--only",
            "DE",
        ],
    )
    assert out.exit_code == 0, out.output
    assert Contribution.objects.count() == 2
    listed = runner.invoke(cli.app, ["contributions", str(pk), "--as", "fr-analyst"])
    assert [json.loads(line)["kind"] for line in listed.output.splitlines()] == ["person"]
    hidden = runner.invoke(cli.app, ["contributions", str(pk), "--as", "es-analyst"])
    assert hidden.exit_code == 2 and "project_not_found" in hidden.output
    officer = runner.invoke(cli.app, ["projects", "--as", "fr-officer"])
    assert officer.exit_code == 2 and "not_an_analyst" in officer.output
    assert Project.objects.count() == 1
