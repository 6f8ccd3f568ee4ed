"""The action to take on a hit reaches the officer at the moment of the hit: in the API's
answer (also for a unit that sees no details), on the check page in the reader's language
with urgent actions marked, in a passenger list's results and in the CLI. The hit keeps the
action as it stood when it was made."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from typer.testing import CliRunner

from polnet import cli as polnet_cli
from polnet.records import services as records
from polnet.screening import services as screening
from polnet.screening.models import Hit
from tests.factories import SAMPLE_FIELDS, Network, access, signed_in_client
from tests.notices.helpers import YELLOW, published

WARRANT = "AW-2026-7 (Tribunal de Lyon)"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/check/"}


def _wanted(net: Network) -> Any:
    """Ivan Ivanov, born 1974-08-12, to be arrested on a warrant of France."""
    data = {
        **SAMPLE_FIELDS["person"],
        **access(),
        "hit_action": "arrest",
        "hit_action_reference": WARRANT,
        "hit_action_note": "Armed: call for backup.",
    }
    return records.create_record(net.actor("FR-officer"), "person", data)


def _api_check(client: Client, **more: str) -> dict[str, Any]:
    body = {"name": "Ivan Ivanov", "date_of_birth": "1974-08-12", "location": "Munich airport"}
    body["purpose"] = "border_management"
    r = client.post("/api/screening/person", json.dumps(body), content_type="application/json", **more)
    assert r.status_code == 200, r.content
    return r.json()  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_the_hit_keeps_the_action_as_it_was_when_the_owner_changes_it(net: Network) -> None:
    rec = _wanted(net)
    q = screening.person_query("Ivan Ivanov", date_of_birth="1974-08-12")
    screening.screen_person(net.actor("DE-officer"), q, purpose="identification")
    records.update_record(
        net.actor("FR-officer"),
        "person",
        rec.pk,
        {"version": 1, "hit_action": "discreet_check", "hit_action_reference": "", "hit_action_note": ""},
    )
    screening.screen_person(net.actor("DE-officer"), q, purpose="identification")

    first, second = Hit.objects.order_by("id")
    assert (first.action, first.action_reference, first.action_note) == (
        "arrest",
        WARRANT,
        "Armed: call for backup.",
    )
    assert (second.action, second.action_reference, second.action_note) == ("discreet_check", "", "")
    # The owner's deadline follows the action copied at the hit: an arrest is urgent (1 hour).
    assert (first.due_at - first.at, second.due_at - second.at) == (timedelta(hours=1), timedelta(hours=12))


@pytest.mark.django_db
def test_a_full_unit_gets_the_action_with_its_warrant(net: Network) -> None:
    _wanted(net)
    answer = _api_check(signed_in_client(net.users["DE-unit-full"]), HTTP_ACCEPT_LANGUAGE="fr")
    [cand] = answer["candidates"]
    action = cand["action"]
    assert (action["code"], action["urgent"], action["reference"]) == ("arrest", True, WARRANT)
    assert action["note"] == "Armed: call for backup."
    assert action["label"] != "Arrest (or provisional arrest)"  # in French
    assert action["guidance"]


@pytest.mark.django_db
def test_a_hit_only_unit_learns_what_to_do_but_not_the_record_nor_the_warrant(net: Network) -> None:
    _wanted(net)
    unit = signed_in_client(net.users["DE-unit-hitonly"])
    answer = _api_check(unit)
    hit = Hit.objects.get()
    assert answer["disclosed"] is False and "candidates" not in answer
    [shown] = answer["hits"]
    assert shown["hit_id"] == hit.pk
    assert (shown["action"]["code"], shown["action"]["urgent"]) == ("arrest", True)
    assert shown["action"]["note"] == "Armed: call for backup."
    assert shown["action"].get("reference") is None
    assert WARRANT not in json.dumps(answer) and "Ivanov" not in json.dumps(answer)
    # The hit as listed later reads the same way.
    [listed] = unit.get("/api/screening/hits").json()
    assert listed["action"]["code"] == "arrest" and listed["action"].get("reference") is None
    # A third bureau, with nothing shared, sees nothing of it.
    assert signed_in_client(net.users["IT-officer"]).get("/api/screening/hits").json() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "urgent", "label"), [("es", "Urgente", "Proteger"), ("ar", "عاجل", "حماية")]
)
def test_the_check_page_marks_an_urgent_action_in_the_readers_language(
    net: Network, language: str, urgent: str, label: str
) -> None:
    published(net, base=YELLOW)  # Léa Martin, missing: protect her
    client = signed_in_client(net.users["DE-unit-hitonly"])
    client.cookies["django_language"] = language
    page = client.post(
        "/check/",
        {"check": "person", "purpose": "identification", "name": "Léa Martin", "date_of_birth": "2009-02"},
        **HTMX,
    ).content.decode()
    assert 'data-action="protect"' in page
    assert f'<span class="tag urgent-tag">{urgent}</span>' in page
    assert label in page
    assert 'class="verdict-say verdict-urgent"' in page  # said at the top of the answer too


@pytest.mark.django_db
def test_the_check_page_of_a_full_unit_shows_the_warrant(net: Network) -> None:
    _wanted(net)
    client = signed_in_client(net.users["DE-unit-full"])
    page = client.post(
        "/check/",
        {
            "check": "person",
            "purpose": "identification",
            "name": "Ivan Ivanov",
            "date_of_birth": "1974-08-12",
        },
        **HTMX,
    ).content.decode()
    assert 'class="hit-action urgent"' in page and WARRANT in page
    assert "Urgent" in page


@pytest.mark.django_db
def test_a_passenger_list_and_the_cli_say_what_to_do(net: Network, tmp_path: Path) -> None:
    _wanted(net)
    passengers = tmp_path / "passengers.csv"
    passengers.write_text("name,date_of_birth\nIvan Ivanov,1974-08-12\nAnna Schmidt,1990-01-01\n")
    out = tmp_path / "results.csv"
    runner = CliRunner()

    done = runner.invoke(
        polnet_cli.app,
        [
            "screen",
            "--as",
            "de-unit-hitonly",
            "--purpose",
            "border_management",
            "--file",
            str(passengers),
            "--out",
            str(out),
        ],
    )
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["actions"] for r in rows] == ["arrest", ""]
    assert "1 urgent" in done.output

    one = runner.invoke(
        polnet_cli.app,
        [
            "screen",
            "--as",
            "de-unit-hitonly",
            "--purpose",
            "border_management",
            "--name",
            "Ivan Ivanov",
            "--dob",
            "1974-08-12",
        ],
    )
    assert one.exit_code == 0, one.output
    assert "URGENT" in one.stderr and "Arrest (or provisional arrest)" in one.stderr
    assert "Armed: call for backup." in one.stderr and WARRANT not in one.output + one.stderr
    body = json.loads(one.stdout)
    assert body["hits"][0]["action"]["code"] == "arrest"


@pytest.mark.django_db
def test_the_list_of_own_hits_shows_the_action(net: Network) -> None:
    _wanted(net)
    client = signed_in_client(net.users["DE-officer"])
    _api_check(client)
    page = client.get("/check/our-hits/").content.decode()
    assert 'data-action="arrest"' in page and WARRANT in page


@pytest.mark.django_db
def test_a_hit_that_is_not_urgent_is_not_marked_urgent(net: Network) -> None:
    records.create_record(
        net.actor("FR-officer"), "person", {**SAMPLE_FIELDS["person"], **access(), "hit_action": "locate"}
    )
    client = signed_in_client(net.users["DE-unit-full"])
    page = client.post(
        "/check/",
        {
            "check": "person",
            "purpose": "identification",
            "name": "Ivan Ivanov",
            "date_of_birth": "1974-08-12",
        },
        **HTMX,
    ).content.decode()
    assert 'data-action="locate"' in page
    assert "urgent-tag" not in page and "verdict-urgent" not in page
