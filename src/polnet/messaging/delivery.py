"""Reading side: mailbox listings, threads, fetch-with-acknowledgement, receipts, changes.

A client fetches the deliveries its user has not acknowledged and acknowledges them by id
after storing them; a crash before the acknowledgement only means the same delivery comes
again, and the message id lets the client drop the repeat.
"""

from __future__ import annotations

import base64
from typing import Any

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput, NotFound
from polnet.messaging import subjects
from polnet.messaging.mailboxes import SECRETARIAT_ADDRESS, uid
from polnet.messaging.models import Blob, Delivery, DeliveryAck, KeyWrap, Mailbox, Message
from polnet.messaging.services import my_mailbox, visible_message
from polnet.messaging.validation import reference_or_422, uuid_or_422

MAX_PAGE = 200


def mailbox_label(mb: Mailbox) -> str:
    if mb.bureau is not None:
        return mb.bureau.name
    if mb.unit is not None:
        return mb.unit.name
    if mb.address == SECRETARIAT_ADDRESS:
        return gettext("General Secretariat")
    return mb.address


def _overdue(reply_by: Any, d: Delivery | None, now: Any) -> bool:
    """Asked to answer by a time that passed, without answering; a forwarded copy was not asked."""
    if d is None or d.forwarded_by_id is not None:
        return False
    return reply_by is not None and d.replied_at is None and reply_by < now


def message_out(message: Message, mailbox: Mailbox, user_id: int) -> dict[str, Any]:
    """A message as the caller's mailbox sees it: ciphertext, its wrap, and the receipts it may see."""
    now = timezone.now()
    wrap = KeyWrap.objects.select_related("mailbox_key").filter(message=message, mailbox=mailbox).first()
    mine = message.sender_mailbox_id == mailbox.pk
    own_delivery = None if mine else Delivery.objects.filter(message=message, mailbox=mailbox).first()
    deliveries = list(message.deliveries.select_related("mailbox__bureau", "mailbox__unit")) if mine else []
    ack = (
        DeliveryAck.objects.filter(delivery=own_delivery, user_id=user_id).first()
        if own_delivery is not None
        else None
    )
    out: dict[str, Any] = {
        "id": str(message.uuid),
        "thread": str(message.thread),
        "in_reply_to": str(message.in_reply_to.uuid) if message.in_reply_to else None,
        "reference": message.reference,
        "sender": message.sender.username,
        "sender_mailbox": message.sender_mailbox.address,
        "sender_mailbox_name": mailbox_label(message.sender_mailbox),
        "sender_sign_public": message.sender_key.sign_public,
        "priority": message.priority,
        "handling": message.handling,
        "reply_by": message.reply_by,
        "created_at": message.created_at,
        "size": message.size,
        "header": message.header,
        "signature": message.signature,
        "content": base64.b64encode(bytes(message.content)).decode("ascii"),
        "attachments": [
            {"index": b.index, "size": b.size, "sha256": b.sha256}
            for b in Blob.objects.filter(message=message).order_by("index").only("index", "size", "sha256")
        ],
        "wrap": (
            {"mailbox": mailbox.address, "key_version": wrap.mailbox_key.version, "wrapped": wrap.wrapped}
            if wrap
            else None
        ),
        "role": "sender" if mine else "recipient",
        "delivery_id": own_delivery.pk if own_delivery else None,
        "forwarded_by": own_delivery.forwarded_by.username
        if own_delivery and own_delivery.forwarded_by
        else None,
        "forwarded_from": own_delivery.forwarded_from.address
        if own_delivery and own_delivery.forwarded_from
        else None,
        "read": bool(ack and ack.read_at) or mine,
        "overdue": (
            any(_overdue(message.reply_by, d, now) for d in deliveries)
            if mine
            else _overdue(message.reply_by, own_delivery, now)
        ),
        "deliveries": [
            {
                "mailbox": d.mailbox.address,
                "name": mailbox_label(d.mailbox),
                "delivered_at": d.delivered_at,
                "read_at": d.read_at,
                "replied_at": d.replied_at,
                "overdue": _overdue(message.reply_by, d, now),
                "forwarded": d.forwarded_by_id is not None,
            }
            for d in deliveries
        ],
    }
    return out


def _messages(qs: QuerySet[Message]) -> QuerySet[Message]:
    return qs.select_related(
        "sender", "sender_key", "sender_mailbox__bureau", "sender_mailbox__unit", "in_reply_to"
    )


def list_box(
    actor: Actor,
    box: str = "inbox",
    *,
    limit: int = 50,
    before: int | None = None,
    reference: str | None = None,
) -> list[dict[str, Any]]:
    """The newest messages received (inbox) or sent (sent) by the caller's mailbox; with
    ``reference``, only those about it ("hit:123")."""
    _, mailbox = my_mailbox(actor)
    if box not in ("inbox", "sent"):
        raise InvalidInput(gettext_lazy("box is 'inbox' or 'sent'."), code="box_unknown", field="box")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(
            gettext_lazy("limit is 1 to %(max)s."),
            code="limit_out_of_range_page",
            field="limit",
            max=MAX_PAGE,
        )
    qs = (
        Message.objects.filter(sender_mailbox=mailbox)
        if box == "sent"
        else Message.objects.filter(deliveries__mailbox=mailbox)
    )
    if before is not None:
        qs = qs.filter(pk__lt=before)
    if reference:
        qs = qs.filter(reference=reference_or_422(reference, "reference"))
    rows = list(_messages(qs).order_by("-pk")[:limit])
    return labelled(actor, [message_out(m, mailbox, uid(actor)) | {"seq": m.pk} for m in rows])


def labelled(actor: Actor, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Name what each message is about (an operation's code name) for a reader who may see it;
    the others keep the bare reference."""
    found = subjects.labels(actor, {r["reference"] for r in rows if r["reference"]})
    for r in rows:
        label = found.get(r["reference"])
        r["reference_label"], r["reference_url"] = (label.text, label.url) if label else ("", "")
    return rows


def thread(actor: Actor, thread_uuid: str) -> list[dict[str, Any]]:
    _, mailbox = my_mailbox(actor)
    qs = Message.objects.filter(thread=uuid_or_422(thread_uuid, "thread")).filter(
        Q(sender_mailbox=mailbox) | Q(deliveries__mailbox=mailbox)
    )
    rows = list(_messages(qs.distinct()).order_by("created_at", "pk"))
    return labelled(actor, [message_out(m, mailbox, uid(actor)) for m in rows])


def get(actor: Actor, message_uuid: str) -> dict[str, Any]:
    message, mailbox, _ = visible_message(actor, message_uuid)
    return labelled(actor, [message_out(message, mailbox, uid(actor))])[0]


def attachment(actor: Actor, message_uuid: str, index: int) -> bytes:
    message, _, _ = visible_message(actor, message_uuid)
    blob = Blob.objects.filter(message=message, index=index).first()
    if blob is None:
        raise NotFound(gettext_lazy("No such attachment."), code="attachment_not_found")
    return bytes(blob.data)


@transaction.atomic
def mark_read(actor: Actor, message_uuid: str) -> None:
    """A read receipt: the first time a member opens a delivery, and once per member in the log."""
    message, _, delivery = visible_message(actor, message_uuid)
    if delivery is None:
        return  # one's own sent message
    now = timezone.now()
    ack, _ = DeliveryAck.objects.select_for_update().get_or_create(delivery=delivery, user_id=uid(actor))
    if ack.read_at is not None:
        return
    ack.read_at = now
    ack.acked_at = ack.acked_at or now
    ack.save(update_fields=["read_at", "acked_at"])
    Delivery.objects.filter(pk=delivery.pk, delivered_at__isnull=True).update(delivered_at=now)
    Delivery.objects.filter(pk=delivery.pk, read_at__isnull=True).update(read_at=now)
    audit.log(actor, audit.Action.READ, "message", message.uuid, detail={"mailbox": delivery.mailbox.address})


def _unacked(mailbox: Mailbox, user_id: int) -> QuerySet[Delivery]:
    acked = DeliveryAck.objects.filter(delivery=OuterRef("pk"), user_id=user_id, acked_at__isnull=False)
    return Delivery.objects.filter(mailbox=mailbox).exclude(Exists(acked))


def fetch(actor: Actor, *, cursor: int = 0, limit: int = 50) -> dict[str, Any]:
    """Deliveries not yet acknowledged by the caller, oldest first, after `cursor` (paging only)."""
    _, mailbox = my_mailbox(actor)
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(
            gettext_lazy("limit is 1 to %(max)s."),
            code="limit_out_of_range_page",
            field="limit",
            max=MAX_PAGE,
        )
    rows = list(_unacked(mailbox, uid(actor)).filter(pk__gt=cursor).order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    items = []
    for d in rows:
        msg = _messages(Message.objects.filter(pk=d.message_id)).get()
        items.append(message_out(msg, mailbox, uid(actor)))
    return {"items": items, "cursor": rows[-1].pk if rows else cursor, "more": more}


@transaction.atomic
def ack(actor: Actor, delivery_ids: list[int]) -> int:
    """Acknowledge deliveries by id (repeats are harmless); the first one is the delivery receipt."""
    _, mailbox = my_mailbox(actor)
    if len(delivery_ids) > MAX_PAGE:
        raise InvalidInput(
            gettext_lazy("at most %(max)s ids at once."), code="ids_too_many", field="ids", max=MAX_PAGE
        )
    now = timezone.now()
    ids = list(Delivery.objects.filter(pk__in=delivery_ids, mailbox=mailbox).values_list("pk", flat=True))
    done = 0
    for pk in ids:
        row, created = DeliveryAck.objects.get_or_create(
            delivery_id=pk, user_id=uid(actor), defaults={"acked_at": now}
        )
        if not created and row.acked_at is None:
            row.acked_at = now
            row.save(update_fields=["acked_at"])
        done += 1
    Delivery.objects.filter(pk__in=ids, delivered_at__isnull=True).update(delivered_at=now)
    return done


def changes(actor: Actor) -> dict[str, Any]:
    """A cheap summary a page polls: has anything arrived, and what is unread or overdue."""
    _, mailbox = my_mailbox(actor)
    now = timezone.now()
    incoming = Delivery.objects.filter(mailbox=mailbox)
    read = DeliveryAck.objects.filter(delivery=OuterRef("pk"), user_id=uid(actor), read_at__isnull=False)
    overdue = Q(message__reply_by__lt=now, replied_at__isnull=True, forwarded_by__isnull=True)
    latest_in = incoming.aggregate(m=Max("pk"))["m"] or 0
    latest_out = Message.objects.filter(sender_mailbox=mailbox).aggregate(m=Max("pk"))["m"] or 0
    receipts = Delivery.objects.filter(message__sender_mailbox=mailbox).aggregate(
        d=Max("delivered_at"), r=Max("read_at")
    )
    return {
        "latest": latest_in,
        "latest_sent": latest_out,
        "receipts": f"{receipts['d'] or ''}|{receipts['r'] or ''}",
        "unread": incoming.exclude(Exists(read)).count(),
        "overdue_in": incoming.filter(overdue).count(),
        "overdue_out": Delivery.objects.filter(message__sender_mailbox=mailbox).filter(overdue).count(),
    }
