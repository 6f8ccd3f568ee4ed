"""The hit report through the API: sent as a form with its photos (multipart), read as JSON.

Mounted under the screening API: `POST /api/screening/hits/{id}/report` (the reporting
bureau), `GET /api/screening/hits/{id}/report` (the owner's and the reporter's bureaus),
`GET /api/screening/hits/{id}/report/photos/{photo_id}` (the image).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Schema, Status, UploadedFile
from pydantic import Field, field_validator

from polnet.core.actions import HitAction
from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.core.images import image_response, read_upload
from polnet.network.auth import ScopedRouter
from polnet.screening import hit_reports
from polnet.screening.models import HitReport, ReportOutcome, Transport

router = ScopedRouter(tags=["screening"])


class HitReportIn(Schema):
    """What the report of a hit says; the page form and the API check it with this schema."""

    place: str = Field(min_length=1, max_length=200, description="Where the check was made")
    occurred_at: datetime = Field(description="When (UTC; a time without a zone is read as UTC)")
    check_performed: HitAction = Field(description="The check performed: the action taken")
    outcome: ReportOutcome
    accompanying: str = Field("", max_length=2000, description="Persons accompanying")
    transport: Transport = Transport.NONE
    transport_identifier: str = Field(
        "", max_length=100, description="Plate or VIN, flight number, vessel name or IMO number"
    )
    items: str = Field("", max_length=4000, description="Documents or objects found or seized")
    items_seized: bool = False
    remarks: str = Field("", max_length=4000)

    @field_validator("place", "accompanying", "transport_identifier", "items", "remarks")
    @classmethod
    def _trim(cls, value: str) -> str:
        return value.strip()

    @field_validator("occurred_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class HitReportPhotoOut(Schema):
    id: int
    content_type: str
    size: int
    url: str


class HitReportOut(Schema):
    hit_id: int
    reporting_country: str
    owner_country: str | None
    created_by: str
    created_at: datetime
    place: str
    occurred_at: datetime
    check_performed: str
    outcome: str
    accompanying: str
    transport: str
    transport_identifier: str
    items: str
    items_seized: bool
    remarks: str
    reference: str = Field(description="The reference a message about this hit carries")
    photos: list[HitReportPhotoOut]


def report_out(report: HitReport) -> dict[str, Any]:
    hit = report.hit
    return {
        "hit_id": hit.pk,
        "reporting_country": report.reporting_country_id,
        "owner_country": hit.owner_country_id,
        "created_by": report.created_by.username,
        "created_at": report.created_at,
        **{name: getattr(report, name) for name in hit_reports.FIELDS},
        "reference": hit_reports.thread_reference(hit),
        "photos": [
            {
                "id": p.pk,
                "content_type": p.content_type,
                "size": p.size,
                "url": f"/api/screening/hits/{hit.pk}/report/photos/{p.pk}",
            }
            for p in hit_reports.photos_of(report)
        ],
    }


@router.post(
    "/{int:hit_id}/report",
    scope=TokenScope.SCREENING,
    response={201: HitReportOut, **ERRORS},
    summary="Send the report of a hit to its owner, with up to 5 photos (reporting bureau only)",
)
def create_report(
    request: HttpRequest,
    hit_id: int,
    report: Form[HitReportIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]  # ninja: an optional part
) -> Status[dict[str, Any]]:
    actor = _actor(request)
    uploads = [read_upload(f) for f in photos or []]
    return Status(201, report_out(hit_reports.create_report(actor, hit_id, report.model_dump(), uploads)))


@router.get(
    "/{int:hit_id}/report",
    scope=TokenScope.SCREENING,
    response={200: HitReportOut, **ERRORS},
    summary="The report of a hit (the owner's and the reporting bureaus only)",
)
def get_report(request: HttpRequest, hit_id: int) -> dict[str, Any]:
    return report_out(hit_reports.get_report(_actor(request), hit_id))


@router.get(
    "/{int:hit_id}/report/photos/{int:photo_id}",
    scope=TokenScope.SCREENING,
    response={200: None, **ERRORS},
    summary="A photo of a hit report",
)
def report_photo(request: HttpRequest, hit_id: int, photo_id: int) -> HttpResponse:
    photo, data = hit_reports.photo_bytes(_actor(request), hit_id, photo_id)
    return image_response(data, photo.content_type, name=f"hit-{hit_id}-photo-{photo.pk}", max_age=0)
