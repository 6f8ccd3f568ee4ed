"""The envelope on its own: no database, no server."""

from __future__ import annotations

import json

import pytest

from polnet.messaging import envelope as env
from polnet.messaging.envelope import Attachment, Draft, EnvelopeError, UserKeys


def _sealed(**kw: object) -> tuple[env.SealedMessage, UserKeys, bytes, bytes]:
    keys = UserKeys.generate()
    private, public = env.new_x25519()
    draft = Draft(subject="s", body="b", to=["bureau:DE"], **kw)  # type: ignore[arg-type]
    sealed = env.seal_message(
        draft, sender_mailbox="bureau:FR", sender_user=3, keys=keys, sent_at="2026-01-01T00:00:00Z"
    )
    return sealed, keys, private, public


def _api(sealed: env.SealedMessage, keys: UserKeys, public: bytes) -> dict[str, object]:
    return {
        "id": sealed.id,
        "header": sealed.header,
        "signature": sealed.signature,
        "content": env.b64e(sealed.content),
        "sender_sign_public": env.b64e(keys.sign_public),
        "wrap": {
            "mailbox": "bureau:DE",
            "key_version": 1,
            "wrapped": sealed.wrap_for("bureau:DE", 1, public),
        },
    }


def test_canonical_json_is_sorted_compact_and_refuses_free_text() -> None:
    assert env.canonical_json({"b": [1, None, True], "a": {"z": "x", "y": "A-1:2/3+="}}) == (
        '{"a":{"y":"A-1:2/3+=","z":"x"},"b":[1,null,true]}'
    )
    for bad in ({"s": "with space"}, {"s": "é"}, {"s": 1.5}, {"s": 'quote"'}):
        with pytest.raises(EnvelopeError):
            env.canonical_json(bad)


def test_header_names_what_the_server_may_see_and_nothing_else() -> None:
    sealed, keys, _, _ = _sealed(priority="urgent", handling="H2", attachments=[Attachment("n.txt", b"123")])
    header = json.loads(sealed.header)
    assert set(header) == {
        "v",
        "id",
        "thread",
        "in_reply_to",
        "from",
        "to",
        "priority",
        "handling",
        "reply_by",
        "sent_at",
        "content",
        "attachments",
    }
    assert header["from"] == {"mailbox": "bureau:FR", "user": 3, "key": env.fingerprint(keys.sign_public)}
    assert header["attachments"][0]["size"] == 3 + 28 and "n.txt" not in sealed.header


def test_seal_open_and_every_kind_of_damage() -> None:
    sealed, keys, private, public = _sealed()
    message = _api(sealed, keys, public)
    assert env.open_message(message, {1: private}).status == "valid"
    assert env.open_message(message, {2: private}).status == "locked"
    assert env.open_message(message, {1: env.new_x25519()[0]}).status == "tampered"  # not our key
    for change in (
        {"signature": env.sign(UserKeys.generate().sign_private, env.MESSAGE_SIG_LABEL, sealed.header)},
        {"header": sealed.header.replace('"routine"', '"flash"')},
        {"content": env.b64e(sealed.content[:-1] + bytes([sealed.content[-1] ^ 1]))},
        {"sender_sign_public": env.b64e(UserKeys.generate().sign_public)},
        {"id": "00000000-0000-4000-8000-000000000000"},
        {"header": "not json"},
    ):
        opened = env.open_message(message | change, {1: private})
        assert opened.status == "tampered" and opened.content is None, change


def test_a_wrap_only_opens_in_its_own_context() -> None:
    private, public = env.new_x25519()
    box = env.seal(public, b"k" * 32, env.message_key_context("m1", "bureau:DE", 1))
    assert env.open_sealed(private, box, env.message_key_context("m1", "bureau:DE", 1)) == b"k" * 32
    for context in (
        env.message_key_context("m2", "bureau:DE", 1),
        env.message_key_context("m1", "bureau:IT", 1),
    ):
        with pytest.raises(EnvelopeError):
            env.open_sealed(private, box, context)
    with pytest.raises(EnvelopeError):
        env.open_sealed(private, bytes(32) + box[32:], env.message_key_context("m1", "bureau:DE", 1))


def test_user_keys_need_the_password() -> None:
    keys = UserKeys.generate()
    record = env.lock_user_keys(keys, "correct horse battery", 4, 1, iterations=1000)
    assert env.unlock_user_keys(record, "correct horse battery", 4) == keys
    with pytest.raises(EnvelopeError):
        env.unlock_user_keys(record, "correct horse batterY", 4)
    with pytest.raises(EnvelopeError):
        env.unlock_user_keys(record, "correct horse battery", 5)  # bound to the user
    assert env.lock_user_keys(keys, "x", 4, 1)["kdf_iterations"] == 600_000
