"""Hit reports: after a hit, the bureau of the country where it was made tells the owner
what happened (what a SIRENE "G" form carries), with photos.

Who may:
- write: the officers of the bureau of the screening country (`Hit.screening_country`).
  A unit does not write it: the unit records the outcome on the check page, and its bureau,
  which speaks to other bureaus, sends the formal report. The owner may not write one.
- read: the bureau staff of the owner country and of the reporting country. For a hit on a
  notice of the secretariat (no owner country) the secretariat's readers are the owner.
  Nobody else: not a third bureau, not a unit (not even the one that had the hit), not the
  secretariat for a bureau's record; they get the same 404 as for a hit that does not exist.

One report per hit, unchanged once sent: it is a record of what the reporting bureau said
at the time. What comes after (questions, corrections, further facts) goes into the
sealed message thread the report page opens between the two bureaus. The report and its
photos are written in one transaction; creating and every reading are audited, and the
owner is notified once the report is committed.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.images import checked_type, image_storage, strip_metadata
from polnet.network.models import Bureau
from polnet.notifications.services import SECRETARIAT, Recipient, notify
from polnet.screening.hit_policy import officer_where_made, reads_report
from polnet.screening.models import Hit, HitReport, HitReportPhoto, HitState, Transport

MAX_PHOTOS = 5
# A report tells of a check made at the hit or after it; a clock a little ahead is tolerated.
CLOCK_SKEW = timedelta(minutes=5)
# Means of transport whose identifier (plate or VIN, flight number, vessel name or IMO
# number) the owner needs to follow them.
IDENTIFIED_TRANSPORT = frozenset({Transport.VEHICLE, Transport.FLIGHT, Transport.VESSEL})
FIELDS = (
    "place",
    "occurred_at",
    "check_performed",
    "outcome",
    "accompanying",
    "transport",
    "transport_identifier",
    "items",
    "items_seized",
    "remarks",
)


def _not_found() -> NotFound:
    return NotFound(_("There is no such hit report."), code="hit_report_not_found")


# Who reads and who writes a report: the one hit policy (`hit_policy.py`).
may_read = reads_report
may_write = officer_where_made


def _hit(actor: Actor, hit_id: int, *, for_update: bool = False) -> Hit:
    qs = Hit.objects.select_for_update() if for_update else Hit.objects
    hit = qs.filter(pk=hit_id).first()
    if hit is None or not may_read(actor, hit):
        raise _not_found()
    return hit


@dataclass(frozen=True)
class PhotoIn:
    data: bytes
    content_type: str
    ext: str


def checked_photos(uploads: list[bytes]) -> list[PhotoIn]:
    """Each photo read from its bytes and without its camera metadata, before anything is
    written: one bad photo refuses the whole report."""
    if len(uploads) > MAX_PHOTOS:
        raise InvalidInput(
            _("A hit report has at most %(max)s photos."),
            code="hit_report_photo_count",
            field="photos",
            max=MAX_PHOTOS,
        )
    out = []
    for data in uploads:
        try:
            content_type, ext = checked_type(data)
            out.append(PhotoIn(strip_metadata(data, content_type), content_type, ext))
        except InvalidInput as exc:
            exc.field = "photos"  # the form's and the API's name for the images
            raise
    return out


def _check(hit: Hit, data: dict[str, Any], now: datetime) -> None:
    occurred: datetime = data["occurred_at"]
    if occurred > now + CLOCK_SKEW:
        raise InvalidInput(
            _("The check cannot be in the future."), code="hit_report_time_future", field="occurred_at"
        )
    if occurred < hit.at - CLOCK_SKEW:
        raise InvalidInput(
            _("The check cannot be before the hit (%(at)s)."),
            code="hit_report_time_before_hit",
            field="occurred_at",
            at=hit.at.strftime("%Y-%m-%d %H:%M"),
        )
    if data["transport"] in IDENTIFIED_TRANSPORT and not data["transport_identifier"].strip():
        raise InvalidInput(
            _("Give the plate or VIN, the flight number, or the vessel's name or IMO number."),
            code="hit_report_transport_identifier",
            field="transport_identifier",
        )


def create_report(
    actor: Actor,
    hit_id: int,
    data: dict[str, Any],
    photos: list[bytes] | None = None,
    *,
    now: datetime | None = None,
) -> HitReport:
    """Send the report of a hit with its photos: all of it, or nothing."""
    now = now or timezone.now()
    checked = checked_photos(photos or [])
    stored: list[str] = []
    try:
        with transaction.atomic():
            report = _create(actor, hit_id, data, checked, now, stored)
    except IntegrityError:
        # Another officer of the bureau sent the report of this hit a moment earlier.
        _delete_files(stored)
        raise _exists() from None
    except BaseException:
        _delete_files(stored)  # the rows were rolled back: their files go too
        raise
    return report


def _exists() -> Conflict:
    return Conflict(_("This hit already has its report."), code="hit_report_exists")


def refuse_writing(actor: Actor, hit: Hit) -> None:
    """Why the actor may not send this hit's report now, if it may not."""
    if not may_write(actor, hit):
        raise Forbidden(
            _("Only the bureau of the country where the hit was made sends its report."),
            code="hit_report_reporter_only",
        )
    if hit.state == HitState.WITHDRAWN:
        raise Conflict(_("This hit was withdrawn: there is nothing to report."), code="hit_report_withdrawn")
    if HitReport.objects.filter(hit=hit).exists():
        raise _exists()


def _create(
    actor: Actor, hit_id: int, data: dict[str, Any], photos: list[PhotoIn], now: datetime, stored: list[str]
) -> HitReport:
    hit = _hit(actor, hit_id, for_update=True)
    refuse_writing(actor, hit)
    _check(hit, data, now)
    assert actor.country is not None and actor.user_id is not None  # a bureau officer (`may_write`)
    report = HitReport.objects.create(
        hit=hit,
        reporting_country_id=actor.country,
        created_by_id=actor.user_id,
        created_at=now,
        **{name: data[name] for name in FIELDS},
    )
    for p in photos:
        photo = HitReportPhoto(
            report=report,
            content_type=p.content_type,
            size=len(p.data),
            sha256=hashlib.sha256(p.data).hexdigest(),
        )
        photo.file.save(f"{uuid.uuid4().hex}.{p.ext}", ContentFile(p.data), save=False)
        stored.append(photo.file.name or "")
        photo.save()
    audit.log(
        actor,
        audit.Action.CREATE,
        "hit_report",
        hit.pk,
        detail={"report": report.pk, "photos": len(photos), "outcome": report.outcome},
    )
    notify(
        [_owner(hit)],
        "hit_report",
        "hit",
        hit.pk,
        params={"country": actor.country, "outcome": report.outcome},
    )
    return report


def _owner(hit: Hit) -> Recipient:
    if hit.owner_country_id is None:
        return SECRETARIAT
    bureau = Bureau.objects.filter(country_id=hit.owner_country_id).first()
    return Recipient(bureau_id=bureau.pk) if bureau else SECRETARIAT


def _delete_files(names: list[str]) -> None:
    storage = image_storage()
    for name in names:
        if name:
            storage.delete(name)


def get_report(actor: Actor, hit_id: int) -> HitReport:
    """The report of a hit, for the owner's and the reporter's bureaus; each reading audited."""
    with transaction.atomic():
        hit = _hit(actor, hit_id)
        report = HitReport.objects.filter(hit=hit).select_related("hit", "created_by").first()
        if report is None:
            raise _not_found()
        audit.log(actor, audit.Action.READ, "hit_report", hit.pk, detail={"report": report.pk})
    return report


def report_view(actor: Actor, hit_id: int) -> tuple[Hit, HitReport | None, bool]:
    """What the report page shows: (hit, its report if sent, whether the actor may write it).
    The report, when there is one, is read (and audited) through `get_report`."""
    hit = _hit(actor, hit_id)
    report = get_report(actor, hit_id) if HitReport.objects.filter(hit=hit).exists() else None
    return hit, report, report is None and may_write(actor, hit) and hit.state != HitState.WITHDRAWN


def photos_of(report: HitReport) -> list[HitReportPhoto]:
    return list(report.photos.order_by("id"))


def photo_bytes(actor: Actor, hit_id: int, photo_id: int) -> tuple[HitReportPhoto, bytes]:
    """A photo of a report, for whoever may read the report; audited like the report."""
    with transaction.atomic():
        hit = _hit(actor, hit_id)
        photo = HitReportPhoto.objects.filter(report__hit=hit, pk=photo_id).first()
        if photo is None:
            raise NotFound(_("No such photo."), code="photo_not_found")
        audit.log(actor, audit.Action.READ, "hit_report", hit.pk, detail={"photo": photo.pk})
    try:
        with photo.file.open("rb") as fh:
            return photo, fh.read()
    except FileNotFoundError:  # lost from the disk: as good as absent, never a 500
        raise NotFound(_("No such photo."), code="photo_not_found") from None


def thread_reference(hit: Hit) -> str:
    """What a message about the hit carries as its (unencrypted) reference: a number only."""
    return f"hit:{hit.pk}"


def _address(country: str | None) -> str:
    return f"bureau:{country}" if country else "secretariat"


def counterpart_address(actor: Actor, hit: Hit, report: HitReport | None) -> str:
    """The mailbox to write to about the hit, by address (screening may not import
    messaging): the owner's for the reporting bureau, the reporter's for the owner (the
    secretariat, for its own notices); empty when both are the same bureau."""
    owner = _address(hit.owner_country_id)
    mine = _address(actor.country)
    if mine != owner:
        return owner
    if report is None or report.reporting_country_id == actor.country:
        return ""
    return _address(report.reporting_country_id)
