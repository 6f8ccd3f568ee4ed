"""REST endpoints for notices, diffusions, the review queue, notifications and the Article 3 list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy
from ninja import File, Form, Query, Schema, Status, UploadedFile
from pydantic import Field

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.core.errors import Forbidden
from polnet.core.images import image_response
from polnet.core.limits import MAX_INT
from polnet.network.auth import ScopedRouter
from polnet.notices import ftm, history, images, output, reading, services, workflow
from polnet.notices.after.api import router as after_router
from polnet.notices.api_support import router as support_router
from polnet.notices.compliance import precheck
from polnet.notices.schemas import (
    ActIn,
    DiffusionIn,
    EventOut,
    FindingOut,
    ImageOut,
    NoticeIn,
    NoticeOut,
    NoticePage,
    NoticePatch,
    PublishIn,
    QueueItemOut,
    SuspendIn,
)
from polnet.notices.states import Act

router = ScopedRouter(tags=["notices"])


class NoticeListParams(Schema):
    q: str = ""
    state: str = ""
    kind: str = ""
    channel: str = ""
    country: str = Field("", description="Owner country")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_INT)


@router.get(
    "/",
    scope=TokenScope.RECORDS_READ,
    response={200: NoticePage, **ERRORS},
    operation_id="list_notices",
    summary="List and search notices and diffusions",
)
def list_view(request: HttpRequest, params: Query[NoticeListParams]) -> dict[str, Any]:
    filters = {k: getattr(params, k) for k in reading.FILTERS if getattr(params, k)}
    total, rows = reading.list_notices(
        _actor(request), text=params.q, filters=filters, limit=params.limit, offset=params.offset
    )
    return {
        "count": total,
        "limit": params.limit,
        "offset": params.offset,
        "items": [output.summary_out(n) for n in rows],
    }


class NoticeFtmParams(Schema):
    state: str = ""
    kind: str = ""
    channel: str = ""
    country: str = Field("", description="Owner country")


@router.get(
    "/ftm/export",
    scope=TokenScope.RECORDS_READ,
    response={200: None, **ERRORS},
    operation_id="export_notices_ftm",
    summary="Export the notices you may see as FollowTheMoney entities (Person and Sanction, JSON lines)",
)
def ftm_export_view(request: HttpRequest, params: Query[NoticeFtmParams]) -> StreamingHttpResponse:
    filters = {k: getattr(params, k) for k in reading.FILTERS if getattr(params, k)}
    lines = ftm.export_lines(_actor(request), filters)
    response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="notices.ftm.json"'
    return response


@router.post(
    "/",
    scope=TokenScope.RECORDS_WRITE,
    response={201: NoticeOut, **ERRORS},
    operation_id="create_notice",
    summary="Write a notice request (a draft)",
)
def create_view(request: HttpRequest, payload: NoticeIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    notice = services.create_notice(actor, payload.model_dump())
    return Status(201, output.notice_out(actor, notice))


@router.post(
    "/diffusions",
    scope=TokenScope.RECORDS_WRITE,
    response={201: NoticeOut, **ERRORS},
    operation_id="send_diffusion",
    summary="Send a diffusion to chosen countries or to all; reviewed by the secretariat afterwards",
)
def diffusion_view(request: HttpRequest, payload: DiffusionIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    notice = workflow.send_diffusion(actor, payload.model_dump())
    return Status(201, output.notice_out(actor, notice))


@router.get(
    "/{int:pk}",
    scope=TokenScope.RECORDS_READ,
    response={200: NoticeOut, **ERRORS},
    operation_id="get_notice",
    summary="Read a notice or diffusion",
)
def detail_view(request: HttpRequest, pk: int) -> dict[str, Any]:
    actor = _actor(request)
    return output.notice_out(actor, reading.read_notice(actor, pk))


@router.patch(
    "/{int:pk}",
    scope=TokenScope.RECORDS_WRITE,
    response={200: NoticeOut, **ERRORS},
    operation_id="update_notice",
    summary="Change a draft, or a request sent back for more information (send the version you read)",
)
def update_view(request: HttpRequest, pk: int, payload: NoticePatch) -> dict[str, Any]:
    actor = _actor(request)
    notice = services.update_notice(actor, pk, payload.model_dump(exclude_unset=True))
    return output.notice_out(actor, notice)


@router.get(
    "/{int:pk}/history",
    scope=TokenScope.RECORDS_READ,
    response={200: list[EventOut], **ERRORS},
    operation_id="notice_history",
    summary="Every step of the lifecycle: who, when and why",
)
def history_view(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    _, events, insider = history.read_history(_actor(request), pk)
    return [output.event_out(e, insider) for e in events]


@router.get(
    "/{int:pk}/precheck",
    scope=TokenScope.RECORDS_READ,
    response={200: list[FindingOut], **ERRORS},
    operation_id="notice_precheck",
    summary="Run the pre-check again on the current content and term list (source and secretariat)",
)
def precheck_view(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    actor = _actor(request)
    notice = reading.read_notice(actor, pk)
    if not output.sees_precheck(actor, notice):
        raise Forbidden(
            gettext_lazy("The pre-check is for the source and the secretariat."), code="precheck_forbidden"
        )
    return output.findings_out(precheck.run(notice))


@router.get(
    "/{int:pk}/related",
    scope=TokenScope.RECORDS_READ,
    response={200: NoticePage, **ERRORS},
    operation_id="notice_related",
    summary="Other notices and diffusions on the same person",
)
def related_view(request: HttpRequest, pk: int) -> dict[str, Any]:
    actor = _actor(request)
    rows = reading.related_notices(actor, reading.read_notice(actor, pk))
    return {
        "count": len(rows),
        "limit": len(rows),
        "offset": 0,
        "items": [output.summary_out(n) for n in rows],
    }


def _act_endpoint(act: Act, summary: str) -> None:
    @router.post(
        f"/{{int:pk}}/{act.value.replace('_', '-')}",
        scope=TokenScope.RECORDS_WRITE,
        response={200: NoticeOut, **ERRORS},
        operation_id=f"notice_{act.value}",
        summary=summary,
    )
    def view(request: HttpRequest, pk: int, payload: ActIn) -> dict[str, Any]:
        actor = _actor(request)
        return output.notice_out(actor, workflow.perform(actor, pk, act, reason=payload.reason))


for _act, _summary in (
    (Act.SUBMIT, "Submit the request to the secretariat (from draft, or after more information was asked)"),
    (Act.START_REVIEW, "Take a request into review (secretariat)"),
    (
        Act.REQUEST_INFO,
        "Send a request back to the bureau for more information (secretariat; reason required)",
    ),
    (Act.REFUSE, "Refuse a request (secretariat; reasons required)"),
    (Act.RESUME, "End a suspension: the notice is in force again (source)"),
    (Act.WITHDRAW, "Withdraw a request, notice or diffusion (source; reason required)"),
    (Act.CANCEL, "Cancel a published notice or a diffusion (secretariat; reason required)"),
    (Act.CONFIRM, "Record the review of a diffusion after the fact as compliant (secretariat)"),
):
    _act_endpoint(_act, _summary)


@router.post(
    "/{int:pk}/publish",
    scope=TokenScope.RECORDS_WRITE,
    response={200: NoticeOut, **ERRORS},
    operation_id="notice_publish",
    summary="Publish a request under review (secretariat)",
)
def publish_view(request: HttpRequest, pk: int, payload: PublishIn) -> dict[str, Any]:
    actor = _actor(request)
    notice = workflow.publish(actor, pk, reason=payload.reason, approve_extract=payload.approve_extract)
    return output.notice_out(actor, notice)


@router.post(
    "/{int:pk}/suspend",
    scope=TokenScope.RECORDS_WRITE,
    response={200: NoticeOut, **ERRORS},
    operation_id="notice_suspend",
    summary="Suspend a published notice for at most six months (source; reason required)",
)
def suspend_view(request: HttpRequest, pk: int, payload: SuspendIn) -> dict[str, Any]:
    actor = _actor(request)
    notice = workflow.perform(actor, pk, Act.SUSPEND, reason=payload.reason, until=payload.until)
    return output.notice_out(actor, notice)


# ---- public extract ---------------------------------------------------------------------------


@router.post(
    "/{int:pk}/public-extract",
    scope=TokenScope.RECORDS_WRITE,
    response={200: NoticeOut, **ERRORS},
    operation_id="extract_request",
    summary="Ask for a public extract of a Red or Yellow notice (source)",
)
def extract_request_view(request: HttpRequest, pk: int, payload: ActIn) -> dict[str, Any]:
    actor = _actor(request)
    return output.notice_out(actor, workflow.request_extract(actor, pk, reason=payload.reason))


@router.post(
    "/{int:pk}/public-extract/approve",
    scope=TokenScope.RECORDS_WRITE,
    response={200: NoticeOut, **ERRORS},
    operation_id="extract_approve",
    summary="Approve a public extract (secretariat)",
)
def extract_approve_view(request: HttpRequest, pk: int, payload: ActIn) -> dict[str, Any]:
    actor = _actor(request)
    return output.notice_out(actor, workflow.decide_extract(actor, pk, approve=True, reason=payload.reason))


@router.post(
    "/{int:pk}/public-extract/refuse",
    scope=TokenScope.RECORDS_WRITE,
    response={200: NoticeOut, **ERRORS},
    operation_id="extract_refuse",
    summary="Refuse a public extract (secretariat; reason required)",
)
def extract_refuse_view(request: HttpRequest, pk: int, payload: ActIn) -> dict[str, Any]:
    actor = _actor(request)
    return output.notice_out(actor, workflow.decide_extract(actor, pk, approve=False, reason=payload.reason))


@router.post(
    "/{int:pk}/public-extract/withdraw",
    scope=TokenScope.RECORDS_WRITE,
    response={200: NoticeOut, **ERRORS},
    operation_id="extract_withdraw",
    summary="Take a public extract down (source or secretariat)",
)
def extract_withdraw_view(request: HttpRequest, pk: int, payload: ActIn) -> dict[str, Any]:
    actor = _actor(request)
    return output.notice_out(actor, workflow.withdraw_extract(actor, pk, reason=payload.reason))


# ---- images -------------------------------------------------------------------------------------


@router.post(
    "/{int:pk}/images",
    scope=TokenScope.RECORDS_WRITE,
    response={201: ImageOut, **ERRORS},
    operation_id="notice_add_image",
    summary="Add an image (JPEG, PNG or WebP, at most 5 MB) while the notice is being written",
)
def add_image_view(
    request: HttpRequest,
    pk: int,
    file: File[UploadedFile],
    caption: Form[str] = "",
    in_public_extract: Form[bool] = True,
) -> Status[dict[str, Any]]:
    data = images.read_upload(file)
    image = images.add_image(_actor(request), pk, data, caption=caption, in_public_extract=in_public_extract)
    return Status(
        201,
        {
            "id": image.pk,
            "content_type": image.content_type,
            "size": image.size,
            "caption": image.caption,
            "in_public_extract": image.in_public_extract,
            "url": f"/api/notices/{pk}/images/{image.pk}",
        },
    )


@router.get(
    "/{int:pk}/images/{int:image_pk}",
    scope=TokenScope.RECORDS_READ,
    response={200: None, **ERRORS},
    operation_id="notice_image",
    summary="An image of a notice",
)
def image_view(request: HttpRequest, pk: int, image_pk: int) -> HttpResponse:
    image, data = images.image_for(_actor(request), pk, image_pk)
    return image_response(data, image.content_type, name=f"image-{image.pk}")


# ---- review queue -------------------------------------------------------------------------------


@router.get(
    "/queue",
    scope=TokenScope.RECORDS_READ,
    response={200: list[QueueItemOut], **ERRORS},
    operation_id="review_queue",
    summary="Requests and diffusions awaiting the secretariat, oldest first, then by kind",
)
def queue_view(request: HttpRequest) -> list[dict[str, Any]]:
    from django.utils import timezone

    actor = _actor(request)
    now = timezone.now()
    out = []
    for n in reading.review_queue(actor):
        item = output.summary_out(n)
        since = n.submitted_at or n.created_at
        item.update(
            waiting_hours=round((now - since).total_seconds() / 3600, 1),
            precheck_summary=precheck.summary(n.precheck),
            precheck=output.findings_out(n.precheck),
            related=[output.summary_out(r) for r in reading.related_notices(actor, n)],
        )
        out.append(item)
    return out


router.add_router("", support_router)
router.add_router("", after_router)
