"""An operation planned through the real services: France coordinates, Germany takes part."""

from __future__ import annotations

from datetime import date
from typing import Any

from polnet.network.models import Partner
from polnet.operations.models import Operation
from polnet.operations.plan import services
from tests.factories import Network

DATES = {
    "prepares_on": date(2026, 3, 1),
    "active_on": date(2026, 4, 1),
    "active_until": date(2026, 4, 14),
    "closes_on": date(2026, 5, 1),
}


def plan(net: Network, code_name: str = "Folosa", **extra: Any) -> Operation:
    op = services.create_operation(
        net.actor("FR-officer"), code_name=code_name, crime_area="drugs", handling_code="H2", **DATES, **extra
    )
    services.set_participant(
        net.actor("FR-officer"), op, "DE", [net.units["DE-full"].pk, net.units["DE-docsonly"].pk]
    )
    return op


def observe(net: Network, op: Operation) -> Partner:
    partner = Partner.objects.get(pk=net.users["partner-member"].partner_id)
    services.add_observer(net.actor("FR-officer"), op, partner.pk)
    return partner
