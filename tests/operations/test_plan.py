from datetime import date
from decimal import Decimal

import pytest

from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.operations.models import Operation, Participant, Phase
from polnet.operations.plan import services
from tests.factories import Network
from tests.operations.helpers import DATES, observe, plan


def test_a_bureau_officer_plans_and_the_bureau_coordinates(net: Network) -> None:
    op = plan(net)
    assert op.coordinator == net.bureaus["FR"]
    assert op.phase == Phase.PREPARATION
    assert set(Participant.objects.filter(operation=op).values_list("country_id", flat=True)) == {"FR", "DE"}
    assert AuditEntry.objects.filter(object_type="operation", object_id=str(op.pk), action="create").exists()


def test_the_secretariat_coordinates_its_own(net: Network) -> None:
    op = services.create_operation(
        net.actor("gs-reviewer"), code_name="Trigger", crime_area="firearms", **DATES
    )
    assert op.coordinator is None
    assert services.get_operation(net.actor("gs-reviewer"), op.pk) == op


@pytest.mark.parametrize("user", ["FR-analyst", "FR-unit-full", "gs-sysadmin", "partner-member", "FR-dpo"])
def test_who_may_not_plan(net: Network, user: str) -> None:
    with pytest.raises(Forbidden):
        services.create_operation(net.actor(user), code_name="X", crime_area="drugs", **DATES)


def test_code_name_unique_whatever_the_case(net: Network) -> None:
    plan(net, "Folosa")
    with pytest.raises(Conflict) as e:
        services.create_operation(net.actor("DE-officer"), code_name=" folosa ", crime_area="drugs", **DATES)
    assert e.value.code == "operation_code_name_taken"
    assert Operation.objects.count() == 1


def test_dates_in_order_and_choices_checked(net: Network) -> None:
    bad = {**DATES, "active_on": date(2026, 2, 1)}
    with pytest.raises(InvalidInput) as e:
        services.create_operation(net.actor("FR-officer"), code_name="A", crime_area="drugs", **bad)
    assert e.value.code == "operation_dates_order"
    with pytest.raises(InvalidInput) as e:
        services.create_operation(net.actor("FR-officer"), code_name="A", crime_area="piracy", **DATES)
    assert e.value.code == "operation_crime_area"
    with pytest.raises(InvalidInput):
        services.create_operation(
            net.actor("FR-officer"), code_name="A", crime_area="drugs", handling_code="H9", **DATES
        )
    assert not Operation.objects.exists()


def test_only_the_coordinator_updates_and_not_once_closed(net: Network) -> None:
    op = plan(net)
    with pytest.raises(Forbidden):
        services.update_plan(net.actor("DE-officer"), op, summary="ours")
    with pytest.raises(NotFound):
        services.update_plan(net.actor("IT-officer"), op, summary="ours")
    services.update_plan(net.actor("FR-admin"), op, summary="Route of the Balkans", handling_code="H3")
    op.refresh_from_db()
    assert (op.summary, op.handling_code) == ("Route of the Balkans", "H3")
    services.move_phase(net.actor("FR-officer"), op, Phase.CLOSED)
    with pytest.raises(Conflict) as e:
        services.update_plan(net.actor("FR-officer"), op, summary="late")
    assert e.value.code == "operation_closed"


def test_participants_must_be_members_with_their_own_active_units(net: Network) -> None:
    op = plan(net)
    fr = net.actor("FR-officer")
    with pytest.raises(InvalidInput) as e:
        services.set_participant(fr, op, "US")
    assert e.value.code == "operation_country_not_member"
    with pytest.raises(InvalidInput) as e:
        services.set_participant(fr, op, "IT", [net.units["ES-full"].pk])
    assert e.value.code == "operation_unit_invalid"
    unit = net.units["IT-full"]
    unit.active = False
    unit.save()
    with pytest.raises(InvalidInput):
        services.set_participant(fr, op, "IT", [unit.pk])
    assert not Participant.objects.filter(operation=op, country_id="IT").exists()
    services.set_participant(fr, op, "IT", [net.units["IT-hitonly"].pk])
    assert list(Participant.objects.get(operation=op, country_id="IT").units.all()) == [
        net.units["IT-hitonly"]
    ]
    services.remove_participant(fr, op, "IT")
    assert not Participant.objects.filter(operation=op, country_id="IT").exists()
    with pytest.raises(Conflict):
        services.remove_participant(fr, op, "FR")


def test_observers_are_active_partners(net: Network) -> None:
    op = plan(net)
    partner = observe(net, op)
    assert list(op.observers.all()) == [partner]
    partner.active = False
    partner.save()
    services.remove_observer(net.actor("FR-officer"), op, partner.pk)
    with pytest.raises(InvalidInput) as e:
        services.add_observer(net.actor("FR-officer"), op, partner.pk)
    assert e.value.code == "operation_observer_invalid"


def test_phases_move_forward_only_and_are_audited(net: Network) -> None:
    op = plan(net)
    fr = net.actor("FR-officer")
    with pytest.raises(Forbidden):
        services.move_phase(net.actor("DE-admin"), op, Phase.ACTIVE)
    services.move_phase(fr, op, Phase.ACTIVE)
    with pytest.raises(Conflict) as e:
        services.move_phase(fr, op, Phase.PREPARATION)
    assert e.value.code == "operation_phase_backward"
    with pytest.raises(Conflict):
        services.move_phase(fr, op, Phase.ACTIVE)
    services.move_phase(fr, op, Phase.CLOSING)
    op.refresh_from_db()
    assert op.phase == Phase.CLOSING
    moves = AuditEntry.objects.filter(object_type="operation_phase", object_id=str(op.pk)).order_by("seq")
    assert [m.detail["to"] for m in moves] == ["active", "closing"]


def test_exchange_rates(net: Network) -> None:
    op = plan(net)
    fr = net.actor("FR-officer")
    services.set_rate(fr, op, "usd", "0.92")
    services.set_rate(fr, op, "USD", Decimal("0.93"))
    assert services.rate_for(op, "USD") == Decimal("0.93")
    assert services.rate_for(op, "EUR") == 1
    assert services.rate_for(op, "GBP") is None
    for currency, rate, code in (
        ("EUR", "1", "operation_rate_eur"),
        ("XYZ", "1", "operation_rate_currency"),
        ("GBP", "0", "operation_rate_value"),
        ("GBP", "-2", "operation_rate_value"),
        ("GBP", "abc", "operation_rate_value"),
        ("GBP", "NaN", "operation_rate_value"),
    ):
        with pytest.raises(InvalidInput) as e:
            services.set_rate(fr, op, currency, rate)
        assert e.value.code == code
    with pytest.raises(Forbidden):
        services.set_rate(net.actor("DE-officer"), op, "GBP", "1.15")
    assert op.rates.count() == 1


def _token(net: Network, user: str, scopes: list[str]) -> dict[str, str]:
    from polnet.network.services import issue_token

    _, secret = issue_token(net.actor(f"{user[:2]}-admin"), net.users[user], name="ops", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_api_plans_with_the_operations_scope(net: Network) -> None:
    import json

    from django.test import Client

    client = Client()
    fr = _token(net, "FR-officer", ["operations"])
    body = {"code_name": "Api", "crime_area": "drugs", "handling_code": "H2"} | {
        k: str(v) for k, v in DATES.items()
    }
    r = client.post("/api/operations/plan/", json.dumps(body), content_type="application/json", **fr)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    url = f"/api/operations/plan/{pk}"
    r = client.put(
        f"{url}/participants",
        json.dumps({"country": "DE", "units": [net.units["DE-full"].pk]}),
        content_type="application/json",
        **fr,
    )
    assert r.status_code == 200 and {p["country"] for p in r.json()["participants"]} == {"FR", "DE"}
    r = client.post(
        f"{url}/targets",
        json.dumps({"kind": "vessel", "identifier": "IMO 9074729", "action": "seize"}),
        content_type="application/json",
        **fr,
    )
    assert r.status_code == 201 and r.json()["identifier"] == "IMO9074729"
    r = client.post(
        f"{url}/targets",
        json.dumps({"kind": "vessel", "identifier": "IMO 9074728", "action": "seize"}),
        content_type="application/json",
        **fr,
    )
    assert (r.status_code, r.json()["code"]) == (422, "target_imo_check_digit")
    r = client.put(
        f"{url}/rates",
        json.dumps({"currency": "USD", "eur_per_unit": "0.9"}),
        content_type="application/json",
        **fr,
    )
    assert r.status_code == 200 and r.json()["currency"] == "USD"
    r = client.post(f"{url}/phase", json.dumps({"phase": "active"}), content_type="application/json", **fr)
    assert r.json()["phase"] == "active"
    r = client.post(
        f"{url}/phase", json.dumps({"phase": "preparation"}), content_type="application/json", **fr
    )
    assert r.status_code == 409
    assert client.get(url, **_token(net, "IT-officer", ["operations"])).status_code == 404
    assert client.get(url, **_token(net, "DE-officer", ["records:read"])).status_code in (401, 403)
    detail = client.get(url, **_token(net, "DE-officer", ["operations"])).json()
    assert detail["standing"] == "participant" and len(detail["targets"]) == 1
    assert [o["code_name"] for o in client.get("/api/operations/plan/", **fr).json()] == ["Api"]


def test_the_command_line_lists_shows_and_moves_phases(net: Network) -> None:
    from typer.testing import CliRunner

    from polnet.cli import app as cli_app

    op = plan(net)
    runner = CliRunner()
    listed = runner.invoke(cli_app, ["operations", "list", "--as", "de-analyst"])
    assert listed.exit_code == 0 and f"{op.pk}\tFolosa\tpreparation" in listed.stdout
    assert runner.invoke(cli_app, ["operations", "list", "--as", "it-officer"]).stdout == ""
    shown = runner.invoke(cli_app, ["operations", "show", str(op.pk), "--as", "de-officer"])
    assert shown.exit_code == 0 and '"standing": "participant"' in shown.stdout
    hidden = runner.invoke(cli_app, ["operations", "show", str(op.pk), "--as", "it-officer"])
    assert hidden.exit_code == 1 and "operation_not_found" in hidden.stderr
    moved = runner.invoke(cli_app, ["operations", "phase", str(op.pk), "active", "--as", "fr-officer"])
    assert moved.exit_code == 0 and "Folosa: active" in moved.stdout
    back = runner.invoke(cli_app, ["operations", "phase", str(op.pk), "preparation", "--as", "fr-officer"])
    assert back.exit_code == 1 and "operation_phase_backward" in back.stderr
