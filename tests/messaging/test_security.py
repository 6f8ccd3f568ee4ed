"""What the server cannot do: read, alter unnoticed, or let a former member read new mail."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.db import connection

from polnet.messaging import envelope as env
from polnet.messaging.client import WrongPassword
from polnet.messaging.envelope import Attachment, Draft, EnvelopeError
from polnet.messaging.models import Blob, KeyGrant, KeyWrap, Message, UserKey
from tests.factories import PASSWORD, Network
from tests.messaging.helpers import client_for, clients

SUBJECT = "Operation Nightjar: ferry Kapitan Orlov"
BODY = "The courier boards at Piraeus pier E2 at 06:40 carrying the Zagreb ledgers."
SECRET_FILE = b"ledger page 7: account 44-1187-2 Zagreb"


def _cells() -> Iterator[tuple[str, object]]:
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f'SELECT * FROM "{table}"')
            for row in cur.fetchall():
                for value in row:
                    yield table, value


def _contains(value: object, needle: str) -> bool:
    if isinstance(value, memoryview | bytes | bytearray):
        return needle.encode() in bytes(value)
    return needle in str(value)


@pytest.mark.django_db
def test_the_database_holds_no_plaintext(net: Network) -> None:
    fr, de = clients(net, "FR-officer", "DE-officer")
    sent = fr.send(
        Draft(
            subject=SUBJECT,
            body=BODY,
            to=["bureau:DE"],
            handling="H2",
            evaluation={"source": "A", "accuracy": "1"},
            references=[{"kind": "notice", "ref": "2021/75051"}],
            attachments=[Attachment("zagreb-ledgers.txt", SECRET_FILE)],
        )
    )
    _, opened = de.read(sent["id"])
    assert opened.content is not None and opened.content["subject"] == SUBJECT  # the recipient reads it
    needles = [
        "Nightjar",
        "Kapitan Orlov",
        "Piraeus",
        "pier E2 at 06:40",  # the whole phrase: a bare clock time also matches timestamps
        "zagreb-ledgers",
        "44-1187-2",
        "2021/75051",
        PASSWORD,
    ]
    found = [(table, n) for table, value in _cells() for n in needles if _contains(value, n)]
    assert found == []
    assert Message.objects.count() == 1 and Blob.objects.count() == 1  # the scan did see the rows


def _raw(message_uuid: str, reader: object) -> dict[str, object]:
    return reader.call("GET", f"/{message_uuid}")  # type: ignore[attr-defined,no-any-return]


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["content", "header", "signature", "wrap", "signer"])
def test_tampering_is_shown_never_as_valid(net: Network, part: str) -> None:
    fr, de, it = clients(net, "FR-officer", "DE-officer", "IT-officer")
    sent = fr.send(Draft(subject="s", body="genuine", to=["bureau:DE"], handling="H2"))
    other = fr.send(Draft(subject="s", body="other", to=["bureau:DE"]))
    m = Message.objects.get(uuid=sent["id"])
    if part == "content":
        data = bytearray(m.content)
        data[20] ^= 1
        m.content = bytes(data)
        m.save()
    elif part == "header":
        m.header = m.header.replace('"handling":"H2"', '"handling":"H0"')
        m.handling = "H0"
        m.save()
    elif part == "signature":
        m.signature = Message.objects.get(uuid=other["id"]).signature
        m.save()
    elif part == "wrap":
        wrap = KeyWrap.objects.get(message=m, mailbox__address="bureau:DE")
        wrap.wrapped = KeyWrap.objects.get(message__uuid=other["id"], mailbox__address="bureau:DE").wrapped
        wrap.save()
    elif part == "signer":  # the server claims another user's key signed it
        m.sender_key = UserKey.objects.get(user=net.users["IT-officer"])
        m.save()
    opened = de.open(_raw(sent["id"], de))
    assert opened.status == "tampered" and opened.content is None
    assert de.open(_raw(other["id"], de)).status == "valid"
    assert it is not None


@pytest.mark.django_db
def test_an_altered_attachment_is_refused(net: Network) -> None:
    fr, de = clients(net, "FR-officer", "DE-officer")
    sent = fr.send(
        Draft(subject="s", body="b", to=["bureau:DE"], attachments=[Attachment("a.bin", b"original")])
    )
    blob = Blob.objects.get()
    data = bytearray(blob.data)
    data[-1] ^= 1
    blob.data = bytes(data)
    blob.save()
    _, opened = de.read(sent["id"])
    with pytest.raises(EnvelopeError):
        de.attachment(opened, sent["id"], 0)


@pytest.mark.django_db
def test_the_server_refuses_a_header_not_signed_by_the_sender(net: Network) -> None:
    fr, _de, it = clients(net, "FR-officer", "DE-officer", "IT-officer")
    prepared = fr.prepare(Draft(subject="s", body="b", to=["bureau:DE"]))
    assert it.keys is not None
    forged = prepared.payload | {
        "signature": env.sign(it.keys.sign_private, env.MESSAGE_SIG_LABEL, prepared.sealed.header)
    }
    status, body = fr.t.request("POST", "/api/messages/send", body=forged)
    assert status == 422 and json.loads(body)["field"] == "signature"
    status, body = it.t.request("POST", "/api/messages/send", body=prepared.payload)
    assert status == 422 and json.loads(body)["field"] == "header.from"  # not your mailbox, not your key
    assert Message.objects.count() == 0


def _share_pending(mc: object) -> None:
    mc.sync_mailbox()  # type: ignore[attr-defined]
    mc.share_with(mc.pending())  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["deactivated", "moved to another bureau"])
def test_a_removed_member_cannot_read_new_mail(net: Network, how: str) -> None:
    fr, de = clients(net, "FR-officer", "DE-officer")
    leaver_user = net.users["DE-admin"]
    leaver = client_for(leaver_user)
    assert leaver.mailbox_keys == {}  # waits for a colleague
    _share_pending(de)
    leaver.sync_mailbox()
    before = fr.send(Draft(subject="before", body="old news", to=["bureau:DE"]))
    assert leaver.open(_raw(before["id"], leaver)).status == "valid"
    loot = dict(leaver.mailbox_keys)  # what the leaver could keep from their time as a member

    if how == "deactivated":
        leaver_user.is_active = False
    else:
        leaver_user.bureau = net.bureaus["IT"]
    leaver_user.save()
    de.sync_mailbox()  # the next remaining member's client rotates the key
    assert de.state["current_version"] == 2 and not de.state["rotation_needed"]
    assert not KeyGrant.objects.filter(user_key__user=leaver_user).exists()

    after = fr.send(Draft(subject="after", body="new plans", to=["bureau:DE"]))
    assert de.open(_raw(after["id"], de)).status == "valid"
    raw = _raw(after["id"], de)  # as copied from a stolen database
    assert env.open_message(raw, loot).status == "locked"
    with pytest.raises(EnvelopeError):
        env.open_sealed(
            loot[1], env.b64d(raw["wrap"]["wrapped"]), env.message_key_context(after["id"], "bureau:DE", 1)
        )
    status, _ = leaver.t.request("GET", f"/api/messages/{after['id']}")
    assert status in (401, 403, 404)


@pytest.mark.django_db
def test_a_lost_password_does_not_lose_the_bureaus_mail(net: Network) -> None:
    fr, de, de_admin = clients(net, "FR-officer", "DE-officer", "DE-admin")
    _share_pending(de)
    old = fr.send(Draft(subject="old", body="kept", to=["bureau:DE"]))

    fresh = client_for(net.users["DE-admin"], unlock=False)
    with pytest.raises(WrongPassword):
        fresh.unlock("not-the-password-at-all")
    fresh.reset_keys("a-brand-new-passphrase-7")
    assert fresh.open(_raw(old["id"], fresh)).status == "locked"
    de.sync_mailbox()
    assert [p["username"] for p in de.pending()] == ["de-admin"]
    _share_pending(de)
    fresh.sync_mailbox()
    opened = fresh.open(_raw(old["id"], fresh))
    assert opened.status == "valid" and opened.content["body"] == "kept"
    assert de_admin is not None


@pytest.mark.django_db
def test_a_changed_password_keeps_the_same_keys(net: Network) -> None:
    (fr,) = clients(net, "FR-officer")
    fr.change_password("the-new-sign-in-passphrase")
    again = client_for(net.users["FR-officer"], unlock=False)
    with pytest.raises(WrongPassword):
        again.unlock(PASSWORD)
    again.unlock("the-new-sign-in-passphrase")
    assert again.keys == fr.keys and again.mailbox_keys == fr.mailbox_keys


@pytest.mark.django_db
def test_a_member_added_later_reads_the_history_once_a_colleague_shares(net: Network) -> None:
    from polnet.core.actor import Role
    from polnet.network.services import create_user

    fr, de = clients(net, "FR-officer", "DE-officer")
    old = fr.send(Draft(subject="old", body="history", to=["bureau:DE"]))
    newcomer = create_user(
        net.actor("DE-admin"),
        username="de-new",
        password=PASSWORD,
        role=Role.BUREAU_OFFICER,
        bureau=net.bureaus["DE"],
    )
    new = client_for(newcomer)
    assert new.open(_raw(old["id"], new)).status == "locked"
    de.sync_mailbox()
    [pending] = de.pending()
    assert pending["username"] == "de-new" and pending["fingerprint"] == env.fingerprint(new.keys.enc_public)  # type: ignore[union-attr]
    _share_pending(de)
    assert new.open(_raw(old["id"], new)).status == "valid"


@pytest.mark.django_db
def test_key_checks_on_the_server(net: Network) -> None:
    de, it = clients(net, "DE-officer", "IT-officer")
    assert de.keys is not None
    weak = env.lock_user_keys(de.keys, PASSWORD, de.user_id, 1, iterations=1000)
    status, body = de.t.request("PUT", "/api/messages/keys/me", body=weak)
    assert status == 422 and json.loads(body)["field"] == "kdf_iterations"
    other = env.UserKeys.generate()
    status, _ = de.t.request(
        "PUT", "/api/messages/keys/me", body=env.lock_user_keys(other, PASSWORD, de.user_id, 2)
    )
    assert status == 409  # replacing keys must be asked for
    grant = de._grant_for(it.user_id, 1, it.keys.enc_public, 1, de.mailbox_keys[1])  # type: ignore[union-attr]
    status, body = de.t.request("POST", "/api/messages/keys/mailbox/grants", body={"grants": [grant]})
    assert status == 422 and "not a member" in json.loads(body)["detail"]
    status, _ = de.t.request(
        "POST", "/api/messages/keys/mailbox", body={"public": "", "signature": "", "grants": []}
    )
    assert status == 409
