"""Changing messages: upload and send (passing on is in forwarding.py), and the one way to load one.

A message is committed with its key wraps, deliveries and audit entry before the sender
hears back, and a repeated idempotency key returns the message already stored.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.messaging import subjects, validation
from polnet.messaging.envelope import sha256_hex
from polnet.messaging.keys import SEALED_32_BYTES, current_mailbox_key, current_user_key
from polnet.messaging.mailboxes import (
    Place,
    cannot_receive,
    mailbox_for,
    may_write_to,
    place_of,
    resolve,
    uid,
)
from polnet.messaging.models import (
    Blob,
    Delivery,
    KeyWrap,
    Mailbox,
    Message,
    Priority,
)

REPLY_BY_DEFAULT = {Priority.URGENT: timedelta(hours=12), Priority.FLASH: timedelta(hours=2)}


@dataclass(frozen=True)
class WrapIn:
    mailbox: str
    key_version: int
    wrapped: str


def _b64(value: str, field: str) -> bytes:
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise InvalidInput(gettext_lazy("not base64."), code="not_base64", field=field) from None


def my_mailbox(actor: Actor) -> tuple[Place, Mailbox]:
    place = place_of(actor)
    mailbox = mailbox_for(place)
    if mailbox is None:
        raise Conflict(
            gettext_lazy("Your mailbox has no key yet: unlock it once to set it up."),
            code="mailbox_key_not_set_up",
        )
    return place, mailbox


def visible_message(actor: Actor, message_uuid: str) -> tuple[Message, Mailbox, Delivery | None]:
    """The one way to load a message: the caller's mailbox sent or received it, else 404."""
    mailbox = mailbox_for(place_of(actor))
    if mailbox is None:
        raise NotFound(gettext_lazy("No such message."), code="message_not_found")
    try:
        qs = Message.objects.filter(uuid=validation.uuid_or_422(message_uuid, "id"))
    except InvalidInput:
        raise NotFound(gettext_lazy("No such message."), code="message_not_found") from None
    message = qs.filter(Q(sender_mailbox=mailbox) | Q(deliveries__mailbox=mailbox)).distinct().first()
    if message is None:
        raise NotFound(gettext_lazy("No such message."), code="message_not_found")
    return message, mailbox, Delivery.objects.filter(message=message, mailbox=mailbox).first()


@transaction.atomic
def upload_blob(actor: Actor, data: bytes) -> Blob:
    """An encrypted attachment; the same bytes uploaded again give the same blob."""
    place_of(actor)
    if not 28 <= len(data) <= validation.MAX_ATTACHMENT_CIPHERTEXT:
        raise InvalidInput(
            gettext_lazy("An attachment is at most %(bytes)s bytes."),
            code="attachment_too_large_bytes",
            field="file",
            bytes=validation.MAX_ATTACHMENT_BYTES,
        )
    digest = sha256_hex(data)
    blob, _ = Blob.objects.get_or_create(
        uploader_id=uid(actor), sha256=digest, defaults={"size": len(data), "data": data}
    )
    return blob


@transaction.atomic
def purge_unsent_uploads(actor: Actor, *, older_than: timedelta = timedelta(days=1)) -> int:
    """Drop encrypted uploads that no message claimed (an abandoned draft); housekeeping only."""
    stale = Blob.objects.filter(message__isnull=True, created_at__lt=timezone.now() - older_than)
    count = stale.count()
    if count:
        stale.delete()
        audit.log(actor, audit.Action.DELETE, "message_upload", "", detail={"count": count})
    return count


def check_wraps(wraps: list[WrapIn], addresses: list[str], field: str) -> dict[str, tuple[Mailbox, Any]]:
    """One wrap per address, each to that mailbox's current key."""
    if sorted(w.mailbox for w in wraps) != sorted(addresses):
        raise InvalidInput(
            gettext_lazy("one key wrap for each recipient and for your own mailbox."),
            code="wraps_recipients",
            field=field,
        )
    out = {}
    for w in wraps:
        mailbox = Mailbox.objects.filter(address=w.mailbox).first()
        key = current_mailbox_key(mailbox)
        if mailbox is None or key is None:
            raise cannot_receive(w.mailbox)
        if key.version != w.key_version:
            raise Conflict(
                gettext_lazy("%(address)s's key changed; reload its key and seal again."),
                code="recipient_key_changed",
                field=field,
                address=w.mailbox,
            )
        if len(_b64(w.wrapped, field)) != SEALED_32_BYTES:
            raise InvalidInput(gettext_lazy("a wrap is a sealed 32-byte key."), code="wrap_size", field=field)
        out[w.mailbox] = (mailbox, key)
    return out


def send(
    actor: Actor,
    *,
    idempotency_key: str,
    message_id: str,
    header: str,
    signature: str,
    content: str,
    attachments: list[int],
    wraps: list[WrapIn],
) -> tuple[Message, bool]:
    """Store a message durably; returns (message, created). A retry returns the stored one."""
    existing = Message.objects.filter(sender_id=uid(actor), idempotency_key=idempotency_key).first()
    if existing is not None:
        return _replayed(existing, header, signature), False
    try:
        with transaction.atomic():
            return _send(
                actor, idempotency_key, message_id, header, signature, content, attachments, wraps
            ), True
    except IntegrityError:
        # A concurrent retry with the same key won the race; answer with what it stored.
        existing = Message.objects.filter(sender_id=uid(actor), idempotency_key=idempotency_key).first()
        if existing is None:
            raise Conflict(
                gettext_lazy("This message id is taken."), code="message_id_taken", field="id"
            ) from None
        return _replayed(existing, header, signature), False


def _replayed(existing: Message, header: str, signature: str) -> Message:
    if existing.header != header or existing.signature != signature:
        raise Conflict(
            gettext_lazy("This idempotency key was used for another message."),
            code="idempotency_key_reused",
            field="idempotency_key",
        )
    return existing


def _send(
    actor: Actor,
    idempotency_key: str,
    message_id: str,
    header_text: str,
    signature: str,
    content_b64: str,
    attachment_ids: list[int],
    wraps: list[WrapIn],
) -> Message:
    place, mailbox = my_mailbox(actor)
    sender_key = current_user_key(uid(actor))
    if sender_key is None:
        raise Conflict(gettext_lazy("Set up your message keys first."), code="user_keys_missing_to_send")
    message_id = validation.uuid_or_422(message_id, "id")
    header = validation.parse_header(header_text)
    content = _b64(content_b64, "content")
    if len(attachment_ids) > validation.MAX_ATTACHMENTS or len(set(attachment_ids)) != len(attachment_ids):
        raise InvalidInput(
            gettext_lazy("at most %(count)s distinct attachments."),
            code="attachments_too_many",
            field="attachments",
            count=validation.MAX_ATTACHMENTS,
        )
    blobs = {
        b.pk: b
        for b in Blob.objects.select_for_update().filter(pk__in=attachment_ids, uploader_id=uid(actor))
    }
    if set(blobs) != set(attachment_ids) or any(b.message_id is not None for b in blobs.values()):
        raise NotFound(
            gettext_lazy("An attachment was not uploaded by you, or belongs to another message."),
            code="attachment_not_yours",
            field="attachments",
        )
    ordered = [blobs[i] for i in attachment_ids]
    to = validation.check_header(
        header,
        text=header_text,
        signature=signature,
        message_id=message_id,
        sender_address=place.address,
        sender_user=uid(actor),
        sender_key=sender_key,
        content=content,
        attachments=[(b.sha256, b.size) for b in ordered],
    )
    for address in to:
        if not may_write_to(place, resolve(address)):
            raise Forbidden(
                gettext_lazy("You may not write to %(address)s."), code="write_forbidden", address=address
            )
    parent = _parent(header, mailbox)
    reference = header.get(validation.REFERENCE_FIELD, "")
    if parent is not None and parent.reference != reference:
        # A thread about something stays about it: its own rules (an operation's) keep applying.
        raise InvalidInput(
            gettext_lazy("a reply keeps its parent's reference (%(reference)s)."),
            code="reply_reference",
            field="header.ref",
            reference=parent.reference or "-",
        )
    _check_subject(actor, header, place.address, to)
    sealed_for = check_wraps(wraps, [*to, place.address], "wraps")
    now = timezone.now()
    reply_by = validation.parse_time(header["reply_by"], "header.reply_by")
    if reply_by is None and header["priority"] in REPLY_BY_DEFAULT:
        reply_by = now + REPLY_BY_DEFAULT[Priority(header["priority"])]
    size = len(content) + sum(b.size for b in ordered)
    message = Message.objects.create(
        uuid=message_id,
        sender_id=uid(actor),
        sender_mailbox=mailbox,
        sender_key=sender_key,
        idempotency_key=idempotency_key,
        thread=header["thread"],
        reference=reference,
        in_reply_to=parent,
        priority=header["priority"],
        handling=header["handling"],
        reply_by=reply_by,
        header=header_text,
        signature=signature,
        content=content,
        size=size,
        created_at=now,
    )
    for i, blob in enumerate(ordered):
        blob.message, blob.index = message, i
        blob.save(update_fields=["message", "index"])
    wrapped = {w.mailbox: w.wrapped for w in wraps}
    KeyWrap.objects.bulk_create(
        KeyWrap(message=message, mailbox=mb, mailbox_key=key, wrapped=wrapped[addr])
        for addr, (mb, key) in sealed_for.items()
    )
    Delivery.objects.bulk_create(
        Delivery(message=message, mailbox=sealed_for[a][0], created_at=now) for a in to
    )
    if parent is not None:
        Delivery.objects.filter(
            message__thread=message.thread, mailbox=mailbox, replied_at__isnull=True
        ).update(replied_at=now)
    audit.log(
        actor,
        audit.Action.CREATE,
        "message",
        message_id,
        detail={
            "to": to,
            "priority": message.priority,
            "handling": message.handling,
            "size": size,
            "attachments": len(ordered),
            "thread": str(message.thread),
            "reference": message.reference,
        },
    )
    return message


def _check_subject(actor: Actor, header: dict[str, Any], sender: str, to: list[str]) -> None:
    """What the reference points to may refuse the message (an operation's participants only)."""
    parts = subjects.split(header.get(validation.REFERENCE_FIELD, ""))
    if parts is None:
        return
    subjects.check(
        subjects.Sending(
            actor=actor,
            kind=parts[0],
            number=parts[1],
            message_id=header["id"],
            thread=header["thread"],
            in_reply_to=header["in_reply_to"],
            sender=sender,
            to=tuple(to),
        )
    )


def _parent(header: dict[str, Any], mailbox: Mailbox) -> Message | None:
    if header["in_reply_to"] is None:
        if header["thread"] != header["id"]:
            raise InvalidInput(
                gettext_lazy("a new message starts its own thread (thread = id)."),
                code="thread_new",
                field="header.thread",
            )
        return None
    parent = (
        Message.objects.filter(uuid=header["in_reply_to"])
        .filter(Q(sender_mailbox=mailbox) | Q(deliveries__mailbox=mailbox))
        .distinct()
        .first()
    )
    if parent is None:
        raise NotFound(
            gettext_lazy("No such message to reply to."),
            code="reply_parent_not_found",
            field="header.in_reply_to",
        )
    if str(parent.thread) != header["thread"]:
        raise InvalidInput(
            gettext_lazy("a reply stays in its parent's thread."), code="reply_thread", field="header.thread"
        )
    return parent
