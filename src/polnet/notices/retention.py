"""Retention of notices and diffusions, as for records (`records/retention.py`).

A notice is valid until its review date: the warning comes `POLNET_RETENTION_NOTICE_DAYS`
before, at the date a notice in force expires (`workflow.expire_overdue`), and
`POLNET_RETENTION_GRACE_DAYS` after the date the notice is deleted, whatever state it ended
in (expired, withdrawn, cancelled, refused, or a draft never sent), with its history, names,
warrants, images, addenda, versions, sightings and reservations, and what the apps above
derived from it (`core.erasure`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit, erasure
from polnet.core.actor import Actor, Role
from polnet.core.errors import Forbidden
from polnet.notices.after.models import NoticeVersion
from polnet.notices.models import Notice, NoticeChange
from polnet.notices.reading import object_type
from polnet.notices.states import IN_FORCE, State
from polnet.records.retention import CHUNK, purge_before, warning_window

STILL_RUNNING = frozenset({*IN_FORCE, State.SUSPENDED})  # expiry ends these first


def due_for_warning(today: date) -> dict[str | None, list[int]]:
    """Notices in force or suspended, not yet warned of, whose review date falls within the
    notice period: ids by source country code (None: the secretariat's own notices)."""
    first, last = warning_window(today)
    rows = Notice.objects.filter(
        Q(state__in=STILL_RUNNING, review_date__gte=first, review_date__lte=last)
        & (Q(review_warned_for__isnull=True) | ~Q(review_warned_for=F("review_date")))
    ).order_by("pk")
    found: dict[str | None, list[int]] = defaultdict(list)
    for pk, country in rows.values_list("pk", "owner_country_id"):
        found[country].append(pk)
    return dict(found)


def mark_warned(ids: Iterable[int]) -> int:
    return int(Notice.objects.filter(pk__in=list(ids)).update(review_warned_for=F("review_date")))


def erase_notice(actor: Actor, notice: Notice, *, cause: str) -> dict[str, int]:
    """Delete a notice and everything it holds, in the caller's transaction; the audit entry
    names kind, id and cause only. Returns the derived rows the apps above changed."""
    pk, kind = notice.pk, object_type(notice)
    files = [(i.file.storage, i.file.name) for i in notice.images.all() if i.file.name]
    # A request made from this diffusion stays, without the link to what no longer exists.
    Notice.objects.filter(from_diffusion_id=pk).update(from_diffusion=None)
    NoticeVersion.objects.filter(notice_id=pk).delete()  # they hold the addenda, deleted with the notice
    notice.delete()
    derived = erasure.erase("notice", [pk], actor)
    NoticeChange.objects.create(notice_id=pk, removed=True)  # screening drops it
    audit.log(
        actor,
        audit.Action.DELETE,
        kind,
        pk,
        detail={"cause": cause, "derived": {name: n for name, n in derived.items() if n}},
    )
    if files:

        def delete() -> None:  # once the rows are gone for good: a rollback keeps both
            for storage, name in files:
                storage.delete(name)

        transaction.on_commit(delete)
    return derived


def overdue_ids(today: date) -> list[int]:
    rows = Notice.objects.filter(review_date__lt=purge_before(today)).exclude(state__in=STILL_RUNNING)
    return list(rows.order_by("pk").values_list("pk", flat=True))


def purge_expired(
    actor: Actor, today: date | None = None, *, chunk: int = CHUNK
) -> tuple[int, dict[str, int]]:
    """Delete notices past their validity for longer than the grace; (notices deleted,
    derived rows changed by eraser). Chunked and audited as records are."""
    if actor.role != Role.SYSTEM_ADMIN:
        raise Forbidden(_("This happens by itself, at the due date."), code="retention_system_only")
    today = today or timezone.localdate()
    cutoff = purge_before(today)
    ids = overdue_ids(today)
    deleted_total = 0
    derived_total: dict[str, int] = {}
    for start in range(0, len(ids), chunk):
        with transaction.atomic():
            rows = (
                Notice.objects.select_for_update()
                .filter(pk__in=ids[start : start + chunk], review_date__lt=cutoff)
                .exclude(state__in=STILL_RUNNING)
            )
            deleted = []
            for notice in rows.order_by("pk"):
                deleted.append(notice.pk)
                for name, n in erase_notice(actor, notice, cause="retention").items():
                    derived_total[name] = derived_total.get(name, 0) + n
            if deleted:
                erasure.log_purge(actor, "notice", deleted, cutoff)
            deleted_total += len(deleted)
    return deleted_total, derived_total
