"""The message envelope of docs/messaging-envelope.md, in Python.

The browser implements the same bytes in `static/messaging/envelope.js`; both use only
X25519, HKDF-SHA256, AES-256-GCM, Ed25519 and PBKDF2-SHA256, so either side opens what the
other sealed. No Django here: the command-line client imports this module on its own.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

VERSION = 1
KDF_NAME = "pbkdf2-sha256"
KDF_ITERATIONS = 600_000
KDF_LABEL = b"polnet/v1/user-key-kek|"  # keeps this derivation apart from any other use of the password
SEAL_INFO = b"polnet/v1/seal"
MESSAGE_SIG_LABEL = b"polnet/v1/message\n"
MAILBOX_KEY_SIG_LABEL = b"polnet/v1/mailbox-key\n"
NONCE_BYTES = 12
KEY_BYTES = 32
PRIORITIES = ("routine", "urgent", "flash")
HANDLING_CODES = ("H0", "H1", "H2", "H3")
_SAFE = re.compile(r"^[A-Za-z0-9:+/=_.\-]*$")


class EnvelopeError(Exception):
    """A malformed, altered or undecryptable envelope."""


# ---- encodings ------------------------------------------------------------------------------


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64d(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise EnvelopeError("not base64") from exc


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(public: bytes) -> str:
    """What users compare out of band: the first 128 bits of the key's SHA-256, in hex."""
    return sha256_hex(public)[:32]


def _check_safe(value: Any) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _check_safe(k)
            _check_safe(v)
    elif isinstance(value, list):
        for v in value:
            _check_safe(v)
    elif isinstance(value, str):
        if not _SAFE.match(value):
            raise EnvelopeError(f"signed fields hold only identifiers, codes and base64: {value[:40]!r}")
    elif value is not None and not isinstance(value, int | bool):
        raise EnvelopeError("signed fields hold only strings, integers, lists and objects")


def canonical_json(obj: Any) -> str:
    """Sorted keys, no spaces, identifiers only: JSON.stringify gives the same bytes."""
    _check_safe(obj)
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


# ---- primitives -----------------------------------------------------------------------------


def aead_encrypt(key: bytes, plaintext: bytes, aad: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad.encode())


def aead_decrypt(key: bytes, blob: bytes, aad: str) -> bytes:
    if len(blob) < NONCE_BYTES + 16:
        raise EnvelopeError("ciphertext too short")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad.encode())
    except InvalidTag as exc:
        raise EnvelopeError("authentication failed") from exc


def _seal_key(shared: bytes, epk: bytes, recipient_public: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=epk + recipient_public, info=SEAL_INFO).derive(shared)


def seal(recipient_public: bytes, plaintext: bytes, context: str) -> bytes:
    """Encrypt to an X25519 public key: ephemeral key || nonce || AES-GCM(ciphertext), context as AAD."""
    eph = X25519PrivateKey.generate()
    epk = eph.public_key().public_bytes_raw()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    return epk + aead_encrypt(_seal_key(shared, epk, recipient_public), plaintext, context)


def open_sealed(recipient_private: bytes, blob: bytes, context: str) -> bytes:
    if len(blob) < KEY_BYTES + NONCE_BYTES + 16:
        raise EnvelopeError("sealed box too short")
    priv = X25519PrivateKey.from_private_bytes(recipient_private)
    epk = blob[:KEY_BYTES]
    try:
        shared = priv.exchange(X25519PublicKey.from_public_bytes(epk))
    except ValueError as exc:  # a low-order point: never from an honest sender
        raise EnvelopeError("bad ephemeral key") from exc
    key = _seal_key(shared, epk, priv.public_key().public_bytes_raw())
    return aead_decrypt(key, blob[KEY_BYTES:], context)


def sign(private: bytes, label: bytes, text: str) -> str:
    return b64e(Ed25519PrivateKey.from_private_bytes(private).sign(label + text.encode()))


def verify(public: bytes, label: bytes, text: str, signature_b64: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(b64d(signature_b64), label + text.encode())
    except (InvalidSignature, EnvelopeError, ValueError):
        return False
    return True


def x25519_public(private: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw()


def new_x25519() -> tuple[bytes, bytes]:
    k = X25519PrivateKey.generate()
    return k.private_bytes_raw(), k.public_key().public_bytes_raw()


# ---- the user's own keys ----------------------------------------------------------------------


def derive_kek(password: str, salt: bytes, iterations: int = KDF_ITERATIONS) -> bytes:
    data = unicodedata.normalize("NFC", password).encode()
    kdf = PBKDF2HMAC(hashes.SHA256(), KEY_BYTES, KDF_LABEL + salt, iterations)
    return kdf.derive(data)


def user_key_aad(user_id: int, version: int) -> str:
    return f"polnet/v1/user-key|{user_id}|{version}"


@dataclass(frozen=True)
class UserKeys:
    enc_private: bytes  # X25519: mailbox keys are sealed to it
    sign_private: bytes  # Ed25519: the user signs what they send

    @classmethod
    def generate(cls) -> UserKeys:
        return cls(
            X25519PrivateKey.generate().private_bytes_raw(), Ed25519PrivateKey.generate().private_bytes_raw()
        )

    @property
    def enc_public(self) -> bytes:
        return x25519_public(self.enc_private)

    @property
    def sign_public(self) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.sign_private).public_key().public_bytes_raw()


def lock_user_keys(
    keys: UserKeys, password: str, user_id: int, version: int, *, iterations: int = KDF_ITERATIONS
) -> dict[str, Any]:
    """What the server stores: public halves, KDF parameters, and the private halves under the KEK."""
    salt = os.urandom(16)
    kek = derive_kek(password, salt, iterations)
    return {
        "version": version,
        "enc_public": b64e(keys.enc_public),
        "sign_public": b64e(keys.sign_public),
        "kdf": KDF_NAME,
        "kdf_iterations": iterations,
        "kdf_salt": b64e(salt),
        "encrypted_private": b64e(
            aead_encrypt(kek, keys.enc_private + keys.sign_private, user_key_aad(user_id, version))
        ),
    }


def unlock_with_kek(record: dict[str, Any], kek: bytes, user_id: int) -> UserKeys:
    raw = aead_decrypt(kek, b64d(record["encrypted_private"]), user_key_aad(user_id, record["version"]))
    keys = UserKeys(raw[:KEY_BYTES], raw[KEY_BYTES:])
    if b64e(keys.enc_public) != record["enc_public"] or b64e(keys.sign_public) != record["sign_public"]:
        raise EnvelopeError("the stored public keys do not match the private ones")
    return keys


def unlock_user_keys(record: dict[str, Any], password: str, user_id: int) -> UserKeys:
    if record["kdf"] != KDF_NAME:
        raise EnvelopeError(f"unknown key derivation {record['kdf']!r}")
    kek = derive_kek(password, b64d(record["kdf_salt"]), int(record["kdf_iterations"]))
    return unlock_with_kek(record, kek, user_id)


# ---- mailbox keys ---------------------------------------------------------------------------


def mailbox_key_statement(address: str, version: int, public_b64: str) -> str:
    return canonical_json({"mailbox": address, "public": public_b64, "version": version})


def grant_context(address: str, key_version: int, user_id: int, user_key_version: int) -> str:
    return f"polnet/v1/mailbox-key|{address}|{key_version}|{user_id}|{user_key_version}"


def message_key_context(message_id: str, address: str, key_version: int) -> str:
    return f"polnet/v1/message-key|{message_id}|{address}|{key_version}"


def content_aad(message_id: str, sender_mailbox: str, sender_user: int) -> str:
    return f"polnet/v1/content|{message_id}|{sender_mailbox}|{sender_user}"


def attachment_aad(message_id: str, index: int) -> str:
    return f"polnet/v1/attachment|{message_id}|{index}"


# ---- messages -------------------------------------------------------------------------------


@dataclass
class Attachment:
    name: str
    data: bytes
    type: str = "application/octet-stream"


@dataclass
class Draft:
    subject: str
    body: str
    to: list[str]
    priority: str = "routine"
    handling: str = "H0"
    handling_conditions: str = ""  # what H3 restricts, in the sender's words
    evaluation: dict[str, str] | None = None  # {"source": "A", "accuracy": "1"}
    references: list[dict[str, str]] = field(default_factory=list)  # {"kind": "record", "ref": "person/12"}
    attachments: list[Attachment] = field(default_factory=list)
    reply_by: str | None = None  # "YYYY-MM-DDTHH:MM:SSZ"
    in_reply_to: str | None = None
    thread: str | None = None
    # What the message is about, in the clear (signed, not encrypted): "hit:123". A pointer
    # only: whoever follows it meets the access rules of what it points to.
    reference: str = ""


@dataclass
class SealedMessage:
    id: str
    header: str
    signature: str
    content: bytes
    attachments: list[bytes]
    content_key: bytes

    def wrap_for(self, address: str, version: int, public: bytes) -> str:
        return b64e(seal(public, self.content_key, message_key_context(self.id, address, version)))


def seal_message(
    draft: Draft, *, sender_mailbox: str, sender_user: int, keys: UserKeys, sent_at: str
) -> SealedMessage:
    if draft.priority not in PRIORITIES or draft.handling not in HANDLING_CODES:
        raise EnvelopeError("unknown priority or handling code")
    message_id = str(uuid.uuid4())
    ck = AESGCM.generate_key(bit_length=256)
    attachments = [
        aead_encrypt(ck, a.data, attachment_aad(message_id, i)) for i, a in enumerate(draft.attachments)
    ]
    content = {
        "subject": draft.subject,
        "body": draft.body,
        "conditions": draft.handling_conditions,
        "evaluation": draft.evaluation,
        "references": draft.references,
        "attachments": [{"name": a.name, "type": a.type, "size": len(a.data)} for a in draft.attachments],
    }
    content_blob = aead_encrypt(
        ck,
        json.dumps(content, ensure_ascii=False).encode(),
        content_aad(message_id, sender_mailbox, sender_user),
    )
    fields: dict[str, Any] = {"ref": draft.reference} if draft.reference else {}
    header = canonical_json(
        {
            **fields,
            "v": VERSION,
            "id": message_id,
            "thread": draft.thread or message_id,
            "in_reply_to": draft.in_reply_to,
            "from": {"mailbox": sender_mailbox, "user": sender_user, "key": fingerprint(keys.sign_public)},
            "to": sorted(set(draft.to)),
            "priority": draft.priority,
            "handling": draft.handling,
            "reply_by": draft.reply_by,
            "sent_at": sent_at,
            "content": {"sha256": sha256_hex(content_blob), "size": len(content_blob)},
            "attachments": [{"sha256": sha256_hex(b), "size": len(b)} for b in attachments],
        }
    )
    signature = sign(keys.sign_private, MESSAGE_SIG_LABEL, header)
    return SealedMessage(message_id, header, signature, content_blob, attachments, ck)


@dataclass
class Opened:
    """A message as a reader sees it. `status` is "valid", "tampered" or "locked" (no key)."""

    status: str
    header: dict[str, Any]
    content: dict[str, Any] | None = None
    problem: str = ""
    content_key: bytes | None = None


def check_header(message: dict[str, Any]) -> dict[str, Any]:
    """Verify the signature and that the ciphertext is the one signed; the parsed header."""
    header_text = message["header"]
    try:
        header = json.loads(header_text)
    except ValueError as exc:
        raise EnvelopeError("header is not JSON") from exc
    sign_public = b64d(message["sender_sign_public"])
    if not isinstance(header, dict) or header.get("v") != VERSION:
        raise EnvelopeError("unknown envelope version")
    if header["from"]["key"] != fingerprint(sign_public):
        raise EnvelopeError("signed by a key other than the sender's")
    if not verify(sign_public, MESSAGE_SIG_LABEL, header_text, message["signature"]):
        raise EnvelopeError("signature does not verify")
    if header["id"] != message["id"]:
        raise EnvelopeError("header belongs to another message")
    content = b64d(message["content"])
    if sha256_hex(content) != header["content"]["sha256"] or len(content) != header["content"]["size"]:
        raise EnvelopeError("content differs from what the sender signed")
    return header


def open_message(message: dict[str, Any], mailbox_keys: dict[int, bytes]) -> Opened:
    """Verify, unwrap and decrypt one message as returned by the API."""
    try:
        header = check_header(message)
    except (EnvelopeError, KeyError, TypeError) as exc:
        try:
            raw = json.loads(message.get("header", "{}"))
        except ValueError:
            raw = {}
        return Opened("tampered", raw if isinstance(raw, dict) else {}, problem=str(exc))
    wrap = message.get("wrap")
    if not wrap or wrap["key_version"] not in mailbox_keys:
        return Opened("locked", header, problem="no key for this message in your mailbox")
    try:
        ck = open_sealed(
            mailbox_keys[wrap["key_version"]],
            b64d(wrap["wrapped"]),
            message_key_context(header["id"], wrap["mailbox"], wrap["key_version"]),
        )
        sender = header["from"]
        plain = aead_decrypt(
            ck, b64d(message["content"]), content_aad(header["id"], sender["mailbox"], sender["user"])
        )
        content = json.loads(plain)
    except (EnvelopeError, ValueError, KeyError) as exc:
        return Opened("tampered", header, problem=f"cannot decrypt: {exc}")
    return Opened("valid", header, content, content_key=ck)


def open_attachment(opened: Opened, index: int, blob: bytes) -> bytes:
    if opened.content_key is None:
        raise EnvelopeError("message not opened")
    expected = opened.header["attachments"][index]
    if sha256_hex(blob) != expected["sha256"]:
        raise EnvelopeError("attachment differs from what the sender signed")
    return aead_decrypt(opened.content_key, blob, attachment_aad(opened.header["id"], index))
