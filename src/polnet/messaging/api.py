"""Messaging endpoints. Bodies, subjects and attachments come and go as ciphertext only.

See docs/messaging-envelope.md for the formats and docs/security.md for what the server sees.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from ninja import File, Status, UploadedFile

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.core.errors import InvalidInput
from polnet.messaging import delivery, forwarding, services
from polnet.messaging.api_keys import router as keys_router
from polnet.messaging.models import ForwardRequest
from polnet.messaging.schemas import (
    AckIn,
    BlobOut,
    BoxItemOut,
    ChangesOut,
    CountOut,
    DecisionIn,
    FetchOut,
    ForwardIn,
    ForwardRequestIn,
    ForwardRequestOut,
    ForwardRequestsOut,
    MessageOut,
    SendIn,
)
from polnet.messaging.validation import MAX_ATTACHMENT_CIPHERTEXT
from polnet.network.auth import ScopedRouter

router = ScopedRouter(tags=["messaging"])
router.add_router("/keys", keys_router)


def _wraps(items: list[Any]) -> list[services.WrapIn]:
    return [services.WrapIn(**w.model_dump()) for w in items]


@router.post(
    "/blobs",
    scope=TokenScope.MESSAGES,
    response={201: BlobOut, **ERRORS},
    summary="Upload one encrypted attachment (at most 10 MB of plaintext) before sending",
)
def upload_blob(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    if (file.size or 0) > MAX_ATTACHMENT_CIPHERTEXT:
        raise InvalidInput(
            gettext_lazy("An attachment is at most 10 MB."), code="attachment_too_large", field="file"
        )
    blob = services.upload_blob(_actor(request), file.read())
    return Status(201, {"id": blob.pk, "sha256": blob.sha256, "size": blob.size})


@router.post(
    "/send",
    scope=TokenScope.MESSAGES,
    response={200: MessageOut, 201: MessageOut, **ERRORS},
    summary="Send a sealed message (201); a retry with the same idempotency key answers 200 with it",
)
def send(request: HttpRequest, payload: SendIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    message, created = services.send(
        actor,
        idempotency_key=payload.idempotency_key,
        message_id=payload.id,
        header=payload.header,
        signature=payload.signature,
        content=payload.content,
        attachments=payload.attachments,
        wraps=_wraps(payload.wraps),
    )
    return Status(201 if created else 200, delivery.get(actor, str(message.uuid)))


@router.get(
    "/inbox",
    scope=TokenScope.MESSAGES,
    response={200: list[BoxItemOut], **ERRORS},
    summary="Messages received, newest first",
)
def inbox(
    request: HttpRequest, limit: int = 50, before: int | None = None, reference: str | None = None
) -> list[dict[str, Any]]:
    return delivery.list_box(_actor(request), "inbox", limit=limit, before=before, reference=reference)


@router.get(
    "/sent",
    scope=TokenScope.MESSAGES,
    response={200: list[BoxItemOut], **ERRORS},
    summary="Messages sent, newest first",
)
def sent(
    request: HttpRequest, limit: int = 50, before: int | None = None, reference: str | None = None
) -> list[dict[str, Any]]:
    return delivery.list_box(_actor(request), "sent", limit=limit, before=before, reference=reference)


@router.get(
    "/fetch",
    scope=TokenScope.MESSAGES,
    response={200: FetchOut, **ERRORS},
    summary="Deliveries the caller has not acknowledged yet; acknowledge each after storing it",
)
def fetch(request: HttpRequest, cursor: int = 0, limit: int = 50) -> dict[str, Any]:
    return delivery.fetch(_actor(request), cursor=cursor, limit=limit)


@router.post(
    "/ack",
    scope=TokenScope.MESSAGES,
    response={200: CountOut, **ERRORS},
    summary="Acknowledge deliveries by id (idempotent)",
)
def ack(request: HttpRequest, payload: AckIn) -> dict[str, int]:
    return {"count": delivery.ack(_actor(request), payload.ids)}


@router.get(
    "/changes",
    scope=TokenScope.MESSAGES,
    response={200: ChangesOut, **ERRORS},
    summary="What changed: for pages that poll",
)
def changes(request: HttpRequest) -> dict[str, Any]:
    return delivery.changes(_actor(request))


def _request_out(r: ForwardRequest) -> dict[str, Any]:
    return {
        "id": r.pk,
        "message": str(r.message.uuid),
        "thread": str(r.message.thread),
        "handling": r.message.handling,
        "from_mailbox": r.from_mailbox.address,
        "to_mailbox": r.to_mailbox.address,
        "requested_by": r.requested_by.username,
        "requested_at": r.requested_at,
        "state": r.state,
        "decided_by": r.decided_by.username if r.decided_by else None,
        "decided_at": r.decided_at,
    }


@router.get(
    "/forward-requests",
    scope=TokenScope.MESSAGES,
    response={200: ForwardRequestsOut, **ERRORS},
    summary="H2 forwarding requests: to decide as sender, and made by the caller's mailbox",
)
def forward_requests(request: HttpRequest) -> dict[str, Any]:
    to_decide, made = forwarding.forward_requests(_actor(request))
    return {"to_decide": [_request_out(r) for r in to_decide], "made": [_request_out(r) for r in made]}


@router.post(
    "/forward-requests/{int:request_id}/decision",
    scope=TokenScope.MESSAGES,
    response={200: ForwardRequestOut, **ERRORS},
    summary="Grant or refuse a request to pass an H2 message on",
)
def decide(request: HttpRequest, request_id: int, payload: DecisionIn) -> dict[str, Any]:
    return _request_out(forwarding.decide_forward(_actor(request), request_id, grant=payload.grant))


@router.get(
    "/threads/{uuid:thread_id}",
    scope=TokenScope.MESSAGES,
    response={200: list[MessageOut], **ERRORS},
    summary="The messages of a thread that the caller's mailbox sent or received",
)
def thread(request: HttpRequest, thread_id: UUID) -> list[dict[str, Any]]:
    return delivery.thread(_actor(request), str(thread_id))


@router.get(
    "/{uuid:message_id}",
    scope=TokenScope.MESSAGES,
    response={200: MessageOut, **ERRORS},
    summary="One message, sealed",
)
def get_message(request: HttpRequest, message_id: UUID) -> dict[str, Any]:
    return delivery.get(_actor(request), str(message_id))


@router.get(
    "/{uuid:message_id}/attachments/{int:index}",
    scope=TokenScope.MESSAGES,
    response={200: None, **ERRORS},
    summary="One encrypted attachment, as raw bytes",
)
def get_attachment(request: HttpRequest, message_id: UUID, index: int) -> HttpResponse:
    data = delivery.attachment(_actor(request), str(message_id), index)
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Cache-Control"] = "no-store"
    return response


@router.post(
    "/{uuid:message_id}/read",
    scope=TokenScope.MESSAGES,
    response={204: None, **ERRORS},
    summary="Read receipt",
)
def mark_read(request: HttpRequest, message_id: UUID) -> Status[None]:
    delivery.mark_read(_actor(request), str(message_id))
    return Status(204, None)


@router.post(
    "/{uuid:message_id}/forward",
    scope=TokenScope.MESSAGES,
    response={201: CountOut, **ERRORS},
    summary="Pass a message on: the content key sealed to each new mailbox (H2 needs permission)",
)
def forward(request: HttpRequest, message_id: UUID, payload: ForwardIn) -> Status[dict[str, int]]:
    done = forwarding.forward(_actor(request), str(message_id), _wraps(payload.wraps))
    return Status(201, {"count": len(done)})


@router.post(
    "/{uuid:message_id}/forward-requests",
    scope=TokenScope.MESSAGES,
    response={201: ForwardRequestOut, **ERRORS},
    summary="Ask the sender of an H2 message for permission to pass it to a third party",
)
def request_forward(
    request: HttpRequest, message_id: UUID, payload: ForwardRequestIn
) -> Status[dict[str, Any]]:
    req = forwarding.request_forward(_actor(request), str(message_id), payload.to)
    return Status(201, _request_out(req))
