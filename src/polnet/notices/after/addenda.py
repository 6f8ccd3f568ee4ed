"""Addenda: what the source adds to a published notice (names, a photo, a warrant, information).

An addendum is reviewed by the secretariat as a request is: the pre-check runs on what it
adds, a reviewer approves it (two different reviewers for a Red notice under four eyes) or
refuses it with reasons. Only an approved addendum is applied to the notice and shown to
members: the notice then gets its next version, members who see it are told, and the
screening feed re-reads it so that a new alias hits at once.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy

from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.images import checked_type, image_storage
from polnet.notices import notify, policy
from polnet.notices.after import versions
from polnet.notices.compliance import precheck
from polnet.notices.history import record_event
from polnet.notices.images import MAX_IMAGES
from polnet.notices.kinds import NoticeKind
from polnet.notices.models import (
    Addendum,
    AddendumState,
    ArrestWarrant,
    Notice,
    NoticeChange,
    NoticeImage,
    NoticeName,
)
from polnet.notices.reading import get_notice, require_read_details
from polnet.notices.states import IN_FORCE, Channel, State
from polnet.notifications.services import SECRETARIAT, Recipient
from polnet.notifications.services import notify as tell
from polnet.records.kinds import country

# A notice takes addenda while members may see it or it is suspended for a while.
OPEN_TO_ADDENDA = IN_FORCE | {State.SUSPENDED}


def _warrant(notice: Notice, data: dict[str, Any], n: int) -> ArrestWarrant:
    fields = dict(data)
    fields["issuing_country_id"] = country(fields.pop("issuing_country"), f"warrants.{n}.issuing_country")
    fields["charge_translation_language"] = fields.get("charge_translation_language") or ""
    return ArrestWarrant(notice=notice, position=n, **fields)


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def _revive(data: dict[str, Any]) -> dict[str, Any]:
    from datetime import date

    out = dict(data)
    if out.get("issued_on"):
        out["issued_on"] = date.fromisoformat(str(out["issued_on"]))
    return out


def submit(
    actor: Actor,
    pk: int,
    data: dict[str, Any],
    *,
    photo: bytes | None = None,
    now: datetime | None = None,
) -> Addendum:
    """The source adds names, warrants, a photo or information to its published notice."""
    names = [n for n in data.get("names") or []]
    warrants = [w for w in data.get("warrants") or []]
    information = str(data.get("information") or "").strip()
    if not (names or warrants or information or photo):
        raise InvalidInput(
            gettext_lazy("Add a name, a warrant, a photo or information."), code="addendum_empty"
        )
    photo_type = checked_type(photo)[0] if photo else ""
    stored = ""
    try:
        with transaction.atomic():
            notice = get_notice(actor, pk, for_update=True)
            _check_source(actor, notice)
            checked = [_warrant(notice, w, n) for n, w in enumerate(warrants)]
            if photo and notice.images.count() >= MAX_IMAGES:
                raise InvalidInput(
                    gettext_lazy("A notice has at most 10 images."), code="image_count", field="photo"
                )
            addendum = Addendum(
                notice=notice,
                names=[{k: (v.strip() if isinstance(v, str) else v) for k, v in n.items()} for n in names],
                warrants=[_plain(w) for w in warrants],
                information=information,
                precheck=precheck.run_addendum(notice, checked, information),
                created_by_id=actor.user_id,  # type: ignore[misc]  # the source is a person
                created_at=now or timezone.now(),
            )
            if photo:
                addendum.photo.save(
                    f"{uuid.uuid4().hex}.{photo_type.split('/')[-1]}", ContentFile(photo), save=False
                )
                stored = addendum.photo.name or ""
                addendum.photo_content_type = photo_type
                addendum.photo_size = len(photo)
                addendum.photo_sha256 = hashlib.sha256(photo).hexdigest()
                addendum.photo_caption = str(data.get("photo_caption") or "").strip()[:200]
            addendum.save()
            record_event(actor, notice, "addendum_submit", notice.state)
            tell([SECRETARIAT], "notice_addendum_new", "notice", notice.pk, params={"addendum": addendum.pk})
    except BaseException:
        if stored:
            image_storage().delete(stored)  # the row was rolled back: the file goes too
        raise
    return addendum


def _check_source(actor: Actor, notice: Notice) -> None:
    if not policy.is_source(actor, notice.owner_country_id or ""):
        raise Forbidden(gettext_lazy("Only the source bureau may do this."), code="notice_source_only")
    if notice.channel != Channel.NOTICE:
        raise InvalidInput(
            gettext_lazy("Addenda are made to notices; send a new diffusion instead."),
            code="addendum_notice_only",
            field="channel",
        )
    if notice.state not in OPEN_TO_ADDENDA:
        raise Conflict(
            gettext_lazy("Addenda are made to a published notice."),
            code="addendum_notice_state",
            field="state",
        )


def _reviewer(actor: Actor) -> None:
    if not (policy.is_reviewer(actor) and policy.writes(actor)):
        raise Forbidden(gettext_lazy("Only a secretariat reviewer may do this."), code="notice_reviewer_only")


def _load(actor: Actor, pk: int, *, for_update: bool = False) -> tuple[Notice, Addendum]:
    row = Addendum.objects.filter(pk=pk).values_list("notice_id", flat=True).first()
    if row is None:
        raise NotFound(gettext_lazy("No addendum %(pk)s."), code="addendum_not_found", pk=pk)
    notice = get_notice(actor, row, for_update=for_update)  # hidden notice: not found either
    qs = Addendum.objects.select_for_update() if for_update else Addendum.objects
    addendum = qs.get(pk=pk)
    if not _sees_all(actor, notice) and addendum.state != AddendumState.APPROVED:
        raise NotFound(gettext_lazy("No addendum %(pk)s."), code="addendum_not_found", pk=pk)
    return notice, addendum


def _sees_all(actor: Actor, notice: Notice) -> bool:
    """The source and the secretariat see addenda in review and refused ones; members see
    approved addenda only."""
    return actor.country is None or actor.country == notice.owner_country_id


@transaction.atomic
def decide(
    actor: Actor, pk: int, *, approve: bool, reason: str = "", now: datetime | None = None
) -> Addendum:
    """Approve (and apply) or refuse an addendum, as a secretariat reviewer."""
    _reviewer(actor)
    notice, addendum = _load(actor, pk, for_update=True)
    if addendum.state != AddendumState.PENDING:
        raise Conflict(
            gettext_lazy("This addendum was already decided."), code="addendum_decided", field="state"
        )
    if not approve and not reason.strip():
        raise InvalidInput(gettext_lazy("Give the reason."), code="reason_missing", field="reason")
    now = now or timezone.now()
    if approve and _first_of_two(actor, notice, addendum, reason, now):
        return addendum
    addendum.state = AddendumState.APPROVED if approve else AddendumState.REFUSED
    addendum.decided_by_id, addendum.decided_at, addendum.reason = actor.user_id, now, reason.strip()
    if approve:
        _apply(notice, addendum)
    addendum.save()
    record_event(actor, notice, "addendum_approve" if approve else "addendum_refuse", notice.state, reason)
    owner = notify.owner_bureau(notice)
    if owner is not None:
        tell(
            [Recipient(bureau_id=owner.pk)],
            "notice_addendum_decided",
            "notice",
            notice.pk,
            params={"addendum": addendum.pk, "approved": approve},
        )
    if approve:
        members = notify.members_who_see(policy.facts_of(notice))
        tell(
            [Recipient(bureau_id=b.pk) for b in members],
            "notice_addendum",
            "notice",
            notice.pk,
            params={"addendum": addendum.pk, "version": addendum.version},
        )
    return addendum


def _first_of_two(actor: Actor, notice: Notice, addendum: Addendum, reason: str, now: datetime) -> bool:
    """Under four eyes, an addendum to a Red notice needs two different reviewers, as the notice
    did. True when this approval is the first."""
    if not settings.POLNET_FOUR_EYES or notice.kind != NoticeKind.RED:
        return False
    if addendum.approved_by_id is None:
        addendum.approved_by_id, addendum.approved_at = actor.user_id, now
        addendum.save(update_fields=["approved_by", "approved_at"])
        record_event(actor, notice, "addendum_first_approval", notice.state, reason)
        return True
    if addendum.approved_by_id == actor.user_id:
        raise Conflict(
            gettext_lazy("You gave the first approval: a second reviewer must give the other."),
            code="four_eyes_same_reviewer",
            field="state",
        )
    return False


def _apply(notice: Notice, addendum: Addendum) -> None:
    """Add what the addendum brings to the notice, make the next version and tell screening."""
    versions.ensure_first(notice)
    changes: list[dict[str, Any]] = []
    if addendum.names:
        start = (notice.names.aggregate(m=Max("position"))["m"] or 0) + 1
        NoticeName.objects.bulk_create(
            NoticeName(notice=notice, position=start + n, **name) for n, name in enumerate(addendum.names)
        )
        changes.append({"what": "names", "added": [_name_text(n) for n in addendum.names]})
    if addendum.warrants:
        start = (notice.warrants.aggregate(m=Max("position"))["m"] or 0) + 1
        rows = [_warrant(notice, _revive(w), start + n) for n, w in enumerate(addendum.warrants)]
        ArrestWarrant.objects.bulk_create(rows)
        changes.append({"what": "warrants", "added": [w.reference or w.charge[:80] for w in rows]})
    if addendum.photo:
        NoticeImage.objects.create(
            notice=notice,
            file=addendum.photo.name,
            content_type=addendum.photo_content_type,
            size=addendum.photo_size,
            sha256=addendum.photo_sha256,
            caption=addendum.photo_caption,
            in_public_extract=False,  # a public extract shows what was reviewed for it
            uploaded_by_id=addendum.created_by_id,
        )
        changes.append({"what": "photo", "added": [addendum.photo_caption]})
    if addendum.information:
        changes.append({"what": "information", "added": [addendum.information[:200]]})
    addendum.version = versions.record(notice, "addendum", addendum=addendum, changes=changes).number
    notice.updated_at = timezone.now()
    notice.save(update_fields=["updated_at"])
    if notice.state in IN_FORCE:
        # Screening re-reads the notice: a new name or alias hits from now on.
        NoticeChange.objects.create(notice_id=notice.pk)


def _name_text(name: dict[str, Any]) -> str:
    text = " ".join(str(name.get(k) or "") for k in ("given", "family")).strip()
    return text or str(name.get("full") or "")


# ---- reading -----------------------------------------------------------------------------------


def for_notice(actor: Actor, notice: Notice) -> list[Addendum]:
    """The addenda the actor may see on a notice it may already read."""
    qs = notice.addenda.order_by("-id")
    if not _sees_all(actor, notice):
        qs = qs.filter(state=AddendumState.APPROVED)
    return list(qs)


def get(actor: Actor, pk: int) -> Addendum:
    require_read_details(actor)
    return _load(actor, pk)[1]


def queue(actor: Actor) -> list[Addendum]:
    """Addenda awaiting the secretariat, oldest first."""
    _reviewer(actor)
    visible = Notice.objects.visible_to(actor).values("pk")
    return list(
        Addendum.objects.filter(state=AddendumState.PENDING, notice__in=visible)
        .select_related("notice")
        .order_by("created_at", "id")
    )


def photo_for(actor: Actor, pk: int) -> tuple[Addendum, bytes]:
    """An addendum's photo, for whoever may see the addendum."""
    addendum = get(actor, pk)
    if not addendum.photo:
        raise NotFound(gettext_lazy("No such image."), code="image_not_found")
    with addendum.photo.open("rb") as fh:
        return addendum, fh.read()
