"""Photos of a record: added and removed by the owner bureau, seen by whoever may read the record.

A photo has no access rule of its own: every read loads the record through the one policy
(`services.get_record`), so a country the restriction excludes, a unit kept out of a
bureau-only record and an expired record's other countries get the same 404 as for the
record, and a hit-only unit gets no photo at all. Files are stored without their metadata
under random names in the data folder; they leave with the record.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit, policy
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.core.images import checked_type, strip_metadata
from polnet.core.phash import perceptual_hash
from polnet.records import history
from polnet.records.models import PERSONAL_DATA_KINDS, Record, RecordPhoto, photo_storage
from polnet.records.services import _record_changed, _require_read_details, get_record

MAX_PHOTOS = 10
MAX_CAPTION = 200
# Kinds whose photos are compared by image in checks: each photo keeps its perceptual hash,
# and adding or removing one is a change the screening index follows.
HASHED_KINDS = frozenset({"artwork"})


@dataclass(frozen=True)
class Photo:
    """A photo as pages and the API list it: the bytes are fetched from `url`."""

    id: int
    content_type: str
    size: int
    caption: str
    uploaded_at: datetime
    url: str


def page_url(kind: str, pk: int, photo_pk: int) -> str:
    return f"/records/{kind}/{pk}/photos/{photo_pk}/"


def _of(rec: Record) -> list[RecordPhoto]:
    return list(RecordPhoto.objects.filter(kind=rec.RECORD_KIND, record_id=rec.pk).order_by("id"))


def shown(photo: RecordPhoto) -> Photo:
    return Photo(
        id=photo.pk,
        content_type=photo.content_type,
        size=photo.size,
        caption=photo.caption,
        uploaded_at=photo.uploaded_at,
        url=page_url(photo.kind, photo.record_id, photo.pk),
    )


def photos_of(actor: Actor, rec: Record) -> list[Photo]:
    """The photos of a record the caller already loaded through the policy, oldest first."""
    return [shown(p) for p in _of(rec)]


def list_photos(actor: Actor, kind: str, pk: int) -> list[Photo]:
    _require_read_details(actor)
    return photos_of(actor, get_record(actor, kind, pk))


def _caption(text: str) -> str:
    caption = (text or "").strip()
    if len(caption) > MAX_CAPTION:
        raise InvalidInput(
            _("The caption is too long (at most %(max)s characters)."),
            code="photo_caption_too_long",
            field="caption",
            max=MAX_CAPTION,
        )
    return caption


def _owned(actor: Actor, kind: str, pk: int) -> Record:
    rec = get_record(actor, kind, pk, for_update=True)
    if not policy.can_change(actor, rec.access_facts()):
        raise Forbidden(_("Only the bureau that owns this record may change it."), code="record_owner_only")
    return rec


def add_photo(actor: Actor, kind: str, pk: int, data: bytes, *, caption: str = "") -> RecordPhoto:
    """Add a photo (JPEG, PNG or WebP, at most 5 MB): owner only, audited, in the history."""
    content_type, ext = checked_type(data)
    data = strip_metadata(data, content_type)
    caption = _caption(caption)
    phash = perceptual_hash(data) if kind in HASHED_KINDS else None
    stored = ""
    try:
        with transaction.atomic():
            rec = _owned(actor, kind, pk)
            if RecordPhoto.objects.filter(kind=kind, record_id=rec.pk).count() >= MAX_PHOTOS:
                raise InvalidInput(
                    _("A record has at most %(max)s photos."),
                    code="photo_count",
                    field="file",
                    max=MAX_PHOTOS,
                )
            photo = RecordPhoto(
                kind=kind,
                record_id=rec.pk,
                content_type=content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                phash=phash,
                caption=caption,
                uploaded_by_id=actor.user_id,
            )
            photo.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(data), save=False)
            stored = photo.file.name or ""
            photo.save()
            audit.log(
                actor,
                "photo_add",
                kind,
                rec.pk,
                purpose=rec.purpose,
                detail={"photo": photo.pk, "size": photo.size, "sha256": photo.sha256},
            )
            history.record_event(actor, kind, rec.pk, "photo_add")
            if kind in HASHED_KINDS:
                _record_changed(kind, rec.pk)
    except BaseException:
        # The row was rolled back: the file goes too.
        if stored:
            photo_storage().delete(stored)
        raise
    return photo


@transaction.atomic
def remove_photo(actor: Actor, kind: str, pk: int, photo_pk: int) -> None:
    """Remove a photo and its file (once the removal is committed): owner only, audited."""
    rec = _owned(actor, kind, pk)
    photo = RecordPhoto.objects.filter(kind=kind, record_id=rec.pk, pk=photo_pk).first()
    if photo is None:
        raise NotFound(_("No such photo."), code="photo_not_found")
    name = photo.file.name or ""
    photo.delete()
    audit.log(actor, "photo_remove", kind, rec.pk, purpose=rec.purpose, detail={"photo": photo_pk})
    history.record_event(actor, kind, rec.pk, "photo_remove")
    if kind in HASHED_KINDS:
        _record_changed(kind, rec.pk)
    _delete_files_on_commit([name])


def photo_bytes(actor: Actor, kind: str, pk: int, photo_pk: int) -> tuple[RecordPhoto, bytes]:
    """A photo's bytes, for whoever may read the record in detail. Seeing a person's or a
    document's photo is reading personal data: audited like reading the record."""
    _require_read_details(actor)
    with transaction.atomic():
        rec = get_record(actor, kind, pk)
        photo = RecordPhoto.objects.filter(kind=kind, record_id=rec.pk, pk=photo_pk).first()
        if photo is None:
            raise NotFound(_("No such photo."), code="photo_not_found")
        if kind in PERSONAL_DATA_KINDS:
            audit.log(actor, audit.Action.READ, kind, pk, purpose=rec.purpose, detail={"photo": photo_pk})
    try:
        with photo.file.open("rb") as fh:
            return photo, fh.read()
    except FileNotFoundError:  # lost from the disk: as good as absent, never a 500
        raise NotFound(_("No such photo."), code="photo_not_found") from None


def first_photo_url(actor: Actor, rec: Record) -> str:
    """The page address of a record's first photo, for a screen that already shows the record
    to this actor (a border check's answer); empty when there is none or the actor sees hits
    only. The address itself applies the record's policy again when the image is fetched."""
    if not policy.discloses_details(actor) or not policy.can_see(actor, rec.access_facts()):
        return ""
    first = RecordPhoto.objects.filter(kind=rec.RECORD_KIND, record_id=rec.pk).order_by("id").first()
    return page_url(rec.RECORD_KIND, rec.pk, first.pk) if first else ""


# ---- housekeeping ---------------------------------------------------------------------------


def _delete_files_on_commit(names: list[str]) -> None:
    """Files go once the rows' deletion is committed: a rollback keeps both."""
    names = [n for n in names if n]
    if names:
        storage = photo_storage()

        def delete() -> None:
            for name in names:
                storage.delete(name)

        transaction.on_commit(delete)


def forget(kind: str, pk: int) -> None:
    """A deleted record's photos, rows now and files at commit (`services.delete_record`)."""
    photos = RecordPhoto.objects.filter(kind=kind, record_id=pk)
    names = [p.file.name or "" for p in photos]
    photos.delete()
    _delete_files_on_commit(names)


SWEEP_AFTER = timedelta(hours=1)


def _stored_files(folder: str) -> list[str]:
    storage = photo_storage()
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{f}" for f in files]
    for d in dirs:
        names += _stored_files(f"{folder}/{d}")
    return names


def sweep_orphan_files(actor: Actor, *, now: datetime | None = None) -> int:
    """Delete photo files no row names any more, older than an hour: left by a process that
    stopped between a deletion's commit and its file's removal, or by an upload whose
    enclosing transaction rolled back. Younger files may belong to an upload under way."""
    storage = photo_storage()
    cutoff = (now or timezone.now()) - SWEEP_AFTER
    known = set(RecordPhoto.objects.values_list("file", flat=True))
    gone = [
        name
        for name in _stored_files("records")
        if name not in known and storage.get_modified_time(name) < cutoff
    ]
    for name in gone:
        storage.delete(name)
    if gone:
        audit.log(actor, "photo_sweep", "photo", "", detail={"files": len(gone)})
    return len(gone)
