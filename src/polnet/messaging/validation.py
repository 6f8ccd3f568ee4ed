"""Checks on a signed header before a message is accepted.

The server cannot read a message, but it can refuse one whose visible parts disagree:
the header must be canonical, signed by the sender's current key, name the sender's own
mailbox, and describe exactly the ciphertext and the key wraps that came with it.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime
from typing import Any

from polnet.core.errors import InvalidInput
from polnet.messaging import envelope
from polnet.messaging.envelope import EnvelopeError
from polnet.messaging.models import UserKey

MAX_CONTENT_BYTES = 512 * 1024
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # the plaintext; the ciphertext adds nonce and tag
MAX_ATTACHMENT_CIPHERTEXT = MAX_ATTACHMENT_BYTES + envelope.NONCE_BYTES + 16
MAX_ATTACHMENTS = 10
MAX_RECIPIENTS = 300
HEADER_FIELDS = {
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
_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def uuid_or_422(value: object, field: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise InvalidInput("not a UUID.", field=field) from None


def parse_time(value: object, field: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _TIME.match(value):
        raise InvalidInput("expected YYYY-MM-DDTHH:MM:SSZ (UTC).", field=field)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput("not a valid time.", field=field) from None


def parse_header(text: str) -> dict[str, Any]:
    try:
        header = json.loads(text)
        canonical = envelope.canonical_json(header)
    except (ValueError, EnvelopeError) as exc:
        raise InvalidInput(f"not a canonical header ({exc}).", field="header") from None
    if canonical != text:
        raise InvalidInput("not in canonical form (sorted keys, no spaces).", field="header")
    if not isinstance(header, dict) or set(header) != HEADER_FIELDS:
        raise InvalidInput(f"must have exactly the fields {sorted(HEADER_FIELDS)}.", field="header")
    if header["v"] != envelope.VERSION:
        raise InvalidInput(f"envelope version {envelope.VERSION} only.", field="header.v")
    return header


def check_header(
    header: dict[str, Any],
    *,
    text: str,
    signature: str,
    message_id: str,
    sender_address: str,
    sender_user: int,
    sender_key: UserKey,
    content: bytes,
    attachments: list[tuple[str, int]],
) -> list[str]:
    """Validate a parsed header against what was uploaded; returns the recipient addresses."""
    if header["id"] != message_id:
        raise InvalidInput("header.id differs from id.", field="header.id")
    uuid_or_422(header["thread"], "header.thread")
    if header["in_reply_to"] is not None:
        uuid_or_422(header["in_reply_to"], "header.in_reply_to")
    sign_public = envelope.b64d(sender_key.sign_public)
    expected_from = {"mailbox": sender_address, "user": sender_user, "key": envelope.fingerprint(sign_public)}
    if header["from"] != expected_from:
        raise InvalidInput(
            "header.from must name you, your mailbox and your current key.", field="header.from"
        )
    to = header["to"]
    if not isinstance(to, list) or not to or not all(isinstance(a, str) for a in to):
        raise InvalidInput("at least one recipient.", field="header.to")
    if to != sorted(set(to)) or len(to) > MAX_RECIPIENTS:
        raise InvalidInput(f"sorted, without repeats, at most {MAX_RECIPIENTS}.", field="header.to")
    if header["priority"] not in envelope.PRIORITIES:
        raise InvalidInput(f"one of {', '.join(envelope.PRIORITIES)}.", field="header.priority")
    if header["handling"] not in envelope.HANDLING_CODES:
        raise InvalidInput(f"one of {', '.join(envelope.HANDLING_CODES)}.", field="header.handling")
    parse_time(header["reply_by"], "header.reply_by")
    parse_time(header["sent_at"], "header.sent_at")
    if len(content) > MAX_CONTENT_BYTES:
        raise InvalidInput(f"at most {MAX_CONTENT_BYTES} bytes of content.", field="content")
    if header["content"] != {"sha256": envelope.sha256_hex(content), "size": len(content)}:
        raise InvalidInput("does not describe the content sent.", field="header.content")
    described = [(a.get("sha256"), a.get("size")) for a in header["attachments"] if isinstance(a, dict)]
    if described != attachments or len(header["attachments"]) != len(attachments):
        raise InvalidInput("does not describe the attachments sent.", field="header.attachments")
    if not envelope.verify(sign_public, envelope.MESSAGE_SIG_LABEL, text, signature):
        raise InvalidInput("does not verify with your signing key.", field="signature")
    return list(to)
