"""Handling codes are enforced: H2 is passed on only with the sender's permission."""

from __future__ import annotations

import json

import pytest

from polnet.core.models import AuditEntry
from polnet.messaging.envelope import Draft
from polnet.messaging.models import Delivery, ForwardRequest
from tests.factories import Network
from tests.messaging.helpers import clients


@pytest.mark.django_db
def test_h2_forwarding_is_blocked_until_the_sender_grants_it(net: Network) -> None:
    fr, de, it, es = clients(net, "FR-officer", "DE-officer", "IT-officer", "ES-officer")
    sent = fr.send(Draft(subject="informant", body="do not pass on", to=["bureau:DE"], handling="H2"))

    status, _ = de.t.request("POST", f"/api/messages/{sent['id']}/forward", body={"wraps": []})
    assert status == 422
    with pytest.raises(Exception, match="permission"):
        de.forward(sent["id"], ["bureau:IT"])
    assert not Delivery.objects.filter(mailbox__address="bureau:IT").exists()
    status, _ = it.t.request("GET", f"/api/messages/{sent['id']}")
    assert status == 404

    request = de.request_forward(sent["id"], "bureau:IT")
    assert request["state"] == "pending"
    assert de.request_forward(sent["id"], "bureau:IT")["id"] == request["id"]  # asking twice is one request
    status, _ = de.t.request(
        "POST", f"/api/messages/forward-requests/{request['id']}/decision", body={"grant": True}
    )
    assert status == 404  # only the sending mailbox decides
    with pytest.raises(Exception, match="permission"):
        de.forward(sent["id"], ["bureau:IT"])
    assert fr.call("GET", "/forward-requests")["to_decide"][0]["id"] == request["id"]
    assert fr.decide(request["id"], True)["state"] == "granted"

    assert de.forward(sent["id"], ["bureau:IT"]) == 1
    message, opened = it.read(sent["id"])
    assert opened.status == "valid" and opened.content["body"] == "do not pass on"
    assert message["forwarded_by"] == "de-officer" and message["forwarded_from"] == "bureau:DE"
    assert ForwardRequest.objects.get().state == "used"
    # the permission was for IT only, and once
    with pytest.raises(Exception, match="permission"):
        de.forward(sent["id"], ["bureau:ES"])
    with pytest.raises(Exception, match="permission"):
        it.forward(sent["id"], ["bureau:ES"])
    assert es.call("GET", "/inbox") == []
    assert AuditEntry.objects.filter(object_type="message_forward").count() == 1


@pytest.mark.django_db
def test_a_refusal_keeps_it_blocked(net: Network) -> None:
    fr, de, _it = clients(net, "FR-officer", "DE-officer", "IT-officer")
    sent = fr.send(Draft(subject="s", body="b", to=["bureau:DE"], handling="H2"))
    request = de.request_forward(sent["id"], "bureau:IT")
    assert fr.decide(request["id"], False)["state"] == "refused"
    status, _ = fr.t.request(
        "POST", f"/api/messages/forward-requests/{request['id']}/decision", body={"grant": True}
    )
    assert status == 409
    with pytest.raises(Exception, match="permission"):
        de.forward(sent["id"], ["bureau:IT"])


@pytest.mark.django_db
def test_other_codes_and_the_sender_forward_freely(net: Network) -> None:
    fr, de, it, es = clients(net, "FR-officer", "DE-officer", "IT-officer", "ES-officer")
    h0 = fr.send(Draft(subject="s", body="h0", to=["bureau:DE"], handling="H0"))
    assert de.forward(h0["id"], ["bureau:IT"]) == 1
    assert it.read(h0["id"])[1].status == "valid"
    h2 = fr.send(Draft(subject="s", body="h2", to=["bureau:DE"], handling="H2"))
    assert fr.forward(h2["id"], ["bureau:ES"]) == 1  # the sender's own message
    assert es.read(h2["id"])[1].content["body"] == "h2"
    status, body = de.t.request(
        "POST", f"/api/messages/{h0['id']}/forward-requests", body={"to": "bureau:ES"}
    )
    assert status == 422  # only H2 needs permission
    status, body = de.t.request(
        "POST", f"/api/messages/{h2['id']}/forward-requests", body={"to": "bureau:FR"}
    )
    assert status == 422 and "already" in json.loads(body)["detail"]
    status, _ = de.t.request(
        "POST",
        f"/api/messages/{h2['id']}/forward",
        body={"wraps": [{"mailbox": "bureau:ES", "key_version": 1, "wrapped": "AAAA"}]},
    )
    assert status == 409  # ES has it already
