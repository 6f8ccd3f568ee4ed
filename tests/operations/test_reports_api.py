"""Field reports and results through the API: the same services, validation and access as the
pages, with an `operations` token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from polnet.network.services import issue_token
from polnet.operations.models import FieldReport, Seizure
from tests.factories import Network, signed_in_client
from tests.operations.reports_helpers import days_ago, make_operation

pytestmark = pytest.mark.django_db


def _bearer(net: Network, user: str, scopes: list[str]) -> dict[str, str]:
    admin = f"{user[:2].upper()}-admin"
    _, secret = issue_token(net.actor(admin), net.users[user], name="field", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _body(**over: Any) -> str:
    body: dict[str, Any] = {
        "place": "Hamburg port, terminal 3",
        "occurred_at": days_ago(1).isoformat(),
        "seizures": [
            {
                "category": "drugs",
                "drug_type": "cocaine",
                "quantity": "40",
                "quantity_unit": "kg",
                "value": "2000000",
                "currency": "USD",
            },
            {
                "category": "cash",
                "quantity": "1",
                "quantity_unit": "piece",
                "value": "15000",
                "currency": "EUR",
            },
        ],
        "arrests": [{"nationality": "CO"}, {"nationality": "DE"}],
    }
    body.update(over)
    return json.dumps(body)


def test_a_post_files_a_report_converted_at_the_operations_rate(net: Network) -> None:
    op = make_operation(net)  # USD at 0.9 EUR
    client = Client()
    unit = _bearer(net, "DE-unit-full", ["operations"])
    r = client.post(f"/api/operations/reports/{op.pk}/", _body(), content_type="application/json", **unit)
    assert r.status_code == 201, r.content
    report = r.json()
    assert report["country"] == "DE" and report["unit"] == net.units["DE-full"].pk
    assert sorted(s["value_eur"] for s in report["seizures"]) == ["15000.00", "1800000.00"]
    assert (
        client.get(f"/api/operations/reports/report/{report['id']}", **unit)
        .json()["place"]
        .startswith("Hamburg")
    )
    results = client.get(
        f"/api/operations/reports/{op.pk}/results", **_bearer(net, "FR-officer", ["operations"])
    )
    totals = results.json()
    assert totals["value_eur"] == "1815000.00" and totals["arrests"] == 2
    assert "40" in totals["headline"] and "cocaine" in totals["headline"]


@pytest.mark.parametrize(
    ("seizure", "code"),
    [
        ({"quantity": "-3"}, "report_quantity_not_positive"),
        ({"value": "-10"}, "report_value_negative"),
        ({"currency": "XXQ"}, "report_currency_invalid"),
        ({"quantity_unit": "barrels"}, "report_unit_invalid"),
    ],
)
def test_bad_figures_are_refused_whole(net: Network, seizure: dict[str, str], code: str) -> None:
    op = make_operation(net)
    good = {
        "category": "drugs",
        "drug_type": "cocaine",
        "quantity": "1",
        "quantity_unit": "kg",
        "value": "10",
        "currency": "EUR",
    }
    body = _body(seizures=[good, good | seizure])
    r = Client().post(
        f"/api/operations/reports/{op.pk}/",
        body,
        content_type="application/json",
        **_bearer(net, "DE-unit-full", ["operations"]),
    )
    assert r.status_code == 422, r.content
    assert r.json()["code"] == code, r.content
    assert FieldReport.objects.count() == 0 and Seizure.objects.count() == 0  # nothing half-written


def test_outsiders_and_narrow_tokens_are_refused(net: Network) -> None:
    op = make_operation(net)
    client = Client()
    url = f"/api/operations/reports/{op.pk}/"
    assert (
        client.post(
            url, _body(), content_type="application/json", **_bearer(net, "ES-officer", ["operations"])
        ).status_code
        == 404
    )
    narrow = _bearer(net, "DE-officer", ["records:read"])
    assert client.post(url, _body(), content_type="application/json", **narrow).status_code == 403
    assert client.get(f"{url}results", **_bearer(net, "ES-officer", ["operations"])).status_code == 404
    assert FieldReport.objects.count() == 0


def test_another_country_may_not_correct_a_report(net: Network) -> None:
    op = make_operation(net)
    client = Client()
    de = _bearer(net, "DE-officer", ["operations"])
    made = client.post(
        f"/api/operations/reports/{op.pk}/", _body(), content_type="application/json", **de
    ).json()
    url = f"/api/operations/reports/report/{made['id']}"
    it = _bearer(net, "IT-officer", ["operations"])
    assert client.put(url, _body(place="elsewhere"), content_type="application/json", **it).status_code in (
        403,
        404,
    )
    fixed = client.put(url, _body(place="Hamburg port, terminal 4"), content_type="application/json", **de)
    assert fixed.status_code == 200 and fixed.json()["place"] == "Hamburg port, terminal 4"


def test_an_observer_reads_the_totals_and_files_nothing(net: Network) -> None:
    from polnet.network.models import Partner

    op = make_operation(net)
    op.observers.add(Partner.objects.get(pk=net.users["partner-member"].partner_id))
    client = Client()
    client.post(
        f"/api/operations/reports/{op.pk}/",
        _body(),
        content_type="application/json",
        **_bearer(net, "DE-officer", ["operations"]),
    )
    partner = signed_in_client(net.users["partner-member"])
    totals = partner.get(f"/api/operations/reports/{op.pk}/results")
    assert totals.status_code == 200 and totals.json()["arrests"] == 2
    report_id = FieldReport.objects.get().pk
    assert partner.get(f"/api/operations/reports/report/{report_id}").status_code in (403, 404)
    refused = partner.post(f"/api/operations/reports/{op.pk}/", _body(), content_type="application/json")
    assert refused.status_code in (403, 404)
    assert FieldReport.objects.count() == 1
