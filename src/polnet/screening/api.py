"""Screening endpoints: person, document (or MRZ), vehicle, firearm, work of art, passenger lists,
and hits."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from polnet.core import policy
from polnet.core.actor import Actor, TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.core.errors import Forbidden, InvalidInput
from polnet.core.images import read_upload
from polnet.core.purposes import LISTED
from polnet.network.auth import ScopedRouter
from polnet.notifications import live
from polnet.screening import carrier, confirmation, services
from polnet.screening.batches import corrections
from polnet.screening.batches import files as batch_files
from polnet.screening.batches import input as batch_input
from polnet.screening.batches import runs as batches
from polnet.screening.hit_policy import hits_q
from polnet.screening.models import Hit, HitState, ScreeningBatch
from polnet.screening.report_api import router as report_router
from polnet.screening.web.display import hit_public

router = ScopedRouter(tags=["screening"])

PURPOSE_HELP = (
    "Why the check is made, one of the listed purposes: " + LISTED + ". Required for a person, an "
    "MRZ and a passenger list unless the token carries a default purpose (set by its bureau); "
    "kept with the others when stated. Refused with 422 purpose_required or purpose_unknown."
)


def _purpose_field() -> Any:
    return Field("", max_length=32, description=PURPOSE_HELP, examples=["border_management"])


router.add_router("/hits", report_router)  # the hit report (`report_api`)


class PersonCheckIn(Schema):
    name: str = Field("", max_length=400, description="Free text, any order and script")
    given: str = Field("", max_length=200)
    family: str = Field("", max_length=200)
    date_of_birth: str = Field("", max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")
    sex: str = Field("", max_length=1)
    nationality: str = Field("", max_length=3)
    identifiers: list[str] = Field(default_factory=list, max_length=10)
    location: str = Field("", max_length=200, description="Where the check happens")
    purpose: str = _purpose_field()


class DocumentCheckIn(Schema):
    number: str = Field("", max_length=40)
    country: str = Field("", max_length=3, description="Issuing country, ISO alpha-2 or alpha-3")
    mrz: str = Field(
        "", max_length=200, description="A whole machine-readable zone instead of number+country"
    )
    location: str = Field("", max_length=200)
    purpose: str = _purpose_field()


class VehicleCheckIn(Schema):
    vin: str = Field("", max_length=32)
    plate: str = Field("", max_length=16)
    plate_country: str = Field("", max_length=3)
    location: str = Field("", max_length=200)
    purpose: str = _purpose_field()


class FirearmCheckIn(Schema):
    serial: str = Field(max_length=64)
    make: str = Field("", max_length=64)
    location: str = Field("", max_length=200)
    purpose: str = _purpose_field()


class ArtworkCheckIn(Schema):
    title: str = Field("", max_length=300, description="Any language or script, any word order")
    artist: str = Field("", max_length=200, description="Such as 'Pablo Picasso' or 'Picasso, P.'")
    description: str = Field("", max_length=2000)
    dimensions: str = Field("", max_length=100, description="Such as '73 x 92 cm' or '28.7 x 36.2 in'")
    location: str = Field("", max_length=200)
    purpose: str = _purpose_field()


class ActionOut(Schema):
    code: str = Field(
        description="arrest, discreet_check, specific_check, inquiry_check, refuse_entry, seize, "
        "locate or protect: what the owner asks the officer to do on this hit"
    )
    label: str = Field(description="The action, in the caller's language")
    urgent: bool = Field(description="Arrest and protect: act and tell your bureau at once")
    guidance: str = Field(description="What the officer does, in one sentence in the caller's language")
    note: str = Field(description="The owner's own instruction, as written; may be empty")
    reference: str | None = Field(
        None, description="The warrant of an arrest; absent for a unit whose scope is hit / no hit"
    )


class HitActionOut(Schema):
    hit_id: int | None
    action: ActionOut | None


class CandidateOut(Schema):
    kind: str = Field(
        description="person, document, vehicle, firearm, artwork, or notice (a notice's subject)"
    )
    record_id: int = Field(description="the record's id; for kind notice, the notice's id")
    score: float
    explanation: list[dict[str, Any]]
    owner_country: str | None = Field(description="None for a notice of the secretariat (UN)")
    hit_id: int | None
    record: dict[str, Any] | None = Field(
        description="The record as its page shows it; for a notice: reference, kind, channel, "
        "the subject's names, photo_url (empty when there is none or the token may not read "
        "records) and owner_bureau (name and city, whom to contact; None for the secretariat)"
    )
    notice: dict[str, str] | None = None
    action: ActionOut | None = Field(None, description="What to do on this hit, as the owner asks it")


class ScreeningOut(Schema):
    kind: str
    hit: bool
    disclosed: bool = Field(description="False for a unit whose scope is hit / no hit: no record details")
    candidates: list[CandidateOut] | None = None
    hit_ids: list[int | None] | None = None
    hits: list[HitActionOut] | None = Field(
        None, description="For a unit whose scope is hit / no hit: what to do on each hit, by its id"
    )
    advice: str | None = None
    parsed: dict[str, Any] | None = None
    related: list[dict[str, Any]] = Field(default_factory=list)


class RejectedRowOut(Schema):
    row: int = Field(description="The row's number in the list, from 1")
    field: str = Field(description="The list's column the refusal is about")
    code: str = Field(description="Why, as a stable reason code")
    reason: str = Field(description="Why, in the caller's language")
    state: str = Field(description="rejected, or pending: corrected and waiting to be checked")


class BatchOut(Schema):
    id: int
    status: str = Field(
        description="queued, running, done, failed, or partly_checked: finished with rows "
        "rejected, which were not checked; correct them to complete the list"
    )
    finished: bool = Field(description="No row is being checked, or waits to be")
    total: int
    done: int = Field(description="Rows read so far, the rejected ones included")
    checked: int = Field(description="Rows checked: done less rejected")
    rejected: int = Field(description="Rows a check refused and not yet corrected and checked")
    rejected_rows: list[RejectedRowOut] = Field(
        description="The rejected rows, the first 1,000 in list order; all are in the results file"
    )
    hit_count: int
    error: str
    created_at: datetime
    finished_at: datetime | None
    results_url: str | None
    results_deleted_at: datetime | None = Field(
        description="When the results file is (or was) deleted: passenger data is kept no longer"
    )


class HitOut(Schema):
    id: int = Field(description="The hit's reference: report its outcome under it")
    kind: str = Field(
        description="person, document, vehicle, firearm, or notice (a notice's subject); "
        "for a unit whose scope is hit / no hit, the kind of check (person for a notice)"
    )
    disclosed: bool = Field(
        description="False for a unit whose scope is hit / no hit: no record id, owner or score"
    )
    record_id: int | None = Field(description="The record's (or notice's) id; None when not disclosed")
    owner_country: str | None = Field(
        description="None for a notice of the secretariat (UN), or when not disclosed"
    )
    score: float | None = Field(description="None when not disclosed")
    screening_country: str | None
    location: str
    at: datetime
    outcome: str = Field(
        description="pending, located, arrested, refused_entry, not_same_person, seized or no_action"
    )
    outcome_note: str
    action: ActionOut | None = Field(
        None,
        description="What the owner asked on this hit, as it stood at the hit (no warrant reference "
        "when not disclosed)",
    )
    state: str = Field(description="The owner's answer: reported (waiting), confirmed, not_same or withdrawn")
    state_reason: str = Field(description="Why not the same, or why withdrawn (empty when not disclosed)")
    due_at: datetime | None = Field(description="When the owner's answer is due; None for older hits")
    overdue: bool = Field(description="Still waiting for the owner after due_at")
    reservation: str = Field(
        "",
        description="Your country's reservation on the notice hit (it does not act on it there), and why",
    )


class AnswerIn(Schema):
    state: str = Field(
        description="confirmed or not_same (the owner bureau), withdrawn (the side that had the hit)",
        examples=["confirmed"],
    )
    reason: str = Field("", max_length=2000, description="Required for not_same and withdrawn")


class OutcomeIn(Schema):
    outcome: str = Field(
        description="What happened: located, arrested, refused_entry, not_same_person "
        "(the traveller was not the person of the record), seized (the document, vehicle or "
        "firearm was seized) or no_action",
        examples=["not_same_person"],
    )
    note: str = Field("", max_length=2000)


@router.post(
    "/person",
    scope=TokenScope.SCREENING,
    response={200: ScreeningOut, **ERRORS},
    exclude_none=True,
    summary="Check a person",
)
def check_person(request: HttpRequest, payload: PersonCheckIn) -> dict[str, Any]:
    q = services.person_query(
        payload.name,
        given=payload.given,
        family=payload.family,
        date_of_birth=payload.date_of_birth,
        sex=payload.sex,
        nationality=payload.nationality,
        identifiers=payload.identifiers,
    )
    actor = _actor(request)
    return services.screen_person(actor, q, location=payload.location, purpose=payload.purpose).public()


@router.post(
    "/document",
    scope=TokenScope.SCREENING,
    response={200: ScreeningOut, **ERRORS},
    exclude_none=True,
    summary="Check a travel document by number and country, or by its whole MRZ",
)
def check_document(request: HttpRequest, payload: DocumentCheckIn) -> dict[str, Any]:
    actor = _actor(request)
    if payload.mrz.strip():
        return services.screen_mrz(
            actor, payload.mrz, location=payload.location, purpose=payload.purpose
        ).public()
    return services.screen_document(
        actor, payload.number, payload.country or None, location=payload.location, purpose=payload.purpose
    ).public()


class CarrierCheckIn(Schema):
    document_number: str = Field(max_length=40, description="The travel document's number")
    document_country: str = Field(max_length=3, description="Issuing country, ISO alpha-2 or alpha-3")
    family: str = Field(max_length=200, description="Surname, as on the document")
    given: str = Field("", max_length=200, description="Given names, as on the document")
    date_of_birth: str = Field("", max_length=10, description="YYYY-MM-DD")
    sex: str = Field("", max_length=1)
    nationality: str = Field("", max_length=3, description="ISO alpha-2 or alpha-3")
    flight: str = Field(max_length=8, description="Airline code and number, such as AF1234")
    flight_date: str = Field(max_length=10, description="The flight's date of departure, YYYY-MM-DD")


class CarrierCheckOut(Schema):
    status: str = Field(description="board, do_not_board or contact_authority")
    reference: str = Field(description="Quote it to the authority about this passenger")


@router.post(
    "/carrier-check",
    scope=TokenScope.CARRIER_CHECK,
    response={200: CarrierCheckOut, **ERRORS},
    summary="A carrier's check of one passenger: board, do not board, or contact the authority",
)
def carrier_check(request: HttpRequest, payload: CarrierCheckIn) -> dict[str, Any]:
    """Only a status and a reference: never a record, nor why."""
    data = payload.dict()
    flight, flight_date = data.pop("flight"), data.pop("flight_date")
    answer = carrier.check(_actor(request), carrier.Passenger(**data), flight, flight_date)
    return {"status": answer.status.value, "reference": answer.reference}


@router.post(
    "/vehicle",
    scope=TokenScope.SCREENING,
    response={200: ScreeningOut, **ERRORS},
    exclude_none=True,
    summary="Check a vehicle by VIN or plate",
)
def check_vehicle(request: HttpRequest, payload: VehicleCheckIn) -> dict[str, Any]:
    return services.screen_vehicle(
        _actor(request),
        vin=payload.vin,
        plate=payload.plate,
        plate_country=payload.plate_country,
        location=payload.location,
        purpose=payload.purpose,
    ).public()


@router.post(
    "/firearm",
    scope=TokenScope.SCREENING,
    response={200: ScreeningOut, **ERRORS},
    exclude_none=True,
    summary="Check a firearm by serial number",
)
def check_firearm(request: HttpRequest, payload: FirearmCheckIn) -> dict[str, Any]:
    return services.screen_firearm(
        _actor(request),
        serial=payload.serial,
        make=payload.make,
        location=payload.location,
        purpose=payload.purpose,
    ).public()


@router.post(
    "/artwork",
    scope=TokenScope.SCREENING,
    response={200: ScreeningOut, **ERRORS},
    exclude_none=True,
    summary="Check a work of art by title, artist, description, dimensions and photo",
    description="A multipart form: the fields below, and an optional `photo` (JPEG, PNG or WebP, "
    "at most 5 MB) compared by perceptual hash with the photos of stolen works. Give at least a "
    "title, an artist, a description or a photo.",
)
def check_artwork(
    request: HttpRequest,
    payload: Form[ArtworkCheckIn],
    photo: File[UploadedFile] = None,  # type: ignore[assignment]  # ninja: an optional part
) -> dict[str, Any]:
    return services.screen_artwork(
        _actor(request),
        title=payload.title,
        artist=payload.artist,
        description=payload.description,
        dimensions=payload.dimensions,
        photo=read_upload(photo) if photo is not None else None,
        location=payload.location,
        purpose=payload.purpose,
    ).public()


class RowCorrectionIn(Schema):
    name: str = Field("", max_length=400)
    date_of_birth: str = Field("", max_length=400)
    sex: str = Field("", max_length=400)
    nationality: str = Field("", max_length=400)
    document_number: str = Field("", max_length=400)
    document_country: str = Field("", max_length=400)


API_ROWS = 1000


def _batch_out(b: ScreeningBatch) -> dict[str, Any]:
    language = (get_language() or "en").split("-")[0]
    refused = list(corrections.refused_rows(b)[:API_ROWS])
    return {
        "id": b.pk,
        "status": b.state,
        "finished": b.status in ("done", "failed") and not any(r.state == "pending" for r in refused),
        "total": b.total,
        "done": b.done,
        "checked": b.checked,
        "rejected": b.rejected,
        "rejected_rows": [
            {
                "row": r.row,
                "field": r.field,
                "code": r.code,
                "reason": r.reasons.get(language) or r.reasons.get("en") or r.code,
                "state": r.state,
            }
            for r in refused
        ],
        "hit_count": b.hit_count,
        "error": b.error,
        "created_at": b.created_at,
        "finished_at": b.finished_at,
        "results_url": f"/api/screening/batches/{b.pk}/results.csv" if batch_files.has_results(b) else None,
        "results_deleted_at": batch_files.results_deleted_at(b) if b.status == "done" else None,
    }


@router.post(
    "/batches",
    scope=TokenScope.SCREENING,
    response={202: BatchOut, **ERRORS},
    summary="Check a passenger list (CSV, JSON or PAXLST; a file or the body) in the background",
)
def start_batch(
    request: HttpRequest,
    location: str = "",
    purpose: str = "",
) -> Status[dict[str, Any]]:
    """The list states one purpose (or the token's default applies); each row's check carries it."""
    file = request.FILES.get("file")
    if file is not None:
        if file.size and file.size > 200 * 1024 * 1024:
            raise InvalidInput(
                _("The file is larger than 200 MB; split the list."),
                code="batch_file_too_large",
                field="file",
            )
        content = file.read()
        kind = batch_input.list_format(content, file.content_type or "", file.name or "")
    else:
        content, kind = request.body, request.content_type or ""
        if batch_input.list_format(content, kind) == "csv":
            raise InvalidInput(
                _("Upload a CSV or PAXLST file as `file`, or send a JSON or PAXLST body."),
                code="batch_body_missing",
                field="file",
            )
    batch = batches.start_batch(_actor(request), content, kind, location=location, purpose=purpose)
    return Status(202, _batch_out(batch))


@router.get(
    "/batches/{int:batch_id}",
    scope=TokenScope.SCREENING,
    response={200: BatchOut, **ERRORS},
    summary="Progress of a passenger list",
)
def batch_status(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    return _batch_out(batches.get_batch(_actor(request), batch_id))


@router.post(
    "/batches/{int:batch_id}/rows/{int:row}",
    scope=TokenScope.SCREENING,
    response={202: BatchOut, **ERRORS},
    summary="Correct a rejected row of a checked passenger list: it is checked in the background",
)
def correct_batch_row(
    request: HttpRequest, batch_id: int, row: int, payload: RowCorrectionIn
) -> Status[dict[str, Any]]:
    actor = _actor(request)
    corrections.correct_row(actor, batch_id, row, payload.dict())
    return Status(202, _batch_out(batches.get_batch(actor, batch_id)))


@router.get(
    "/batches/{int:batch_id}/results.csv",
    scope=TokenScope.SCREENING,
    response={200: None, **ERRORS},
    summary="Results of a finished passenger list",
)
def batch_results(request: HttpRequest, batch_id: int) -> FileResponse:
    batch = batches.get_batch(_actor(request), batch_id)
    if not batch_files.has_results(batch):
        raise batch_files.no_results(batch)
    path = batch_files.results_path(batch.pk)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"screening-{batch.pk}.csv", content_type="text/csv"
    )


def _on_own_records(actor: Actor) -> Q:
    """The hits on records of the actor's country. A unit whose scope is hit / no hit is not told
    whose a record is, so it may not sort its hits by owner either."""
    if not policy.discloses_details(actor):
        raise Forbidden(
            _("Your unit's scope is hit / no hit: it is not told whose records were hit."),
            code="hit_only_owner_filter",
        )
    return Q(owner_country_id=actor.country)


@router.get(
    "/hits",
    scope=TokenScope.SCREENING,
    response={200: list[HitOut], **ERRORS},
    summary="Hits the caller may see: on its records, or its own (newest first)",
)
def list_hits(
    request: HttpRequest,
    on_my_records: bool = False,
    since_id: int = 0,
    limit: int = 50,
    state: str = "",
    overdue: bool = False,
) -> list[dict[str, Any]]:
    actor = _actor(request)
    if not 1 <= limit <= 500:
        raise InvalidInput(_("limit is out of range."), code="limit_out_of_range", field="limit")
    qs = Hit.objects.filter(hits_q(actor), pk__gt=since_id)
    if on_my_records:
        qs = qs.filter(_on_own_records(actor))
    if state:
        if state not in HitState.values:
            raise InvalidInput(
                _("The state is one of reported, confirmed, not_same and withdrawn."),
                code="hit_state_filter_unknown",
                field="state",
            )
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(state=HitState.REPORTED, due_at__lt=timezone.now())
    return [hit_public(actor, h) for h in qs.order_by("-id")[:limit]]


@router.post(
    "/hits/{int:hit_id}/outcome",
    scope=TokenScope.SCREENING,
    response={200: HitOut, **ERRORS},
    summary="Report what happened after a hit (located, arrested, refused entry, no action)",
)
def hit_outcome(request: HttpRequest, hit_id: int, payload: OutcomeIn) -> dict[str, Any]:
    actor = _actor(request)
    return hit_public(actor, services.report_outcome(actor, hit_id, payload.outcome, payload.note))


@router.post(
    "/hits/{int:hit_id}/answer",
    scope=TokenScope.SCREENING,
    response={200: HitOut, **ERRORS},
    summary="The owner confirms a hit or says it is not the same; the side that had it withdraws it",
)
def hit_answer(request: HttpRequest, hit_id: int, payload: AnswerIn) -> dict[str, Any]:
    actor = _actor(request)
    hit = confirmation.answer_hit(actor, hit_id, payload.state, payload.reason)
    return hit_public(actor, hit)


@router.get(
    "/hits/overdue",
    scope=TokenScope.SCREENING,
    response={200: list[HitOut], **ERRORS},
    summary="The secretariat's queue: hits escalated because the owner did not answer in time, oldest first",
)
def overdue_hits(request: HttpRequest, limit: int = 100) -> list[dict[str, Any]]:
    actor = _actor(request)
    if not 1 <= limit <= 500:
        raise InvalidInput(_("limit is out of range."), code="limit_out_of_range", field="limit")
    return [hit_public(actor, h) for h in confirmation.overdue_queue(actor)[:limit]]


@router.get(
    "/hits/stream",
    scope=TokenScope.SCREENING,
    response={200: None, **ERRORS},
    summary="Server-sent events: new hits on the caller's records, as they happen",
)
def hit_stream(request: HttpRequest) -> StreamingHttpResponse:
    """Waits in the event loop, not in a thread: see polnet/notifications/live.py."""
    actor = _actor(request)
    request.polnet_background = True  # type: ignore[attr-defined]  # a stream does not extend a session
    own_records = _on_own_records(actor)
    owner = actor.country

    def read(after: int) -> list[tuple[int, str]]:
        hits = Hit.objects.filter(hits_q(actor), own_records, pk__gt=after).order_by("id")[:100]
        return [(h.pk, json.dumps(hit_public(actor, h), default=str)) for h in hits]

    feed = live.Feed("hit", "hit", lambda row: row["owner_country_id"] == owner, read)
    marks = live.starting_marks([feed], request.headers.get("Last-Event-ID", ""))
    return live.response(request, [feed], marks)
