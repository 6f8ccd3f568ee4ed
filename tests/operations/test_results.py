"""An operation's results from seeded reports: exact totals, the headline and the follow-ups."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from polnet.operations.models import OperationHit, Target
from polnet.operations.reports import results, services
from tests.factories import Network
from tests.operations.reports_helpers import days_ago, make_operation, report_data

pytestmark = pytest.mark.django_db


def _seed(net: Network):  # type: ignore[no-untyped-def]
    op = make_operation(net)
    target = Target.objects.create(
        operation=op,
        kind="vessel",
        identifier="IMO9999999",
        label="MV Example",
        action="report",
        added_by=net.users["FR-officer"],
    )
    hit = OperationHit.objects.create(
        operation=op, target=target, country_id="FR", checked_by=net.users["FR-officer"]
    )
    coke = {"category": "drugs", "drug_type": "cocaine", "quantity_unit": "kg"}
    services.file_report(
        net.actor("FR-officer"),
        op.pk,
        **report_data(
            occurred_at=days_ago(3),
            operation_hit=hit.pk,
            seizures=[{**coke, "quantity": "100.250", "value": "6000000.10", "currency": "EUR"}],
            arrests=[{"nationality": "ES"}, {"nationality": "FR"}],
        ),
    )
    services.file_report(
        net.actor("DE-officer"),
        op.pk,
        **report_data(
            occurred_at=days_ago(3),
            seizures=[
                {**coke, "quantity": "67.750", "value": "4500000", "currency": "USD"},
                {"category": "payment_cards", "quantity": "40", "quantity_unit": "piece"},
                {"category": "vehicles", "quantity": "1", "quantity_unit": "piece", "description": "Van"},
            ],
            arrests=[{"nationality": "ES"}],
        ),
    )
    services.file_report(
        net.actor("IT-unit-full"),
        op.pk,
        **report_data(
            occurred_at=days_ago(1), seizures=[{**coke, "quantity": "500", "quantity_unit": "g"}], arrests=[]
        ),
    )
    return op


def test_exact_totals_by_category_country_and_day(net: Network) -> None:
    op = _seed(net)
    r = results.results_for(net.actor("FR-officer"), op)
    cats = {
        (c["category"], c["drug_type"], c["quantity_unit"]): (c["quantity"], c["value_eur"])
        for c in r.categories
    }
    assert cats[("drugs", "cocaine", "kg")] == (Decimal("168.000"), Decimal("10050000.10"))
    assert cats[("drugs", "cocaine", "g")] == (Decimal("500.000"), Decimal("0.00"))
    assert cats[("payment_cards", "", "piece")][0] == Decimal("40")
    assert r.value_eur == Decimal("10050000.10")  # 6000000.10 + 4500000 x 0.9
    by_country = {c["country"]: (c["reports"], c["value_eur"], c["arrests"]) for c in r.countries}
    assert by_country == {
        "FR": (1, Decimal("6000000.10"), 2),
        "DE": (1, Decimal("4050000.00"), 1),
        "IT": (1, Decimal("0.00"), 0),
    }
    assert [(d["reports"], d["value_eur"]) for d in r.days] == [
        (2, Decimal("10050000.10")),
        (1, Decimal("0.00")),
    ]
    assert {n["nationality"]: n["arrests"] for n in r.nationalities} == {"ES": 2, "FR": 1}
    assert r.arrests == 3


def test_the_headline_in_the_readers_language(net: Network) -> None:
    op = _seed(net)
    r = results.results_for(net.actor("FR-officer"), op)
    assert r.headline == "168.5 kg of cocaine, EUR 10.1 M, 3 arrests, 3 countries"
    with translation.override("fr"):
        fr = results.results_for(net.actor("FR-officer"), op).headline
    assert "168,5" in fr and "10,1" in fr


def test_hits_and_follow_ups_for_participants_only(net: Network) -> None:
    op = _seed(net)
    r = results.results_for(net.actor("DE-officer"), op)
    assert [h["target"] for h in r.hits] == ["MV Example"]
    follow = sorted((f["kind"], f["action"], f["country"]) for f in r.follow_ups)
    assert follow == [
        ("person", "create", "DE"),
        ("person", "create", "FR"),
        ("person", "create", "FR"),
        ("vehicle", "create", "DE"),
    ]
    op.observers.add(net.users["partner-member"].partner)
    seen = results.results_for(net.actor("partner-member"), op)
    assert seen.hits == [] and seen.follow_ups == [] and seen.value_eur == r.value_eur
