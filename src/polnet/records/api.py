"""REST endpoints for the five record kinds, generated from one pattern per kind."""

import io
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import File, Form, Query, Schema, Status, UploadedFile
from pydantic import Field, create_model

from polnet.core import csv_safety
from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.core.images import image_response, read_upload
from polnet.network.auth import ScopedRouter
from polnet.records import ftm_io, photos, services
from polnet.records.kinds import COMMON_FILTERS, KINDS, KindSpec, serialise, serialise_all
from polnet.records.schemas import CancelIn, HistoryOut, PhotoOut, ReasonIn

router = ScopedRouter(tags=["records"])


class ListParams(Schema):
    q: str = Field(
        "",
        description="Search: found as typed first, then ranked by the screening engines (a person's "
        "name with a year or date of birth, an identifier with look-alike characters)",
    )
    limit: int = Field(50, ge=1, le=services.MAX_PAGE)
    offset: int = Field(0, ge=0, le=services.MAX_OFFSET)
    owner_country: str = ""
    record_status: str = ""
    state: str = Field("active", description="active (default), located, recovered, cancelled; empty: any")
    purpose: str = Field("", description="Filter: the records kept for this purpose")
    search_purpose: str = Field(
        "",
        description="Why you search, one of the listed purposes; required with q on persons unless "
        "the token carries a default purpose (422 purpose_required or purpose_unknown)",
    )
    handling_code: str = ""
    # kind-specific filters; unknown ones for a kind are refused with 422
    nationality: str = ""
    sex: str = ""
    dob_year: int | None = Field(None, ge=1, le=9999, description="Year of birth")
    status: str = ""
    document_kind: str = ""
    issuing_country: str = ""
    make: str = ""
    plate_country: str = ""
    firearm_kind: str = ""
    category: str = ""


class MatchOut(Schema):
    """A record a ranked search found (not as typed): how well it matches, and why."""

    id: int
    score: float
    reason: str


def _filters(spec: KindSpec, params: ListParams) -> dict[str, str]:
    chosen = {}
    for name in (*COMMON_FILTERS, *spec.filters):
        value = getattr(params, name, "")
        if value:
            chosen[name] = str(value)
    foreign = [
        n
        for n in ListParams.model_fields
        if n not in ("q", "limit", "offset", "search_purpose", *COMMON_FILTERS, *spec.filters)
        and getattr(params, n)
    ]
    if foreign:
        chosen[foreign[0]] = str(getattr(params, foreign[0]))  # the service names it in its 422
    return chosen


def _register(spec: KindSpec) -> None:
    kind = spec.kind
    path = f"/{kind}s"

    PageOut = create_model(
        f"{spec.model.__name__}Page",
        __base__=Schema,
        count=(int, ...),
        limit=(int, ...),
        offset=(int, ...),
        items=(list[spec.schema_out], ...),  # type: ignore[name-defined]
        matches=(list[MatchOut], Field(default_factory=list, description="Items a ranked search found")),
    )

    @router.get(
        path,
        scope=TokenScope.RECORDS_READ,
        response={200: PageOut, **ERRORS},
        operation_id=f"list_{kind}s",
        summary=f"List and search {spec.label.lower()}",
    )
    def list_view(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
        page = services.find_records(
            _actor(request),
            kind,
            text=params.q,
            filters=_filters(spec, params),
            limit=params.limit,
            offset=params.offset,
            purpose=params.search_purpose,
        )
        return {
            "count": page.total,
            "limit": params.limit,
            "offset": params.offset,
            "items": serialise_all(_actor(request), page.rows),
            "matches": [
                {"id": f.record_id, "score": f.score, "reason": f.reason} for f in page.ranked.values()
            ],
        }

    @router.get(
        f"{path}/export.csv",
        scope=TokenScope.RECORDS_READ,
        operation_id=f"export_{kind}s",
        summary=f"Export {spec.label.lower()} as CSV",
        response={200: None, **ERRORS},
    )
    def export_view(request: HttpRequest, params: Query[ListParams]) -> HttpResponse:
        _, rows = services.list_records(
            _actor(request),
            kind,
            text=params.q,
            filters=_filters(spec, params),
            limit=100_000,
            offset=0,
            export=True,
            purpose=params.search_purpose,
        )
        buffer = io.StringIO()
        fields = list(spec.schema_out.model_fields)
        writer = csv_safety.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in serialise_all(_actor(request), rows):
            writer.writerow(row)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{kind}s.csv"'
        return response

    @router.get(
        f"{path}/{{int:pk}}",
        scope=TokenScope.RECORDS_READ,
        response={200: spec.schema_out, **ERRORS},
        operation_id=f"get_{kind}",
        summary=f"Read one {kind} record",
    )
    def detail_view(request: HttpRequest, pk: int) -> dict[str, Any]:
        actor = _actor(request)
        return serialise(actor, services.read_record(actor, kind, pk))

    @router.post(
        path,
        scope=TokenScope.RECORDS_WRITE,
        response={201: spec.schema_out, **ERRORS},
        operation_id=f"create_{kind}",
        summary=f"Create a {kind} record",
    )
    def create_view(request: HttpRequest, payload: spec.schema_in) -> Status[dict[str, Any]]:  # type: ignore[name-defined]
        actor = _actor(request)
        return Status(201, serialise(actor, services.create_record(actor, kind, payload.model_dump())))

    @router.patch(
        f"{path}/{{int:pk}}",
        scope=TokenScope.RECORDS_WRITE,
        response={200: spec.schema_out, **ERRORS},
        operation_id=f"update_{kind}",
        summary=f"Change a {kind} record (send the version you read)",
    )
    def update_view(request: HttpRequest, pk: int, payload: spec.schema_patch) -> dict[str, Any]:  # type: ignore[name-defined]
        actor = _actor(request)
        rec = services.update_record(actor, kind, pk, payload.model_dump(exclude_unset=True))
        return serialise(actor, rec)

    @router.delete(
        f"{path}/{{int:pk}}",
        scope=TokenScope.RECORDS_WRITE,
        response={204: None, **ERRORS},
        operation_id=f"delete_{kind}",
        summary=f"Delete a {kind} record",
    )
    def delete_view(request: HttpRequest, pk: int) -> Status[None]:
        services.delete_record(_actor(request), kind, pk)
        return Status(204, None)

    _register_life(spec)
    _register_photos(spec)


def _register_life(spec: KindSpec) -> None:
    """The life of a record: located or recovered, cancelled, reactivated, and its history."""
    kind = spec.kind
    path = f"/{kind}s/{{int:pk}}"
    found = "located" if kind == "person" else "recovered"

    @router.post(
        f"{path}/locate",
        scope=TokenScope.RECORDS_WRITE,
        response={200: spec.schema_out, **ERRORS},
        operation_id=f"locate_{kind}",
        summary=f"Mark a {kind} record {found}: it stops hitting at once",
    )
    def locate_view(request: HttpRequest, pk: int, payload: ReasonIn) -> dict[str, Any]:
        actor = _actor(request)
        return serialise(actor, services.locate_record(actor, kind, pk, payload.reason))

    @router.post(
        f"{path}/cancel",
        scope=TokenScope.RECORDS_WRITE,
        response={200: spec.schema_out, **ERRORS},
        operation_id=f"cancel_{kind}",
        summary=f"Cancel a {kind} record, with the reason: it stops hitting at once",
    )
    def cancel_view(request: HttpRequest, pk: int, payload: CancelIn) -> dict[str, Any]:
        actor = _actor(request)
        return serialise(actor, services.cancel_record(actor, kind, pk, payload.reason))

    @router.post(
        f"{path}/reactivate",
        scope=TokenScope.RECORDS_WRITE,
        response={200: spec.schema_out, **ERRORS},
        operation_id=f"reactivate_{kind}",
        summary=f"Put a {kind} record back in force (and back in screening)",
    )
    def reactivate_view(request: HttpRequest, pk: int, payload: ReasonIn) -> dict[str, Any]:
        actor = _actor(request)
        return serialise(actor, services.reactivate_record(actor, kind, pk, payload.reason))

    @router.get(
        f"{path}/history",
        scope=TokenScope.RECORDS_READ,
        response={200: HistoryOut, **ERRORS},
        operation_id=f"history_{kind}",
        summary=f"Who changed a {kind} record, what and when (field names only)",
    )
    def history_view(request: HttpRequest, pk: int) -> dict[str, Any]:
        rec, steps = services.record_history(_actor(request), kind, pk)
        return {"record_kind": kind, "id": rec.pk, "state": rec.state, "steps": steps}


def _photo_out(kind: str, pk: int, photo: photos.Photo) -> dict[str, Any]:
    return {
        "id": photo.id,
        "content_type": photo.content_type,
        "size": photo.size,
        "caption": photo.caption,
        "uploaded_at": photo.uploaded_at,
        "url": f"/api/records/{kind}s/{pk}/photos/{photo.id}",
    }


def _register_photos(spec: KindSpec) -> None:
    """A record's photos: whoever may read the record sees them; its owner adds and removes."""
    kind = spec.kind
    path = f"/{kind}s/{{int:pk}}/photos"

    @router.get(
        path,
        scope=TokenScope.RECORDS_READ,
        response={200: list[PhotoOut], **ERRORS},
        operation_id=f"list_{kind}_photos",
        summary=f"The photos of a {kind} record, oldest first",
    )
    def list_view(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
        return [_photo_out(kind, pk, p) for p in photos.list_photos(_actor(request), kind, pk)]

    @router.post(
        path,
        scope=TokenScope.RECORDS_WRITE,
        response={201: PhotoOut, **ERRORS},
        operation_id=f"add_{kind}_photo",
        summary=f"Add a photo to a {kind} record (JPEG, PNG or WebP, at most 5 MB; owner only)",
    )
    def add_view(
        request: HttpRequest, pk: int, file: File[UploadedFile], caption: Form[str] = ""
    ) -> Status[dict[str, Any]]:
        actor = _actor(request)
        added = photos.add_photo(actor, kind, pk, read_upload(file), caption=caption)
        return Status(201, _photo_out(kind, pk, photos.shown(added)))

    @router.get(
        f"{path}/{{int:photo_pk}}",
        scope=TokenScope.RECORDS_READ,
        response={200: None, **ERRORS},
        operation_id=f"{kind}_photo",
        summary=f"The image of a photo of a {kind} record",
    )
    def image_view(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
        photo, data = photos.photo_bytes(_actor(request), kind, pk, photo_pk)
        return image_response(data, photo.content_type, name=f"{kind}-{pk}-photo-{photo.pk}", max_age=0)

    @router.delete(
        f"{path}/{{int:photo_pk}}",
        scope=TokenScope.RECORDS_WRITE,
        response={204: None, **ERRORS},
        operation_id=f"delete_{kind}_photo",
        summary=f"Remove a photo from a {kind} record (owner only)",
    )
    def delete_view(request: HttpRequest, pk: int, photo_pk: int) -> Status[None]:
        photos.remove_photo(_actor(request), kind, pk, photo_pk)
        return Status(204, None)


class FtmExportParams(Schema):
    kind: str = Field("", description="A database (person, document, vehicle, firearm, artwork); none: all")
    state: str = Field("active", description="active (default), located, recovered, cancelled; empty: any")
    owner_country: str = ""


class FtmImportOut(Schema):
    line: int
    external_ref: str = Field(description="The entity id")
    record_kind: str
    id: int


@router.get(
    "/ftm/export",
    scope=TokenScope.RECORDS_READ,
    operation_id="export_ftm",
    summary="Export the records you may see as FollowTheMoney entities (JSON lines)",
    response={200: None, **ERRORS},
)
def ftm_export_view(request: HttpRequest, params: Query[FtmExportParams]) -> StreamingHttpResponse:
    filters = {k: v for k, v in (("state", params.state), ("owner_country", params.owner_country)) if v}
    kinds = [params.kind] if params.kind else list(KINDS)
    lines = ftm_io.export_lines(_actor(request), kinds, filters)
    response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{params.kind or "records"}.ftm.json"'
    return response


@router.post(
    "/ftm/import",
    scope=TokenScope.RECORDS_WRITE,
    operation_id="import_ftm",
    summary="Import FollowTheMoney Person, Passport, Identification and Vehicle entities as your "
    "bureau's records, all or nothing (422 ftm_import_refused lists each entity refused)",
    response={201: list[FtmImportOut], **ERRORS},
)
def ftm_import_view(
    request: HttpRequest,
    file: File[UploadedFile],
    purpose: Form[str],
    restriction: Form[str] = "all",
    bureau_only: Form[bool] = False,
) -> Status[list[dict[str, Any]]]:
    text = file.read().decode("utf-8", errors="replace")
    access = {"purpose": purpose, "restriction": restriction, "bureau_only": bureau_only}
    done = ftm_io.import_entities(_actor(request), text.splitlines(), access)
    return Status(
        201,
        [{"line": d.line, "external_ref": d.external_ref, "record_kind": d.kind, "id": d.id} for d in done],
    )


for _spec in KINDS.values():
    _register(_spec)
