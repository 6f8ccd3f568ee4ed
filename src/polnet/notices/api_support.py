"""REST endpoints for notifications and the Article 3 term list, mounted under the notices API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema, Status

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.network.auth import ScopedRouter
from polnet.notices import notify
from polnet.notices.compliance import terms
from polnet.notices.schemas import NoticeNotificationOut, TermIn, TermOut, TermPatch

router = ScopedRouter(tags=["notices"])


# ---- notifications ------------------------------------------------------------------------------


def _notification_out(n: Any) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "message": notify.message(n),
        "notice_id": n.notice_id,
        "notice_reference": n.notice.reference,
        "notice_kind": n.notice.kind,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get(
    "/notifications",
    scope=TokenScope.RECORDS_READ,
    response={200: list[NoticeNotificationOut], **ERRORS},
    operation_id="notice_notifications",
    summary="Your bureau's notifications (the secretariat's, for reviewers)",
)
def notifications_view(request: HttpRequest, unread: bool = False) -> list[dict[str, Any]]:
    return [_notification_out(n) for n in notify.notifications(_actor(request), unread_only=unread)]


class MarkedOut(Schema):
    marked: int


@router.post(
    "/notifications/{int:pk}/read",
    scope=TokenScope.RECORDS_READ,
    response={200: MarkedOut, **ERRORS},
    operation_id="notification_read",
    summary="Mark a notification as read",
)
def notification_read_view(request: HttpRequest, pk: int) -> dict[str, int]:
    return {"marked": notify.mark_read(_actor(request), pk)}


@router.post(
    "/notifications/read-all",
    scope=TokenScope.RECORDS_READ,
    response={200: MarkedOut, **ERRORS},
    operation_id="notifications_read_all",
    summary="Mark every notification as read",
)
def notifications_read_all_view(request: HttpRequest) -> dict[str, int]:
    return {"marked": notify.mark_read(_actor(request))}


# ---- the Article 3 list -------------------------------------------------------------------------


def _term_out(t: Any) -> dict[str, Any]:
    return {
        "id": t.pk,
        "term": t.term,
        "language": t.language,
        "category": t.category,
        "active": t.active,
        "note": t.note,
        "updated_at": t.updated_at,
        "updated_by": t.updated_by,
    }


@router.get(
    "/article3-terms",
    scope=TokenScope.RECORDS_READ,
    response={200: list[TermOut], **ERRORS},
    operation_id="article3_terms",
    summary="The maintained list of Article 3 terms (secretariat reviewers)",
)
def terms_view(request: HttpRequest, language: str = "") -> list[dict[str, Any]]:
    return [_term_out(t) for t in terms.list_terms(_actor(request), language=language)]


@router.post(
    "/article3-terms",
    scope=TokenScope.RECORDS_WRITE,
    response={201: TermOut, **ERRORS},
    operation_id="article3_term_add",
    summary="Add a term",
)
def term_add_view(request: HttpRequest, payload: TermIn) -> Status[dict[str, Any]]:
    return Status(201, _term_out(terms.add_term(_actor(request), payload.model_dump())))


@router.patch(
    "/article3-terms/{int:pk}",
    scope=TokenScope.RECORDS_WRITE,
    response={200: TermOut, **ERRORS},
    operation_id="article3_term_update",
    summary="Change or deactivate a term",
)
def term_update_view(request: HttpRequest, pk: int, payload: TermPatch) -> dict[str, Any]:
    return _term_out(terms.update_term(_actor(request), pk, payload.model_dump(exclude_unset=True)))
