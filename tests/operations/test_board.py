"""The live board: checks per country and day, the hits each reader may see, the totals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from polnet.network.models import Partner
from polnet.network.services import issue_token
from polnet.operations import board
from polnet.operations.models import (
    Arrest,
    FieldReport,
    Operation,
    OperationHit,
    Participant,
    Phase,
    Seizure,
    Target,
)
from polnet.screening.models import QueryLog
from tests.factories import Network, signed_in_client


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=UTC)


def _operation(net: Network) -> Operation:
    op = Operation.objects.create(
        code_name="Folosa",
        crime_area="drugs",
        coordinator=net.bureaus["IT"],
        prepares_on=date(2026, 11, 20),
        active_on=date(2026, 12, 1),
        active_until=date(2026, 12, 3),
        closes_on=date(2026, 12, 10),
        phase=Phase.ACTIVE,
        created_by=net.users["IT-officer"],
    )
    fr = Participant.objects.create(operation=op, country_id="FR")
    fr.units.add(net.units["FR-full"], net.units["FR-docsonly"])
    de = Participant.objects.create(operation=op, country_id="DE")
    de.units.add(net.units["DE-full"])
    Participant.objects.create(operation=op, country_id="IT")
    op.observers.add(Partner.objects.get())
    return op


def _log(affiliation: str, at: datetime, n: int = 1) -> None:
    QueryLog.objects.bulk_create(
        QueryLog(at=at, actor_name="x", affiliation=affiliation, kind="document") for _ in range(n)
    )


def _seed_checks(net: Network) -> None:
    fr_full, fr_docs = net.units["FR-full"].pk, net.units["FR-docsonly"].pk
    _log(f"unit:{fr_full}", _at(1), 2)
    _log(f"unit:{fr_docs}", _at(1, 23))
    _log("bureau:FR", _at(1, 0))
    _log(f"unit:{fr_full}", _at(2))
    _log(f"unit:{net.units['DE-full'].pk}", _at(3), 4)
    _log("bureau:IT", _at(2), 2)
    # Not counted: outside the window, a post not on the operation, a country not taking part.
    _log(f"unit:{fr_full}", datetime(2026, 11, 30, 23, 59, tzinfo=UTC))
    _log(f"unit:{fr_full}", _at(4, 0))
    _log(f"unit:{net.units['FR-writer'].pk}", _at(2))
    _log("bureau:ES", _at(2))


def _seed_reports(net: Network, op: Operation) -> None:
    report = FieldReport.objects.create(
        operation=op, country_id="FR", reported_by=net.users["FR-officer"], occurred_at=_at(2), place="Calais"
    )
    for category, drug, qty, unit, eur in (
        ("drugs", "cocaine", "10.5", "kg", "500000"),
        ("drugs", "cocaine", "2", "kg", "95000.50"),
        ("drugs", "heroin", "500", "g", "20000"),
        ("cash", "", "1", "piece", "15000"),
        ("payment_cards", "", "40", "piece", None),
    ):
        Seizure.objects.create(
            report=report,
            category=category,
            drug_type=drug,
            quantity=Decimal(qty),
            quantity_unit=unit,
            value_eur=Decimal(eur) if eur else None,
        )
    other = FieldReport.objects.create(
        operation=op, country_id="DE", reported_by=net.users["DE-officer"], occurred_at=_at(3), place="Kehl"
    )
    Arrest.objects.create(report=report, nationality_id="ES")
    Arrest.objects.create(report=other, nationality_id="DE")
    Arrest.objects.create(report=other, nationality_id="FR")


def _hits(net: Network, op: Operation, n: int = 0) -> dict[str, OperationHit]:
    made = {}
    for kind, record_id, identifier in (
        ("document", 11 + n, ""),
        ("vehicle", 12 + n, ""),
        ("container", None, f"MSCU{n}"),
    ):
        target = Target.objects.create(
            operation=op,
            kind=kind,
            record_id=record_id,
            identifier=identifier,
            label=f"{kind} target",
            action="locate",
            added_by=net.users["IT-officer"],
        )
        made[kind] = OperationHit.objects.create(
            operation=op, target=target, country_id="FR", checked_by=net.users["FR-officer"], at=_at(2)
        )
    return made


@pytest.mark.django_db
def test_checks_per_country_and_day_are_exact(net: Network) -> None:
    op = _operation(net)
    _seed_checks(net)
    figures = board.board(net.actor("IT-officer"), op)
    assert figures.days == [date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)]
    assert figures.countries == ["DE", "FR", "IT"]
    assert [figures.checks_of(c) for c in figures.countries] == [[0, 0, 4], [4, 1, 0], [0, 2, 0]]
    assert figures.total_checks == 11


@pytest.mark.django_db
def test_the_board_costs_a_fixed_number_of_queries(net: Network) -> None:
    op = _operation(net)
    _seed_checks(net)
    _hits(net, op)
    actor = net.actor("IT-officer")
    with CaptureQueriesContext(connection) as few:
        board.board(actor, op)
    _seed_checks(net)
    _seed_reports(net, op)
    _hits(net, op, 100)
    with CaptureQueriesContext(connection) as many:
        board.board(actor, op)
    assert len(many) == len(few) <= 12


@pytest.mark.django_db
def test_totals_come_from_the_reports(net: Network) -> None:
    op = _operation(net)
    _seed_reports(net, op)
    figures = board.board(net.actor("IT-officer"), op)
    assert figures.value_eur == Decimal("630000.50")
    assert figures.arrests == 3
    by_category = {s["category"]: (s["lines"], s["eur"]) for s in figures.seizures}
    assert by_category == {
        "drugs": (3, Decimal("615000.50")),
        "cash": (1, Decimal("15000")),
        "payment_cards": (1, None),
    }
    drugs = {(d["drug_type"], d["quantity_unit"]): d["quantity"] for d in figures.drugs}
    assert drugs == {("cocaine", "kg"): Decimal("12.5"), ("heroin", "g"): Decimal("500")}


@pytest.mark.django_db
def test_a_post_sees_only_the_hits_on_targets_it_may_read(net: Network) -> None:
    op = _operation(net)
    made = _hits(net, op)
    coordinator = board.board(net.actor("IT-officer"), op)
    assert {h.pk for h in coordinator.hits} == {h.pk for h in made.values()} and coordinator.hit_count == 3
    post = board.board(net.actor("FR-unit-docsonly"), op)
    assert {h.pk for h in post.hits} == {made["document"].pk, made["container"].pk}
    assert post.hit_count == 2
    full_post = board.board(net.actor("FR-unit-full"), op)
    assert full_post.hit_count == 3


@pytest.mark.django_db
def test_an_observer_sees_the_totals_only(net: Network) -> None:
    op = _operation(net)
    _hits(net, op)
    _seed_reports(net, op)
    _seed_checks(net)
    figures = board.board(net.actor("partner-member"), op)
    assert not figures.personal and figures.hits == [] and figures.hit_count == 0
    assert figures.arrests == 3 and figures.total_checks == 11

    page = signed_in_client(net.users["partner-member"]).get(f"/operations/{op.pk}/board/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Folosa" in text and "630,000.50" in text and "\u2013" in text  # cards had no value
    assert "document target" not in text and "operation-hit-" not in text


@pytest.mark.django_db
def test_the_pages_show_the_hits_and_poll_the_fragment(net: Network) -> None:
    op = _operation(net)
    made = _hits(net, op)
    client = signed_in_client(net.users["IT-officer"])
    page = client.get(f"/operations/{op.pk}/board/").content.decode()
    assert f'hx-get="/operations/{op.pk}/board/live/"' in page and 'hx-trigger="every 10s"' in page
    assert f'id="operation-hit-{made["vehicle"].pk}"' in page
    live = client.get(f"/operations/{op.pk}/board/live/")
    assert live.status_code == 200 and "vehicle target" in live.content.decode()
    assert "<html" not in live.content.decode()
    link = client.get(f"/operations/hits/{made['vehicle'].pk}/")
    assert link.status_code == 302
    assert link["Location"] == f"/operations/{op.pk}/board/#operation-hit-{made['vehicle'].pk}"
    # A post that may not read vehicles opens no such hit; outsiders do not learn the operation exists.
    docs_post = signed_in_client(net.users["FR-unit-docsonly"])
    assert docs_post.get(f"/operations/hits/{made['vehicle'].pk}/").status_code == 404
    assert "vehicle target" not in docs_post.get(f"/operations/{op.pk}/board/").content.decode()
    outsider = signed_in_client(net.users["ES-officer"])
    assert outsider.get(f"/operations/{op.pk}/board/").status_code == 404
    assert outsider.get(f"/operations/{op.pk}/board/live/").status_code == 404


@pytest.mark.django_db
def test_the_api_gives_the_board_with_the_operations_scope(net: Network) -> None:
    op = _operation(net)
    _hits(net, op)
    _seed_checks(net)
    url = f"/api/operations/{op.pk}/board"
    _, token = issue_token(net.actor("IT-admin"), net.users["IT-officer"], name="t", scopes=["screening"])
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 403
    _, token = issue_token(net.actor("IT-admin"), net.users["IT-officer"], name="o", scopes=["operations"])
    body = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["total_checks"] == 11 and body["hit_count"] == 3 and len(body["hits"]) == 3
    assert {"country": "DE", "day": "2026-12-03", "checks": 4} in body["checks"]
    # Observers read the checks and totals, through the API as on the page, and no hit.
    observer = signed_in_client(net.users["partner-member"]).get(url)
    assert observer.status_code == 200, observer.content
    seen = observer.json()
    assert seen["total_checks"] == 11 and seen["hit_count"] is None and seen["hits"] is None
    assert signed_in_client(net.users["ES-officer"]).get(url).status_code == 404


@pytest.mark.django_db
def test_the_board_reads_in_every_language(net: Network) -> None:
    op = _operation(net)
    _seed_reports(net, op)
    made = _hits(net, op)
    client = signed_in_client(net.users["IT-officer"])
    for lang, title, words in (
        ("fr", "Tableau en direct : Folosa", ("Contrôles par pays et par jour", "Saisies et arrestations")),
        ("es", "Panel en directo: Folosa", ("Controles por país y día", "Resultados de la operación: 3")),
        ("ar", "اللوحة المباشرة: Folosa", ("عمليات الفحص حسب البلد واليوم", "المضبوطات والاعتقالات")),
    ):
        text = client.get(f"/operations/{op.pk}/board/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert title in text and all(w in text for w in words), lang
    assert 'dir="rtl"' in text and f'id="operation-hit-{made["document"].pk}"' in text
