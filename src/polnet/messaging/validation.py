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

from django.utils.translation import gettext_lazy

from polnet.core.errors import InvalidInput
from polnet.messaging import envelope, subjects
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
# An optional header field: what the message is about, in the clear, as a kind and a number
# only ("hit:123", "operation:7": `subjects.py`); the subject and body stay encrypted.
REFERENCE_FIELD = "ref"
_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def uuid_or_422(value: object, field: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise InvalidInput(gettext_lazy("not a UUID."), code="not_uuid", field=field) from None


def parse_time(value: object, field: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _TIME.match(value):
        raise InvalidInput(
            gettext_lazy("expected YYYY-MM-DDTHH:MM:SSZ (UTC)."), code="time_format", field=field
        )
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(gettext_lazy("not a valid time."), code="time_invalid", field=field) from None


def parse_header(text: str) -> dict[str, Any]:
    try:
        header = json.loads(text)
        canonical = envelope.canonical_json(header)
    except (ValueError, EnvelopeError) as exc:
        raise InvalidInput(
            gettext_lazy("not a canonical header (%(reason)s)."),
            code="header_unreadable",
            field="header",
            reason=exc,
        ) from None
    if canonical != text:
        raise InvalidInput(
            gettext_lazy("not in canonical form (sorted keys, no spaces)."),
            code="header_not_canonical",
            field="header",
        )
    if not isinstance(header, dict) or set(header) - {REFERENCE_FIELD} != HEADER_FIELDS:
        raise InvalidInput(
            gettext_lazy("must have exactly the fields %(fields)s."),
            code="header_fields",
            field="header",
            fields=sorted(HEADER_FIELDS),
        )
    if header["v"] != envelope.VERSION:
        raise InvalidInput(
            gettext_lazy("envelope version %(version)s only."),
            code="envelope_version",
            field="header.v",
            version=envelope.VERSION,
        )
    if REFERENCE_FIELD in header:
        reference_or_422(header[REFERENCE_FIELD], "header.ref")
    return header


def is_reference(value: object) -> bool:
    return isinstance(value, str) and subjects.split(value) is not None


def reference_or_422(value: object, field: str) -> str:
    """A message's reference: a known kind and a number, nothing that could carry content."""
    if not isinstance(value, str) or not is_reference(value):
        raise InvalidInput(
            gettext_lazy('a reference is one of %(kinds)s, a colon and a number ("hit:123").'),
            code="reference_invalid",
            field=field,
            kinds=", ".join(subjects.kinds()),
        )
    return value


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
        raise InvalidInput(gettext_lazy("header.id differs from id."), code="header_id", field="header.id")
    uuid_or_422(header["thread"], "header.thread")
    if header["in_reply_to"] is not None:
        uuid_or_422(header["in_reply_to"], "header.in_reply_to")
    sign_public = envelope.b64d(sender_key.sign_public)
    expected_from = {"mailbox": sender_address, "user": sender_user, "key": envelope.fingerprint(sign_public)}
    if header["from"] != expected_from:
        raise InvalidInput(
            gettext_lazy("header.from must name you, your mailbox and your current key."),
            code="header_from",
            field="header.from",
        )
    to = _recipients(header["to"])
    _check_choices(header)
    parse_time(header["reply_by"], "header.reply_by")
    parse_time(header["sent_at"], "header.sent_at")
    _check_described(header, content, attachments)
    if not envelope.verify(sign_public, envelope.MESSAGE_SIG_LABEL, text, signature):
        raise InvalidInput(
            gettext_lazy("does not verify with your signing key."),
            code="signature_invalid",
            field="signature",
        )
    return to


def _recipients(to: Any) -> list[str]:
    if not isinstance(to, list) or not to or not all(isinstance(a, str) for a in to):
        raise InvalidInput(gettext_lazy("at least one recipient."), code="recipients_none", field="header.to")
    if to != sorted(set(to)) or len(to) > MAX_RECIPIENTS:
        raise InvalidInput(
            gettext_lazy("sorted, without repeats, at most %(count)s."),
            code="recipients_order",
            field="header.to",
            count=MAX_RECIPIENTS,
        )
    return list(to)


def _check_choices(header: dict[str, Any]) -> None:
    if header["priority"] not in envelope.PRIORITIES:
        raise InvalidInput(
            gettext_lazy("one of %(values)s."),
            code="priority_unknown",
            field="header.priority",
            values=", ".join(envelope.PRIORITIES),
        )
    if header["handling"] not in envelope.HANDLING_CODES:
        raise InvalidInput(
            gettext_lazy("one of %(values)s."),
            code="handling_code_unknown",
            field="header.handling",
            values=", ".join(envelope.HANDLING_CODES),
        )


def _check_described(header: dict[str, Any], content: bytes, attachments: list[tuple[str, int]]) -> None:
    """The header's digests and sizes describe exactly the content and attachments uploaded."""
    if len(content) > MAX_CONTENT_BYTES:
        raise InvalidInput(
            gettext_lazy("at most %(bytes)s bytes of content."),
            code="content_too_large",
            field="content",
            bytes=MAX_CONTENT_BYTES,
        )
    if header["content"] != {"sha256": envelope.sha256_hex(content), "size": len(content)}:
        raise InvalidInput(
            gettext_lazy("does not describe the content sent."), code="content_digest", field="header.content"
        )
    described = [(a.get("sha256"), a.get("size")) for a in header["attachments"] if isinstance(a, dict)]
    if described != attachments or len(header["attachments"]) != len(attachments):
        raise InvalidInput(
            gettext_lazy("does not describe the attachments sent."),
            code="attachments_digest",
            field="header.attachments",
        )
