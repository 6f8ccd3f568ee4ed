"""Sending, receiving, replies, receipts and reply-by times, through the API with local crypto."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from polnet.messaging.envelope import Attachment, Draft
from polnet.messaging.models import Delivery, Message
from tests.factories import Network
from tests.messaging.helpers import client_for, clients


@pytest.mark.django_db
def test_send_read_reply_with_receipts(net: Network) -> None:
    fr, de = clients(net, "FR-officer", "DE-officer")
    sent = fr.send(
        Draft(
            subject="Stolen lorry crossing tonight",
            body="Plate AB-123-CD, expected at the Kehl bridge around 23:00.",
            to=["bureau:DE"],
            priority="urgent",
            handling="H1",
            evaluation={"source": "B", "accuracy": "2"},
            references=[{"kind": "record", "ref": "vehicle/1"}],
            attachments=[Attachment("route.txt", b"A5 north, exit 54", "text/plain")],
        )
    )
    assert sent["reply_by"] is not None and sent["priority"] == "urgent"
    [(message, opened)] = de.box("inbox")
    assert opened.status == "valid"
    assert opened.content["subject"] == "Stolen lorry crossing tonight"
    assert opened.content["evaluation"] == {"source": "B", "accuracy": "2"}
    assert opened.header["handling"] == "H1"
    assert de.attachment(opened, message["id"], 0) == b"A5 north, exit 54"
    assert not message["read"]

    msg, opened = de.read(message["id"])
    delivery = Delivery.objects.get(message__uuid=message["id"])
    assert delivery.read_at is not None and delivery.delivered_at is not None

    de_reply = de.send(
        Draft(
            subject="Re: lorry",
            body="Stopped at 23:12.",
            to=["bureau:FR"],
            in_reply_to=msg["id"],
            thread=msg["thread"],
        )
    )
    assert de_reply["thread"] == msg["thread"]
    delivery.refresh_from_db()
    assert delivery.replied_at is not None
    [(sent_back, sent_opened)] = fr.box("sent")
    assert sent_opened.status == "valid" and sent_back["deliveries"][0]["read_at"] is not None
    thread = fr.call("GET", f"/threads/{msg['thread']}")
    assert [fr.open(m).content["body"] for m in thread] == [
        "Plate AB-123-CD, expected at the Kehl bridge around 23:00.",
        "Stopped at 23:12.",
    ]
    assert Message.objects.count() == 2


@pytest.mark.django_db
def test_a_retry_never_duplicates(net: Network) -> None:
    fr, _de = clients(net, "FR-officer", "DE-officer")
    prepared = fr.prepare(Draft(subject="s", body="b", to=["bureau:DE"]))
    first = fr.call("POST", "/send", prepared.payload)
    again = fr.t.request("POST", "/api/messages/send", body=prepared.payload)
    assert again[0] == 200 and json.loads(again[1])["id"] == first["id"]
    assert Message.objects.count() == 1 and Delivery.objects.count() == 1
    other = fr.prepare(Draft(subject="other", body="b", to=["bureau:DE"]))
    clash = fr.t.request(
        "POST",
        "/api/messages/send",
        body=other.payload | {"idempotency_key": prepared.payload["idempotency_key"]},
    )
    assert clash[0] == 409 and json.loads(clash[1])["field"] == "idempotency_key"


@pytest.mark.django_db
def test_reply_by_defaults_and_overdue_on_both_sides(net: Network) -> None:
    fr, de = clients(net, "FR-officer", "DE-officer")
    urgent = fr.send(Draft(subject="u", body="b", to=["bureau:DE"], priority="urgent"))
    flash = fr.send(Draft(subject="f", body="b", to=["bureau:DE"], priority="flash"))
    routine = fr.send(Draft(subject="r", body="b", to=["bureau:DE"]))
    by_id = {m.uuid.hex: m for m in Message.objects.all()}
    u, f = by_id[urgent["id"].replace("-", "")], by_id[flash["id"].replace("-", "")]
    assert u.reply_by is not None and abs((u.reply_by - u.created_at) - timedelta(hours=12)) < timedelta(
        seconds=1
    )
    assert f.reply_by is not None and abs((f.reply_by - f.created_at) - timedelta(hours=2)) < timedelta(
        seconds=1
    )
    assert routine["reply_by"] is None
    assert de.call("GET", "/changes")["overdue_in"] == 0
    Message.objects.filter(pk=u.pk).update(reply_by=timezone.now() - timedelta(minutes=1))
    assert de.call("GET", "/changes")["overdue_in"] == 1
    assert fr.call("GET", "/changes")["overdue_out"] == 1
    assert [m["overdue"] for m, _ in de.box("inbox")] == [False, False, True]
    assert [m["overdue"] for m, _ in fr.box("sent")] == [False, False, True]
    de.send(
        Draft(subject="re", body="done", to=["bureau:FR"], in_reply_to=urgent["id"], thread=urgent["thread"])
    )
    assert de.call("GET", "/changes")["overdue_in"] == 0 and fr.call("GET", "/changes")["overdue_out"] == 0


@pytest.mark.django_db
def test_explicit_reply_by_is_signed_and_kept(net: Network) -> None:
    fr, _ = clients(net, "FR-officer", "DE-officer")
    sent = fr.send(Draft(subject="s", body="b", to=["bureau:DE"], reply_by="2030-01-02T03:04:05Z"))
    assert sent["reply_by"].startswith("2030-01-02T03:04:05")
    bad = fr.prepare(Draft(subject="s", body="b", to=["bureau:DE"], reply_by="tomorrow"))
    status, body = fr.t.request("POST", "/api/messages/send", body=bad.payload)
    assert status == 422 and json.loads(body)["field"] == "header.reply_by"


@pytest.mark.django_db
def test_fetch_and_acknowledge(net: Network) -> None:
    fr, de = clients(net, "FR-officer", "DE-officer")
    ids = {fr.send(Draft(subject=f"n{i}", body="b", to=["bureau:DE"]))["id"] for i in range(5)}
    first = de.call("GET", "/fetch?limit=2")
    assert len(first["items"]) == 2 and first["more"]
    # no acknowledgement: the same deliveries come again (a crash loses nothing)
    assert [i["id"] for i in de.call("GET", "/fetch?limit=2")["items"]] == [i["id"] for i in first["items"]]
    got: list[str] = []
    assert de.fetch_new(lambda m, o: got.append(m["id"]), limit=2) == 5
    assert set(got) == ids and len(got) == 5
    assert de.call("GET", "/fetch")["items"] == []
    assert (
        de.call("POST", "/ack", {"ids": [first["items"][0]["delivery_id"]]})["count"] == 1
    )  # repeat is harmless
    assert all(d.delivered_at for d in Delivery.objects.all())
    # another member of the bureau has a queue of their own
    (de_admin,) = clients(net, "DE-admin")
    assert len(de_admin.call("GET", "/fetch")["items"]) == 5


@pytest.mark.django_db
def test_to_all_reaches_every_bureau_that_can_receive(net: Network) -> None:
    fr, _de, _it = clients(net, "FR-officer", "DE-officer", "IT-officer")
    prepared = fr.prepare(Draft(subject="all", body="b", to=["all"]))
    assert prepared.skipped == ["bureau:ES"]
    fr.submit(prepared)
    assert sorted(Delivery.objects.values_list("mailbox__address", flat=True)) == ["bureau:DE", "bureau:IT"]


@pytest.mark.django_db
def test_units_are_reached_from_their_own_country_only(net: Network) -> None:
    fr_unit, fr, de = clients(net, "FR-unit-full", "FR-officer", "DE-officer")
    assert f"unit:{net.units['FR-full'].pk}" not in de.directory()
    fr.send(Draft(subject="to my airport", body="b", to=[fr_unit.address]))
    fr_unit.send(Draft(subject="to DE", body="b", to=["bureau:DE"]))
    [(m, o)] = fr_unit.box("inbox")
    assert o.status == "valid" and m["sender_mailbox"] == "bureau:FR"
    hostile = de.prepare(Draft(subject="x", body="b", to=["bureau:FR"]))
    hostile.payload["wraps"].append({"mailbox": fr_unit.address, "key_version": 1, "wrapped": ""})
    status, _ = de.t.request("POST", "/api/messages/send", body=hostile.payload)
    assert status == 422  # the signed recipients and the wraps disagree


@pytest.mark.django_db
def test_the_secretariat_s_other_staff_have_no_mailbox(net: Network) -> None:
    """The secretariat's mailbox is its reviewers' (`test_secretariat_mailbox.py`); its
    analysts, data protection officers and system administrators have none."""
    for name in ("gs-analyst", "gs-dpo", "gs-sysadmin"):
        gs = client_for(net.users[name], unlock=False)
        status, _ = gs.t.request("GET", "/api/messages/inbox")
        assert status == 403, name
        status, _ = gs.t.request("GET", "/api/messages/keys/mailbox")
        assert status == 403, name


@pytest.mark.django_db
def test_messages_of_others_answer_404(net: Network) -> None:
    fr, _de, it = clients(net, "FR-officer", "DE-officer", "IT-officer")
    sent = fr.send(Draft(subject="s", body="b", to=["bureau:DE"], attachments=[Attachment("a", b"x")]))
    for path in (f"/{sent['id']}", f"/{sent['id']}/attachments/0", "/00000000-0000-4000-8000-000000000000"):
        status, _ = it.t.request("GET", "/api/messages" + path)
        assert status == 404, path
    assert it.call("GET", f"/threads/{sent['thread']}") == []
    status, _ = it.t.request("POST", f"/api/messages/{sent['id']}/read")
    assert status == 404


@pytest.mark.django_db
def test_search_runs_over_what_the_client_decrypts(net: Network) -> None:
    fr, de = clients(net, "FR-officer", "DE-officer")
    fr.send(Draft(subject="Yacht Marie-Louise", body="seen in Genoa", to=["bureau:DE"]))
    fr.send(Draft(subject="Other", body="nothing", to=["bureau:DE"]))
    assert [o.content["subject"] for _, o in de.search("genoa")] == ["Yacht Marie-Louise"]
    assert [o.content["subject"] for _, o in fr.search("MARIE")] == ["Yacht Marie-Louise"]


@pytest.mark.django_db
def test_openapi_lists_the_messaging_endpoints(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for p in (
        "/api/messages/send",
        "/api/messages/fetch",
        "/api/messages/ack",
        "/api/messages/blobs",
        "/api/messages/keys/me",
        "/api/messages/keys/mailbox",
        "/api/messages/keys/directory",
    ):
        assert p in paths, p


@pytest.mark.django_db
def test_unclaimed_uploads_are_purged(net: Network) -> None:
    from polnet.core.actor import system_actor
    from polnet.messaging.models import Blob
    from polnet.messaging.services import purge_unsent_uploads

    fr, _de = clients(net, "FR-officer", "DE-officer")
    fr.send(Draft(subject="s", body="b", to=["bureau:DE"], attachments=[Attachment("kept", b"kept")]))
    fr.call("POST", "/blobs", files={"file": b"x" * 40})  # an abandoned draft's upload
    assert purge_unsent_uploads(system_actor("test"), older_than=timedelta(0)) == 1
    assert Blob.objects.count() == 1 and Blob.objects.get().message_id is not None
