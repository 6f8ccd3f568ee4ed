"""Numbers past the database's integers in a messaging request answer 422, never a 500."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from polnet.messaging.envelope import Draft
from polnet.messaging.models import DeliveryAck, Message
from tests.factories import Network
from tests.messaging.helpers import DjangoTransport, clients

HUGE = 10**30


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p["wraps"][0].update(key_version=HUGE), "wraps.0.key_version"),
        (lambda p: p["wraps"][1].update(key_version=2**63), "wraps.1.key_version"),
        (lambda p: p.update(attachments=[HUGE]), "attachments.0"),
        (lambda p: p.update(attachments=[2**64]), "attachments.0"),
    ],
)
def test_send_with_huge_numbers_answers_422(
    net: Network, change: Callable[[dict[str, Any]], None], field: str
) -> None:
    fr, _ = clients(net, "FR-officer", "DE-officer")
    payload = json.loads(json.dumps(fr.prepare(Draft(subject="s", body="b", to=["bureau:DE"])).payload))
    change(payload)
    assert isinstance(fr.t, DjangoTransport)
    response = fr.t.client.post("/api/messages/send", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_acknowledging_a_huge_id_answers_422(net: Network) -> None:
    fr, de = clients(net, "FR-officer", "DE-officer")
    fr.send(Draft(subject="s", body="b", to=["bureau:DE"]))
    assert isinstance(de.t, DjangoTransport)
    response = de.t.client.post(
        "/api/messages/ack", json.dumps({"ids": [HUGE]}), content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["field"] == "ids.0"
    assert not DeliveryAck.objects.filter(acked_at__isnull=False).exists()
