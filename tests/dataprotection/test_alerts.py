"""The four alert rules on planted processing with a set clock; closing an alert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from polnet.cli import app as cli_app
from polnet.core.errors import Conflict, InvalidInput, NotFound
from polnet.dataprotection.console import alerts, services
from polnet.dataprotection.console.models import Alert, AlertState
from polnet.records import services as records
from tests.dataprotection.conftest import log_query
from tests.factories import SAMPLE_FIELDS, Network, access, make_record, signed_in_client

DAY = datetime(2026, 11, 10, tzinfo=UTC)
AFTER = DAY + timedelta(days=1, hours=1)  # the scan runs the next night


def _reads(net: Network, clock: Any, user: str, record: Any, times: int) -> None:
    with clock(DAY + timedelta(hours=10)):
        for _ in range(times):
            records.read_record(net.actor(user), "person", record.pk)


def _alerts(kind: str) -> list[Alert]:
    return list(Alert.objects.filter(kind=kind).order_by("subject_name"))


def test_reads_far_above_peers(net: Network, clock: Any) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    _reads(net, clock, "FR-officer", rec, 51)
    _reads(net, clock, "DE-officer", rec, 2)
    _reads(net, clock, "IT-officer", rec, 3)
    _reads(net, clock, "ES-officer", rec, 1)
    _reads(net, clock, "FR-analyst", rec, 50)  # alone in its role: the floor holds, 50 is not above it
    raised = alerts.scan(now=AFTER)
    found = _alerts("read_volume")
    assert [a.subject_name for a in found] == ["fr-officer"] and found == [
        a for a in raised if a.kind == "read_volume"
    ]
    alert = found[0]
    assert alert.figures == {"reads": 51, "peers": 3, "median": 2, "threshold": 50, "factor": 3, "floor": 50}
    assert (alert.window_start, alert.window_end, alert.country_id) == (DAY, DAY + timedelta(days=1), "FR")
    assert "read 51 records" in alerts.explain(alert) and "that is 50" in alerts.explain(alert)
    assert alerts.scan(now=AFTER) == []  # the same window never alerts twice
    assert alerts.scan(now=AFTER + timedelta(hours=5)) == []


def test_searches_outside_a_units_usual_hours(net: Network) -> None:
    unit, other = net.actor("FR-unit-full"), net.actor("DE-unit-full")
    for day in range(1, 11):
        for hour in range(9, 15):
            log_query(unit, "document", {"number": "X"}, DAY - timedelta(days=day) + timedelta(hours=hour))
    for minute in (5, 20, 40):
        log_query(unit, "document", {"number": "Y"}, DAY + timedelta(hours=3, minutes=minute))
        log_query(
            other, "document", {"number": "Y"}, DAY + timedelta(hours=3, minutes=minute)
        )  # nothing learned yet
    log_query(unit, "document", {"number": "Z"}, DAY + timedelta(hours=10))
    alerts.scan(now=AFTER)
    found = _alerts("off_hours")
    assert [a.subject_name for a in found] == [unit.affiliation]
    f = found[0].figures
    assert (f["off_hours"], f["searches"], f["at_hours"], f["usual_hours"], f["learned_from"]) == (
        3,
        4,
        [3],
        [9, 10, 11, 12, 13, 14],
        60,
    )
    assert found[0].country_id == "FR"
    words = alerts.explain(found[0])
    assert "3 of the unit's 4 checks" in words and "03:00" in words and "09:00, 10:00" in words


def test_searches_outside_a_units_usual_scope(net: Network) -> None:
    unit = net.actor("FR-unit-full")
    for day in range(1, 11):
        for hour in range(9, 15):
            log_query(unit, "document", {"number": "X"}, DAY - timedelta(days=day) + timedelta(hours=hour))
    for minute in (5, 20, 40):
        log_query(unit, "vehicle", {"vin": "V"}, DAY + timedelta(hours=10, minutes=minute))
    alerts.scan(now=AFTER)
    (alert,) = _alerts("off_hours")
    assert (alert.figures["off_hours"], alert.figures["off_kinds"], alert.figures["new_kinds"]) == (
        0,
        3,
        ["vehicle"],
    )
    assert "3 checks were of kinds the unit did not check" in alerts.explain(alert)


def test_fishing(net: Network) -> None:
    hour = DAY + timedelta(hours=10)
    fishing = ["Ivan Ivanov", "Ivan Ivanof", "Ivan Ivanova", "Ivan Yvanov", "IVAN IVANOV", "Iván Ivanow"]
    for n, name in enumerate(fishing):
        log_query(net.actor("FR-officer"), "person", {"names": [name]}, hour + timedelta(minutes=n))
    for n, name in enumerate(fishing[:5]):  # one short of the rule
        log_query(net.actor("DE-officer"), "person", {"names": [name]}, hour + timedelta(minutes=n))
    for n in range(8):  # the same name again and again: one spelling, not fishing
        log_query(net.actor("IT-officer"), "person", {"names": ["Petra Smith"]}, hour + timedelta(minutes=n))
    for n, name in enumerate(fishing):  # spread over two hours: no window holds six
        log_query(net.actor("ES-officer"), "person", {"names": [name]}, hour + timedelta(minutes=20 * n))
    alerts.scan(now=AFTER)
    found = _alerts("fishing")
    assert [a.subject_name for a in found] == ["fr-officer"]
    assert (found[0].window_start, found[0].window_end) == (hour, hour + timedelta(hours=1))
    assert (found[0].figures["searches"], found[0].figures["variants"]) == (6, 5)
    assert "6 checks of near-identical names within an hour, in 5 spellings" in alerts.explain(found[0])


def test_reads_of_restricted_records(net: Network, clock: Any) -> None:
    listed = make_record(net.actor("DE-officer"), "person", restriction="only_listed", listed=["IT"])
    coded = records.create_record(
        net.actor("FR-officer"), "person", {**SAMPLE_FIELDS["person"], **access(), "handling_code": "H2"}
    )
    plain = make_record(net.actor("FR-officer"), "person")
    with clock(DAY + timedelta(hours=9)):
        records.read_record(net.actor("IT-officer"), "person", listed.pk)  # listed: fine
        records.read_record(
            net.actor("gs-reviewer"), "person", listed.pk
        )  # the secretariat: outside the list
        records.read_record(net.actor("DE-officer"), "person", coded.pk)  # H2 outside the owner
        records.read_record(net.actor("FR-officer"), "person", coded.pk)  # the owner
        records.read_record(net.actor("DE-officer"), "person", plain.pk)  # not restricted
    alerts.scan(now=AFTER)
    found = {(a.subject_name, a.concerns_country_id): a for a in _alerts("restricted_read")}
    assert set(found) == {("gs-reviewer", "DE"), ("de-officer", "FR")}
    secretariat = found[("gs-reviewer", "DE")]
    assert (secretariat.figures["only_listed"], secretariat.figures["h2"]) == (1, 0)
    assert secretariat.figures["records"] == [f"person:{listed.pk}"] and secretariat.country_id is None
    german = found[("de-officer", "FR")]
    assert (german.figures["h2"], german.figures["reads"], german.country_id) == (1, 1, "DE")
    # Each bureau's officer sees the alerts on its people and on its records.
    fr_sees = {a.pk for a in services.alerts(net.actor("FR-dpo"))[0]}
    de_sees = {a.pk for a in services.alerts(net.actor("DE-dpo"))[0]}
    it_sees = {a.pk for a in services.alerts(net.actor("IT-dpo"))[0]}
    assert fr_sees == {german.pk} and de_sees == {german.pk, secretariat.pk} and it_sees == set()
    assert {a.pk for a in services.alerts(net.actor("gs-dpo"))[0]} == {german.pk, secretariat.pk}


def test_closing_an_alert_needs_a_note(net: Network, clock: Any) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    _reads(net, clock, "FR-officer", rec, 51)
    (alert,) = alerts.scan(now=AFTER)
    with pytest.raises(InvalidInput) as refused:
        services.close_alert(net.actor("FR-dpo"), alert.pk, "  ")
    assert refused.value.code == "note_required"
    with pytest.raises(NotFound):
        services.close_alert(net.actor("DE-dpo"), alert.pk, "Not ours")
    closed = services.close_alert(
        net.actor("FR-dpo"), alert.pk, "Checked with the officer: a list from a court."
    )
    assert closed.state == AlertState.CLOSED and closed.closed_by == net.users["FR-dpo"]
    with pytest.raises(Conflict):
        services.close_alert(net.actor("gs-dpo"), alert.pk, "Again")
    assert Alert.objects.get(pk=alert.pk).closing_note == "Checked with the officer: a list from a court."


def test_alert_pages_and_api(net: Network, clock: Any) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    _reads(net, clock, "FR-officer", rec, 51)
    result = CliRunner().invoke(cli_app, ["dataprotection", "scan-alerts", "--until", AFTER.isoformat()])
    assert result.exit_code == 0 and "1 new alerts" in result.stdout
    alert = Alert.objects.get()
    client = signed_in_client(net.users["FR-dpo"])
    assert "read 51 records" in client.get("/dataprotection/console/alerts/").content.decode()
    page = client.get(f"/dataprotection/console/alerts/{alert.pk}/")
    assert page.status_code == 200 and "that is 50" in page.content.decode()
    assert client.post(f"/dataprotection/console/alerts/{alert.pk}/", {"note": ""}).status_code == 422
    done = client.post(f"/dataprotection/console/alerts/{alert.pk}/", {"note": "Explained."})
    assert done.status_code == 302 and Alert.objects.get().state == "closed"
    body = client.get(f"/api/dataprotection/alerts/{alert.pk}").json()
    assert body["state"] == "closed" and body["closed_by"] == "fr-dpo" and body["figures"]["reads"] == 51
    again = client.post(
        f"/api/dataprotection/alerts/{alert.pk}/close", {"note": "x"}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["code"] == "alert_closed"
    assert (
        signed_in_client(net.users["DE-dpo"]).get(f"/dataprotection/console/alerts/{alert.pk}/").status_code
        == 404
    )
    assert signed_in_client(net.users["FR-officer"]).get("/dataprotection/console/alerts/").status_code == 403
    assert client.get(f"/dataprotection/console/alerts/{'9' * 25}/").status_code == 404
    assert client.get(f"/api/dataprotection/alerts/{'9' * 25}").status_code in (404, 422)


def test_the_hourly_job_raises_yesterdays_alerts(net: Network, clock: Any) -> None:
    from django.utils import timezone

    from polnet.dataprotection.tasks import scan_processing_alerts
    from polnet.jobs.schedules import registered
    from polnet.jobs.worker import discover_tasks

    discover_tasks()
    assert "scan_processing_alerts" in {s.name.rsplit(".", 1)[-1] for s in registered()}
    rec = make_record(net.actor("FR-officer"), "person")
    with clock(timezone.now() - timedelta(days=1)):
        for _ in range(51):
            records.read_record(net.actor("FR-officer"), "person", rec.pk)
    assert scan_processing_alerts.call() == {"raised": 1}
    assert scan_processing_alerts.call() == {"raised": 0}
