"""An operation seeded directly through the models, for the field reports' tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from polnet.operations.models import ExchangeRate, Operation, Participant, Phase
from tests.factories import Network


def make_operation(net: Network, *, phase: str = Phase.ACTIVE, code_name: str = "FOLOSA") -> Operation:
    today = timezone.localdate()
    op = Operation.objects.create(
        code_name=code_name,
        crime_area="drugs",
        coordinator=net.bureaus["FR"],
        handling_code="H2",
        prepares_on=today - timedelta(days=20),
        active_on=today - timedelta(days=10),
        active_until=today,
        closes_on=today + timedelta(days=10),
        phase=phase,
        created_by=net.users["FR-officer"],
    )
    for cc in ("FR", "DE", "IT"):
        p = Participant.objects.create(operation=op, country_id=cc)
        p.units.add(net.units[f"{cc}-full"])
    ExchangeRate.objects.create(
        operation=op, currency="USD", eur_per_unit=Decimal("0.9"), set_by=net.users["FR-officer"]
    )
    return op


def days_ago(n: int) -> datetime:
    return timezone.now() - timedelta(days=n, minutes=5)


def report_data(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "place": "Port of Marseille",
        "occurred_at": days_ago(2),
        "seizures": [
            {
                "category": "drugs",
                "drug_type": "cocaine",
                "quantity": "12.5",
                "quantity_unit": "kg",
                "value": "500000",
                "currency": "EUR",
            }
        ],
        "arrests": [{"nationality": "ES"}],
        "operation_hit": None,
        "record_kind": "",
        "record_id": None,
        "notes": "",
    }
    data.update(over)
    return data


__all__ = ["date", "days_ago", "make_operation", "report_data"]
