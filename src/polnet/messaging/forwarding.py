"""Passing messages on, and the H2 rule: a third party receives an H2 message only with a
grant from the sending mailbox, requested and decided in the system (and logged)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.messaging import validation
from polnet.messaging.mailboxes import (
    Place,
    cannot_receive,
    mailbox_for,
    may_write_to,
    place_of,
    resolve,
    uid,
)
from polnet.messaging.models import Delivery, ForwardRequest, ForwardState, HandlingCode, KeyWrap, Message
from polnet.messaging.services import WrapIn, check_wraps, my_mailbox, visible_message


def _third_parties(message: Message, targets: list[Place]) -> list[Place]:
    """Targets that were neither the sender nor an addressee of the original message."""
    original = set(validation.parse_header(message.header)["to"]) | {message.sender_mailbox.address}
    return [t for t in targets if t.address not in original]


@transaction.atomic
def forward(actor: Actor, message_uuid: str, wraps: list[WrapIn]) -> list[Delivery]:
    """Pass a message on: the forwarder's client seals the content key to each new mailbox."""
    message, mailbox, _ = visible_message(actor, message_uuid)
    place = place_of(actor)
    targets = [resolve(w.mailbox) for w in wraps]
    if not targets:
        raise InvalidInput(
            gettext_lazy("Name at least one mailbox."), code="forward_no_mailbox", field="wraps"
        )
    for t in targets:
        if not may_write_to(place, t):
            raise Forbidden(
                gettext_lazy("You may not write to %(address)s."), code="write_forbidden", address=t.address
            )
        holder = mailbox_for(t)
        if holder is not None and (
            holder == message.sender_mailbox
            or Delivery.objects.filter(message=message, mailbox=holder).exists()
        ):
            raise Conflict(
                gettext_lazy("%(address)s already has this message."),
                code="forward_duplicate",
                field="wraps",
                address=t.address,
            )
    sealed_for = check_wraps(wraps, [t.address for t in targets], "wraps")
    permits: list[ForwardRequest] = []
    if message.handling == HandlingCode.H2 and message.sender_mailbox != mailbox:
        for t in _third_parties(message, targets):
            permit = ForwardRequest.objects.filter(
                message=message,
                from_mailbox=mailbox,
                to_mailbox=sealed_for[t.address][0],
                state=ForwardState.GRANTED,
            ).first()
            if permit is None:
                raise Forbidden(
                    gettext_lazy(
                        "H2: %(address)s may receive this message only with the sender's permission; "
                        "request it first."
                    ),
                    code="forward_needs_permission",
                    address=t.address,
                )
            permits.append(permit)
    out = []
    for w in wraps:
        mb, key = sealed_for[w.mailbox]
        KeyWrap.objects.create(message=message, mailbox=mb, mailbox_key=key, wrapped=w.wrapped)
        out.append(
            Delivery.objects.create(
                message=message, mailbox=mb, forwarded_by_id=uid(actor), forwarded_from=mailbox
            )
        )
    for permit in permits:
        permit.state = ForwardState.USED
        permit.save(update_fields=["state"])
    audit.log(
        actor,
        audit.Action.CREATE,
        "message_forward",
        message.uuid,
        detail={"from": mailbox.address, "to": [w.mailbox for w in wraps], "handling": message.handling},
    )
    return out


@transaction.atomic
def request_forward(actor: Actor, message_uuid: str, target_address: str) -> ForwardRequest:
    message, mailbox, _ = visible_message(actor, message_uuid)
    if message.handling != HandlingCode.H2:
        raise InvalidInput(
            gettext_lazy("Only H2 messages need permission to be passed on."),
            code="permission_not_needed",
            field="to",
        )
    if message.sender_mailbox == mailbox:
        raise InvalidInput(
            gettext_lazy("You sent this message: you need no permission."),
            code="permission_own_message",
            field="to",
        )
    target = resolve(target_address)
    if not may_write_to(place_of(actor), target):
        raise Forbidden(
            gettext_lazy("You may not write to %(address)s."), code="write_forbidden", address=target.address
        )
    if not _third_parties(message, [target]):
        raise InvalidInput(
            gettext_lazy("%(address)s already received it from the sender."),
            code="forward_already_received",
            field="to",
            address=target.address,
        )
    to_mailbox = mailbox_for(target)
    if to_mailbox is None:
        raise cannot_receive(target.address)
    open_one = ForwardRequest.objects.filter(
        message=message,
        from_mailbox=mailbox,
        to_mailbox=to_mailbox,
        state__in=[ForwardState.PENDING, ForwardState.GRANTED],
    ).first()
    if open_one is not None:
        return open_one
    req = ForwardRequest.objects.create(
        message=message, from_mailbox=mailbox, to_mailbox=to_mailbox, requested_by_id=uid(actor)
    )
    audit.log(
        actor,
        audit.Action.CREATE,
        "forward_request",
        req.pk,
        detail={"message": str(message.uuid), "from": mailbox.address, "to": to_mailbox.address},
    )
    return req


@transaction.atomic
def decide_forward(actor: Actor, request_id: int, *, grant: bool) -> ForwardRequest:
    """A member of the sending mailbox grants or refuses; others see 404."""
    _, mailbox = my_mailbox(actor)
    req = (
        ForwardRequest.objects.select_for_update()
        .filter(pk=request_id, message__sender_mailbox=mailbox)
        .select_related("message", "to_mailbox")
        .first()
    )
    if req is None:
        raise NotFound(gettext_lazy("No such request."), code="permission_request_not_found")
    if req.state != ForwardState.PENDING:
        raise Conflict(
            gettext_lazy("This request is already %(state)s."),
            code="permission_request_decided",
            state=req.state,
        )
    req.state = ForwardState.GRANTED if grant else ForwardState.REFUSED
    req.decided_by_id = uid(actor)
    req.decided_at = timezone.now()
    req.save(update_fields=["state", "decided_by", "decided_at"])
    audit.log(
        actor,
        audit.Action.GRANT if grant else audit.Action.REVOKE,
        "forward_request",
        req.pk,
        detail={"message": str(req.message.uuid), "to": req.to_mailbox.address},
    )
    return req


def forward_requests(actor: Actor) -> tuple[list[ForwardRequest], list[ForwardRequest]]:
    """(requests to decide, as the sending mailbox; requests made by the caller's mailbox)."""
    _, mailbox = my_mailbox(actor)
    qs = ForwardRequest.objects.select_related(
        "message", "from_mailbox", "to_mailbox", "requested_by", "decided_by"
    ).order_by("-requested_at")
    return list(qs.filter(message__sender_mailbox=mailbox)[:200]), list(qs.filter(from_mailbox=mailbox)[:200])
