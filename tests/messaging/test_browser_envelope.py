"""One envelope, two implementations: Chromium seals and Python opens, and back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from polnet.messaging import envelope as env
from polnet.messaging.envelope import Attachment, Draft, UserKeys

pytestmark = pytest.mark.browser


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A page on the live server with envelope.js loaded as Django serves it."""
    tab = chromium.new_page()
    tab.goto(live_server.url + "/login/")
    tab.evaluate("async () => { window.E = await import('/static/messaging/envelope.js'); }")
    yield tab
    tab.close()


MAILBOX = "bureau:DE"
SENDER = "bureau:FR"


def _as_api(sealed: env.SealedMessage, sign_public: bytes, wrap: str, version: int = 1) -> dict[str, Any]:
    return {
        "id": sealed.id,
        "header": sealed.header,
        "signature": sealed.signature,
        "content": env.b64e(sealed.content),
        "sender_sign_public": env.b64e(sign_public),
        "wrap": {"mailbox": MAILBOX, "key_version": version, "wrapped": wrap},
    }


def test_python_seals_and_chromium_opens(page: Any) -> None:
    keys = UserKeys.generate()
    mailbox_private, mailbox_public = env.new_x25519()
    draft = Draft(
        subject="Übergabe in Kehl — 23:00",
        body="Fahrzeug: 1M8GDM9AXKP042788\nالرسالة بالعربية",  # noqa: RUF001
        to=[MAILBOX],
        priority="flash",
        handling="H1",
        attachments=[Attachment("plan.bin", bytes(range(256)) * 40)],
    )
    sealed = env.seal_message(
        draft, sender_mailbox=SENDER, sender_user=7, keys=keys, sent_at="2026-01-02T03:04:05Z"
    )
    message = _as_api(sealed, keys.sign_public, sealed.wrap_for(MAILBOX, 1, mailbox_public))
    result = page.evaluate(
        """async ([m, priv, att]) => {
            const o = await E.openMessage(m, new Map([[1, E.b64d(priv)]]));
            const file = await E.openAttachment(o, 0, E.b64d(att));
            const bad = structuredClone(m);
            const c = E.b64d(bad.content); c[30] ^= 1; bad.content = E.b64e(c);
            const t = await E.openMessage(bad, new Map([[1, E.b64d(priv)]]));
            return {status: o.status, content: o.content, handling: o.header.handling,
                    file: E.b64e(file), tampered: t.status};
        }""",
        [message, env.b64e(mailbox_private), env.b64e(sealed.attachments[0])],
    )
    assert result["status"] == "valid"
    assert result["content"]["subject"] == draft.subject and result["content"]["body"] == draft.body
    assert result["handling"] == "H1"
    assert env.b64d(result["file"]) == bytes(range(256)) * 40
    assert result["tampered"] == "tampered"


def test_chromium_seals_and_python_opens(page: Any) -> None:
    mailbox_private, mailbox_public = env.new_x25519()
    out = page.evaluate(
        """async ([pub]) => {
            const keys = await E.generateUserKeys();
            const draft = {
                subject: "Rapport — نقطة العبور", body: "Contenu chiffré dans le navigateur",
                to: ["bureau:DE"], priority: "urgent", handling: "H2", replyBy: "2026-05-06T07:08:09Z",
                references: [{kind: "record", ref: "person/12"}],
                attachments: [{name: "a.txt", type: "text/plain",
                               data: new TextEncoder().encode("pièce jointe")}]};
            const s = await E.sealMessage(draft, {senderMailbox: "bureau:FR", senderUser: 9, keys});
            const wrapped = await E.wrapFor(s, "bureau:DE", 3, E.b64d(pub));
            return {id: s.id, header: s.header, signature: s.signature, content: E.b64e(s.content),
                    sender_sign_public: E.b64e(keys.signPublic), attachment: E.b64e(s.attachments[0]),
                    wrap: {mailbox: "bureau:DE", key_version: 3, wrapped}};
        }""",
        [env.b64e(mailbox_public)],
    )
    attachment = env.b64d(out.pop("attachment"))
    opened = env.open_message(out, {3: mailbox_private})
    assert opened.status == "valid", opened.problem
    assert opened.content is not None and opened.content["subject"] == "Rapport — نقطة العبور"
    assert opened.header["reply_by"] == "2026-05-06T07:08:09Z" and opened.header["handling"] == "H2"
    assert opened.content["references"] == [{"kind": "record", "ref": "person/12"}]
    assert env.open_attachment(opened, 0, attachment) == "pièce jointe".encode()
    assert env.canonical_json(env.json.loads(out["header"])) == out["header"]
    forged = out | {"header": out["header"].replace('"H2"', '"H0"')}
    assert env.open_message(forged, {3: mailbox_private}).status == "tampered"
    assert env.open_message(out, {1: mailbox_private}).status == "locked"


def test_user_keys_locked_in_one_open_in_the_other(page: Any) -> None:
    keys = UserKeys.generate()
    record = env.lock_user_keys(keys, "Pässwörd-ünïcode-42", user_id=5, version=2)
    from_browser = page.evaluate(
        """async ([rec]) => {
            // decomposed umlauts: NFC makes the password equal to Python's
            const kek = await E.kekFor(rec, "Pa\u0308sswo\u0308rd-u\u0308ni\u0308code-42");
            const k = await E.unlockWithKek(rec, kek, 5);
            const fresh = await E.generateUserKeys();
            const {record} = await E.lockUserKeys(fresh, "browser-side-secret", 6, 1);
            return {enc: E.b64e(k.encPrivate), sign: E.b64e(k.signPrivate), record,
                    freshEnc: E.b64e(fresh.encPrivate)};
        }""",
        [record],
    )
    assert (
        env.b64d(from_browser["enc"]) == keys.enc_private
        and env.b64d(from_browser["sign"]) == keys.sign_private
    )
    opened = env.unlock_user_keys(from_browser["record"], "browser-side-secret", 6)
    assert env.b64e(opened.enc_private) == from_browser["freshEnc"]
    with pytest.raises(env.EnvelopeError):
        env.unlock_user_keys(from_browser["record"], "wrong", 6)


def test_sealed_keys_and_signed_statements_cross_over(page: Any) -> None:
    private, public = env.new_x25519()
    signer = UserKeys.generate()
    statement = env.mailbox_key_statement("unit:12", 4, env.b64e(public))
    signature = env.sign(signer.sign_private, env.MAILBOX_KEY_SIG_LABEL, statement)
    context = env.grant_context("unit:12", 4, 5, 1)
    sealed = env.seal(public, b"k" * 32, context)
    out = page.evaluate(
        """async ([priv, pub, sealed, ctx, signPub, sig]) => {
            const opened = await E.openSealed(E.b64d(priv), E.b64d(sealed), ctx);
            const statement = E.mailboxKeyStatement("unit:12", 4, pub);
            const ok = await E.verify(E.b64d(signPub), E.MAILBOX_KEY_SIG_LABEL, statement, sig);
            const back = await E.seal(E.b64d(pub), new TextEncoder().encode("from the browser"), ctx);
            return {opened: E.b64e(opened), statement, ok, back: E.b64e(back)};
        }""",
        [
            env.b64e(private),
            env.b64e(public),
            env.b64e(sealed),
            context,
            env.b64e(signer.sign_public),
            signature,
        ],
    )
    assert env.b64d(out["opened"]) == b"k" * 32 and out["ok"] and out["statement"] == statement
    assert env.open_sealed(private, env.b64d(out["back"]), context) == b"from the browser"
    with pytest.raises(env.EnvelopeError):
        env.open_sealed(private, env.b64d(out["back"]), context + "x")
