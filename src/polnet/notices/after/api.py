"""REST endpoints for what follows publication: addenda and their review, versions, sightings,
reservations, and a diffusion turned into a notice request. Mounted under the notices API."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Status, UploadedFile

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.core.images import image_response
from polnet.network.auth import ScopedRouter
from polnet.notices import images, output, reading
from polnet.notices.after import addenda, conversion, reservations, sightings, versions
from polnet.notices.after.output import addendum_out, reservation_out, sighting_out, version_out
from polnet.notices.after.schemas import (
    AddendumIn,
    AddendumOut,
    AfterDecisionIn,
    LiftIn,
    ReservationIn,
    ReservationOut,
    SightingIn,
    SightingOut,
    VersionOut,
)
from polnet.notices.schemas import ActIn, NoticeOut

router = ScopedRouter(tags=["notices"])


# ---- addenda ------------------------------------------------------------------------------------


@router.post(
    "/{int:pk}/addenda",
    scope=TokenScope.RECORDS_WRITE,
    response={201: AddendumOut, **ERRORS},
    operation_id="addendum_submit",
    summary="Add names, warrants or information to a published notice; shown once reviewed (source)",
)
def addendum_submit_view(request: HttpRequest, pk: int, payload: AddendumIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    a = addenda.submit(actor, pk, payload.model_dump())
    return Status(201, addendum_out(actor, a.notice, a))


@router.post(
    "/{int:pk}/addenda/photo",
    scope=TokenScope.RECORDS_WRITE,
    response={201: AddendumOut, **ERRORS},
    operation_id="addendum_submit_photo",
    summary="Add a new photo (JPEG, PNG or WebP, at most 5 MB) to a published notice; shown once reviewed",
)
def addendum_photo_submit_view(
    request: HttpRequest,
    pk: int,
    file: File[UploadedFile],
    caption: Form[str] = "",
    information: Form[str] = "",
) -> Status[dict[str, Any]]:
    actor = _actor(request)
    data = images.read_upload(file)
    a = addenda.submit(actor, pk, {"photo_caption": caption, "information": information}, photo=data)
    return Status(201, addendum_out(actor, a.notice, a))


@router.get(
    "/{int:pk}/addenda",
    scope=TokenScope.RECORDS_READ,
    response={200: list[AddendumOut], **ERRORS},
    operation_id="notice_addenda",
    summary="A notice's addenda: approved ones, and for the source and secretariat those in review",
)
def addenda_view(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    actor = _actor(request)
    notice = reading.read_notice(actor, pk)
    return [addendum_out(actor, notice, a) for a in addenda.for_notice(actor, notice)]


@router.get(
    "/addenda/queue",
    scope=TokenScope.RECORDS_READ,
    response={200: list[AddendumOut], **ERRORS},
    operation_id="addenda_queue",
    summary="Addenda awaiting the secretariat's review, oldest first",
)
def addenda_queue_view(request: HttpRequest) -> list[dict[str, Any]]:
    actor = _actor(request)
    return [addendum_out(actor, a.notice, a) for a in addenda.queue(actor)]


@router.get(
    "/addenda/{int:addendum_pk}",
    scope=TokenScope.RECORDS_READ,
    response={200: AddendumOut, **ERRORS},
    operation_id="addendum",
    summary="One addendum",
)
def addendum_view(request: HttpRequest, addendum_pk: int) -> dict[str, Any]:
    actor = _actor(request)
    a = addenda.get(actor, addendum_pk)
    return addendum_out(actor, a.notice, a)


@router.get(
    "/addenda/{int:addendum_pk}/photo",
    scope=TokenScope.RECORDS_READ,
    response={200: None, **ERRORS},
    operation_id="addendum_photo",
    summary="The photo an addendum brings",
)
def addendum_photo_view(request: HttpRequest, addendum_pk: int) -> HttpResponse:
    a, data = addenda.photo_for(_actor(request), addendum_pk)
    return image_response(data, a.photo_content_type, name=f"addendum-{a.pk}")


def _decision_endpoint(approve: bool, summary: str) -> None:
    word = "approve" if approve else "refuse"

    @router.post(
        f"/addenda/{{int:addendum_pk}}/{word}",
        scope=TokenScope.RECORDS_WRITE,
        response={200: AddendumOut, **ERRORS},
        operation_id=f"addendum_{word}",
        summary=summary,
    )
    def view(request: HttpRequest, addendum_pk: int, payload: AfterDecisionIn) -> dict[str, Any]:
        actor = _actor(request)
        a = addenda.decide(actor, addendum_pk, approve=approve, reason=payload.reason)
        return addendum_out(actor, a.notice, a)


_decision_endpoint(True, "Approve an addendum: it is applied and members are told (secretariat)")
_decision_endpoint(False, "Refuse an addendum (secretariat; reasons required)")


@router.get(
    "/{int:pk}/versions",
    scope=TokenScope.RECORDS_READ,
    response={200: list[VersionOut], **ERRORS},
    operation_id="notice_versions",
    summary="Every version of a published notice, newest first, with what changed",
)
def versions_view(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    notice = reading.read_notice(_actor(request), pk)
    return [version_out(v) for v in versions.versions_of(notice)]


# ---- sightings ----------------------------------------------------------------------------------


@router.post(
    "/{int:pk}/sightings",
    scope=TokenScope.RECORDS_WRITE,
    response={201: SightingOut, **ERRORS},
    operation_id="sighting_report",
    summary="Report that the subject of a notice was seen (a bureau that sees the notice)",
)
def sighting_report_view(request: HttpRequest, pk: int, payload: SightingIn) -> Status[dict[str, Any]]:
    return Status(201, sighting_out(sightings.report(_actor(request), pk, payload.model_dump())))


@router.get(
    "/{int:pk}/sightings",
    scope=TokenScope.RECORDS_READ,
    response={200: list[SightingOut], **ERRORS},
    operation_id="notice_sightings",
    summary="Sightings of the subject: all for the source and the secretariat, its own for the reporter",
)
def sightings_view(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    _, rows = sightings.list_sightings(_actor(request), pk)
    return [sighting_out(s) for s in rows]


# ---- reservations -------------------------------------------------------------------------------


@router.get(
    "/{int:pk}/reservations",
    scope=TokenScope.RECORDS_READ,
    response={200: list[ReservationOut], **ERRORS},
    operation_id="notice_reservations",
    summary="Reservations in force: every country's for the source and the secretariat, your own otherwise",
)
def reservations_view(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    actor = _actor(request)
    with transaction.atomic():
        notice = reading.read_notice(actor, pk)
        return [reservation_out(r) for r in reservations.for_notice(actor, notice)]


@router.post(
    "/{int:pk}/reservations",
    scope=TokenScope.RECORDS_WRITE,
    response={201: ReservationOut, **ERRORS},
    operation_id="reservation_record",
    summary="Record that your country will not act on this notice or diffusion in its territory",
)
def reservation_record_view(request: HttpRequest, pk: int, payload: ReservationIn) -> Status[dict[str, Any]]:
    return Status(201, reservation_out(reservations.record(_actor(request), pk, payload.reason)))


@router.post(
    "/{int:pk}/reservations/lift",
    scope=TokenScope.RECORDS_WRITE,
    response={200: ReservationOut, **ERRORS},
    operation_id="reservation_lift",
    summary="Lift your country's reservation",
)
def reservation_lift_view(request: HttpRequest, pk: int, payload: LiftIn) -> dict[str, Any]:
    return reservation_out(reservations.lift(_actor(request), pk, payload.reason))


# ---- a diffusion becomes a request ---------------------------------------------------------------


@router.post(
    "/{int:pk}/to-request",
    scope=TokenScope.RECORDS_WRITE,
    response={201: NoticeOut, **ERRORS},
    operation_id="diffusion_to_request",
    summary="Turn a diffusion into a notice request (a draft linked to it), keeping its history (source)",
)
def to_request_view(request: HttpRequest, pk: int, payload: ActIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    notice = conversion.to_request(actor, pk, reason=payload.reason)
    return Status(201, output.notice_out(actor, notice))
