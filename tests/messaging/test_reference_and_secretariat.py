"""A message's reference to a hit (signed, in the clear, a number only), and the General
Secretariat's mailbox: bureaus write to it and it writes to bureaus, with real cryptography."""

from __future__ import annotations

import pytest

from polnet.core.actor import Role, system_actor
from polnet.messaging.envelope import Draft, EnvelopeError
from polnet.messaging.models import Mailbox, Message
from polnet.messaging.transport import ApiError
from polnet.network.services import create_user
from tests.factories import PASSWORD, Network, signed_in_client
from tests.messaging.helpers import client_for, clients

# ---- the reference --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_message_about_a_hit_carries_its_reference_signed_and_in_the_clear(net: Network) -> None:
    de, fr = clients(net, "DE-officer", "FR-officer")
    sent = de.send(
        Draft(
            subject="Ivanov at Frankfurt", body="He boarded for Rome.", to=["bureau:FR"], reference="hit:42"
        )
    )
    de.send(Draft(subject="Other", body="Unrelated.", to=["bureau:FR"]))

    assert sent["reference"] == "hit:42"
    stored = Message.objects.get(uuid=sent["id"])
    assert stored.reference == "hit:42"
    assert b"Ivanov" not in bytes(stored.content)  # the subject and body stay sealed

    about = fr.call("GET", "/inbox?reference=hit:42")
    assert [m["id"] for m in about] == [sent["id"]]
    [(message, opened)] = [(m, o) for m, o in fr.box("inbox") if m["id"] == sent["id"]]
    assert opened.status == "valid" and opened.header["ref"] == "hit:42"
    assert message["reference"] == "hit:42"
    assert [m["reference"] for m in de.call("GET", "/sent")] == ["", "hit:42"]


@pytest.mark.django_db
def test_a_reference_that_is_not_a_hit_number_is_refused(net: Network) -> None:
    (de,) = clients(net, "DE-officer")
    client_for(net.users["FR-officer"])  # the recipient's mailbox key
    # Text with spaces is refused by the envelope itself: signed fields hold no prose.
    with pytest.raises(EnvelopeError):
        de.send(Draft(subject="s", body="b", to=["bureau:FR"], reference="hit:12 Ivan Ivanov born 1974"))
    for bad in ("hit:abc", "hit:0", "notice:12", "hit:" + "9" * 19):
        with pytest.raises(ApiError) as refused:
            de.send(Draft(subject="s", body="b", to=["bureau:FR"], reference=bad))
        assert refused.value.status == 422 and refused.value.data["code"] == "reference_invalid", bad
    status, body = de.t.request("GET", "/api/messages/inbox?reference=notice:1")
    assert status == 422 and b"reference_invalid" in body
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_the_server_cannot_change_a_reference_the_sender_signed(net: Network) -> None:
    de, _fr = clients(net, "DE-officer", "FR-officer")
    prepared = de.prepare(Draft(subject="s", body="b", to=["bureau:FR"], reference="hit:42"))
    prepared.payload["header"] = prepared.payload["header"].replace('"ref":"hit:42"', '"ref":"hit:43"')
    with pytest.raises(ApiError) as refused:
        de.submit(prepared)
    assert refused.value.data["code"] == "signature_invalid"
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_the_compose_page_offers_the_recipient_and_reference_it_was_opened_with(net: Network) -> None:
    page = signed_in_client(net.users["DE-officer"])
    html = page.get("/messages/compose/?to=bureau:FR&ref=hit:42").content.decode()
    assert 'data-to="bureau:FR"' in html and 'value="hit:42"' in html
    assert 'id="reference-row" hidden' not in html
    html = page.get("/messages/compose/?to=<b>x</b>&ref=hit:42%20Ivanov").content.decode()
    assert 'data-to=""' in html and 'id="reference-row" hidden' in html
    assert 'name="reference" value=""' in html


# ---- the secretariat's mailbox ------------------------------------------------------------


@pytest.mark.django_db
def test_bureaus_and_the_secretariat_write_to_each_other(net: Network) -> None:
    gs = client_for(net.users["gs-reviewer"])  # the first sign-in makes the mailbox key
    assert gs.address == "secretariat"
    mailbox = Mailbox.objects.get(address="secretariat")
    assert mailbox.bureau_id is None and mailbox.unit_id is None
    fr = client_for(net.users["FR-officer"])

    book = fr.directory()
    assert book["secretariat"]["key"] is not None and book["secretariat"]["kind"] == "secretariat"
    asked = fr.send(
        Draft(subject="Overdue hit", body="Please chase DE.", to=["secretariat"], reference="hit:7")
    )
    [(message, opened)] = gs.box("inbox")
    assert opened.status == "valid" and opened.content["body"] == "Please chase DE."
    assert message["sender_mailbox"] == "bureau:FR" and message["reference"] == "hit:7"

    gs.send(
        Draft(
            subject="Re: Overdue hit",
            body="Done.",
            to=["bureau:FR"],
            in_reply_to=asked["id"],
            thread=asked["thread"],
            reference="hit:7",
        )
    )
    [(answer, opened)] = fr.box("inbox")
    assert opened.status == "valid" and opened.content["body"] == "Done."
    assert (
        answer["sender_mailbox"] == "secretariat" and answer["sender_mailbox_name"] == "General Secretariat"
    )
    assert answer["thread"] == asked["thread"]

    # The secretariat's book lists the bureaus and no unit.
    kinds = {e["kind"] for e in gs.directory().values()}
    assert kinds == {"bureau", "secretariat"}


@pytest.mark.django_db
def test_units_and_the_secretariat_do_not_write_to_each_other(net: Network) -> None:
    gs = client_for(net.users["gs-reviewer"])
    unit = client_for(net.users["FR-unit-full"])
    with pytest.raises(ApiError) as refused:
        unit.send(Draft(subject="s", body="b", to=["secretariat"]))
    assert refused.value.status in (403, 422)
    assert "secretariat" not in unit.directory()
    with pytest.raises(ApiError):
        gs.send(Draft(subject="s", body="b", to=[f"unit:{net.units['FR-full'].pk}"]))
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_the_secretariat_s_reviewers_alone_share_its_key(net: Network) -> None:
    first = client_for(net.users["gs-reviewer"])
    second_user = create_user(
        system_actor("test"), username="gs-reviewer-2", password=PASSWORD, role=Role.SECRETARIAT_REVIEWER
    )
    second = client_for(second_user)
    assert second.mailbox_keys == {}  # waits for a colleague to share the key
    first.sync_mailbox()
    assert [m["username"] for m in first.pending()] == ["gs-reviewer-2"]
    assert first.share_with(first.pending()) == 1
    second.sync_mailbox()
    fr = client_for(net.users["FR-officer"])
    fr.send(Draft(subject="s", body="for the secretariat", to=["secretariat"]))
    [(_, opened)] = second.box("inbox")
    assert opened.content["body"] == "for the secretariat"

    # The analysts of the secretariat are no members: they have no mailbox, and read nothing.
    analyst = client_for(net.users["gs-analyst"], unlock=False)
    status, _ = analyst.t.request("GET", "/api/messages/inbox")
    assert status == 403

    # A reviewer who leaves: the next member's client rotates the key, without them.
    second_user.is_active = False
    second_user.save(update_fields=["is_active"])
    state = first.sync_mailbox()
    assert state["current_version"] == 2 and [k["user_id"] for k in state["keepers"]] == [first.user_id]
