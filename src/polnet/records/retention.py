"""Retention of records: the warning before the review date, and deletion after the grace.

At the review date a record is hidden (`services.expire_overdue`); `POLNET_RETENTION_GRACE_DAYS`
days after that date it is deleted through `services.erase_record`, the same path as the
owner's own deletion, so what the apps above derived from it goes with it. The warning
itself is sent by the data-protection app, which may write notifications (this floor may
not): here are only the facts it needs and the marker that it was sent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import erasure
from polnet.core.actor import Actor, Role
from polnet.core.errors import Forbidden
from polnet.core.policy import RecordStatus
from polnet.records import services
from polnet.records.kinds import KINDS

CHUNK = 200  # records deleted per transaction: a long purge never holds the audit chain long


def warning_window(today: date) -> tuple[date, date]:
    """Review dates that call for a warning today: from today to the notice period's end."""
    return today, today + timedelta(days=settings.POLNET_RETENTION_NOTICE_DAYS)


def purge_before(today: date) -> date:
    """Records whose review date is before this day have been hidden for the whole grace."""
    return today - timedelta(days=settings.POLNET_RETENTION_GRACE_DAYS)


def _unwarned(today: date) -> Q:
    first, last = warning_window(today)
    return Q(record_status=RecordStatus.ACTIVE, review_date__gte=first, review_date__lte=last) & (
        Q(review_warned_for__isnull=True) | ~Q(review_warned_for=F("review_date"))
    )


def due_for_warning(today: date) -> dict[str, dict[str, list[int]]]:
    """Records not yet warned of whose review date falls within the notice period:
    ids by owner country code, then by kind."""
    found: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for kind, spec in KINDS.items():
        rows = spec.model.objects.filter(_unwarned(today)).order_by("pk")
        for pk, country in rows.values_list("pk", "owner_country_id"):
            found[country].setdefault(kind, []).append(pk)
    return dict(found)


def mark_warned(kind: str, ids: Iterable[int]) -> int:
    """Remember that the owner was warned of these records' present review dates."""
    model = KINDS[kind].model
    return int(model.objects.filter(pk__in=list(ids)).update(review_warned_for=F("review_date")))


@dataclass
class Purged:
    """What a purge deleted: records by kind, and derived rows changed by eraser."""

    records: dict[str, int] = field(default_factory=dict)
    derived: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.records.values())


def _require_system(actor: Actor) -> None:
    if actor.role != Role.SYSTEM_ADMIN:
        raise Forbidden(_("This happens by itself, at the due date."), code="retention_system_only")


def overdue_ids(kind: str, today: date) -> list[int]:
    """Expired records of a kind whose review date is more than the grace ago."""
    model = KINDS[kind].model
    rows = model.objects.filter(record_status=RecordStatus.EXPIRED, review_date__lt=purge_before(today))
    return list(rows.order_by("pk").values_list("pk", flat=True))


def purge_expired(actor: Actor, today: date | None = None, *, chunk: int = CHUNK) -> Purged:
    """Delete the records expired for longer than the grace, with what was derived from them.

    In chunks of ``chunk`` records, each chunk one transaction: one audit entry per record
    (kind, id, purpose, cause) and one summary entry per chunk. A record extended (its review
    date moved) or reactivated since it was listed is left alone."""
    _require_system(actor)
    today = today or timezone.localdate()
    done = Purged()
    cutoff = purge_before(today)
    for kind, spec in KINDS.items():
        ids = overdue_ids(kind, today)
        done.records[kind] = 0
        for start in range(0, len(ids), chunk):
            with transaction.atomic():
                rows = spec.model.objects.select_for_update().filter(
                    pk__in=ids[start : start + chunk],
                    record_status=RecordStatus.EXPIRED,
                    review_date__lt=cutoff,
                )
                deleted = []
                for rec in rows.order_by("pk"):
                    deleted.append(rec.pk)  # before the deletion empties it
                    derived = services.erase_record(actor, kind, rec, cause="retention")
                    for name, n in derived.items():
                        done.derived[name] = done.derived.get(name, 0) + n
                if deleted:
                    erasure.log_purge(actor, kind, deleted, cutoff)
                done.records[kind] += len(deleted)
    return done
