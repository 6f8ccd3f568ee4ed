"""Retention: data is kept until its review date and no longer, without anyone remembering.

Three steps, each safe to run again (`run` does them in order; the jobs in `tasks.py` and
`polnet housekeeping` call it):

1. **warn**: each owner bureau hears, in one notification a day, how many of its records and
   notices reach their review date within `POLNET_RETENTION_NOTICE_DAYS`; each is counted
   once per review date (`review_warned_for`), so a date moved later warns again.
2. **expire**: at the review date records and notices are hidden (`records.services.expire_overdue`,
   `notices.workflow.expire_overdue`).
3. **purge**: `POLNET_RETENTION_GRACE_DAYS` after the review date they are deleted with what
   was derived from them (`records.retention`, `notices.retention`, `core.erasure`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden
from polnet.core.policy import RecordStatus
from polnet.network.models import Bureau
from polnet.notices import retention as notice_retention
from polnet.notices import workflow
from polnet.notices.models import Notice
from polnet.notifications import registry
from polnet.notifications.models import Notification
from polnet.notifications.services import SECRETARIAT, Recipient, has_inbox, inbox_q, notify
from polnet.records import retention as record_retention
from polnet.records import services as record_services
from polnet.records.kinds import KINDS as KINDS_OF_RECORDS

SUBJECT = "retention"  # a notification's subject: the bureau told (its id; 0 for the secretariat)
WARNING = "retention_due"
KINDS = {
    WARNING: _(
        "Review dates within %(days)s days: %(records)s records and %(notices)s notices. "
        "Extend those still needed; the others are hidden at the date and deleted later."
    ),
}
PAGE = "/dataprotection/retention/"
MAX_SHOWN = 1000  # per kind: a bureau with more fixes its review dates in bulk, not on a page


@dataclass
class Warned:
    bureaus: int = 0
    records: int = 0
    notices: int = 0


@dataclass
class RetentionRun:
    """What one run did, for the command line and the job's result."""

    warned: Warned = field(default_factory=Warned)
    expired_records: dict[str, int] = field(default_factory=dict)
    expired_notices: dict[str, int] = field(default_factory=dict)
    purged_records: dict[str, int] = field(default_factory=dict)
    purged_notices: int = 0
    derived: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "warned": vars(self.warned),
            "expired_records": self.expired_records,
            "expired_notices": self.expired_notices,
            "purged_records": self.purged_records,
            "purged_notices": self.purged_notices,
            "derived": self.derived,
        }


def _told_today(recipient: Recipient, today: date) -> bool:
    return Notification.objects.filter(
        kind=WARNING,
        recipient_bureau_id=recipient.bureau_id,
        recipient_unit__isnull=True,
        params__day=today.isoformat(),
    ).exists()


def warn(actor: Actor, today: date | None = None) -> Warned:
    """Tell each owner bureau (the secretariat for its own notices) what reaches its review
    date within the notice period and was not yet warned of: one notification per bureau and
    day, counts only (no names, no ids), with a link to the bureau's list."""
    today = today or timezone.localdate()
    records = record_retention.due_for_warning(today)
    notices = notice_retention.due_for_warning(today)
    countries = {c for c in (*records, *notices) if c is not None}
    bureaus = dict(Bureau.objects.filter(country_id__in=countries).values_list("country_id", "pk"))
    done = Warned()
    for country in sorted(set(records) | set(notices), key=lambda c: c or ""):
        recipient = SECRETARIAT if country is None else Recipient(bureau_id=bureaus.get(country))
        if country is not None and recipient.bureau_id is None:
            continue  # a country without a bureau has no one to tell yet
        with transaction.atomic():
            if _told_today(recipient, today):
                continue  # tomorrow's notification counts them
            by_kind = records.get(country, {}) if country is not None else {}
            notice_ids = notices.get(country, [])
            for kind, ids in by_kind.items():
                record_retention.mark_warned(kind, ids)
            notice_retention.mark_warned(notice_ids)
            counted = sum(len(ids) for ids in by_kind.values())
            params = {
                "days": settings.POLNET_RETENTION_NOTICE_DAYS,
                "records": counted,
                "notices": len(notice_ids),
                "day": today.isoformat(),
            }
            notify([recipient], WARNING, SUBJECT, recipient.bureau_id or 0, params=params)
        done.bureaus += 1
        done.records += counted
        done.notices += len(notice_ids)
    return done


def purge(actor: Actor, today: date | None = None) -> RetentionRun:
    """Only the deletions (the hourly job; expiry has its own jobs)."""
    today = today or timezone.localdate()
    result = RetentionRun()
    purged = record_retention.purge_expired(actor, today)
    result.purged_records = purged.records
    result.purged_notices, derived = notice_retention.purge_expired(actor, today)
    result.derived = dict(purged.derived)
    for name, n in derived.items():
        result.derived[name] = result.derived.get(name, 0) + n
    return result


def run(actor: Actor, today: date | None = None) -> RetentionRun:
    """Warn, expire, purge: all retention work due today, as the system."""
    today = today or timezone.localdate()
    warned = warn(actor, today)
    expired_records = record_services.expire_overdue(actor, today)
    expired_notices = workflow.expire_overdue(actor, today)
    result = purge(actor, today)
    result.warned = warned
    result.expired_records = expired_records
    result.expired_notices = expired_notices
    return result


# ---- the owner's page: what comes up for review, what waits for deletion -------------------------


@dataclass(frozen=True)
class Due:
    kind: str  # a record kind, or "notice"
    pk: int
    review_date: date
    deleted_from: date  # the first day the purge deletes it, unless extended
    expired: bool  # hidden already

    @property
    def url(self) -> str:
        return f"/notices/{self.pk}/" if self.kind == "notice" else f"/records/{self.kind}/{self.pk}/"


def require_owner_inbox(actor: Actor) -> None:
    """The page is for those the warning goes to: a bureau's own people, the secretariat's readers."""
    if actor.unit is not None or not has_inbox(actor):
        raise Forbidden(
            _("Review dates are shown to the owner bureau and the secretariat."),
            code="retention_page_forbidden",
        )


def due_for_owner(actor: Actor, today: date | None = None) -> list[Due]:
    """The actor's bureau's records (the secretariat: its own notices) whose review date falls
    within the notice period, and those hidden already and waiting for deletion: kind, id and
    dates only, so listing them reads no personal data."""
    require_owner_inbox(actor)
    today = today or timezone.localdate()
    first, last = record_retention.warning_window(today)
    grace = timedelta(days=settings.POLNET_RETENTION_GRACE_DAYS + 1)
    found: list[Due] = []
    if actor.country is not None:
        for kind, spec in KINDS_OF_RECORDS.items():
            rows = spec.model.objects.filter(owner_country_id=actor.country).filter(
                Q(record_status=RecordStatus.ACTIVE, review_date__gte=first, review_date__lte=last)
                | Q(record_status=RecordStatus.EXPIRED)
            )
            for pk, review, status in rows.values_list("pk", "review_date", "record_status")[:MAX_SHOWN]:
                found.append(Due(kind, pk, review, review + grace, status == RecordStatus.EXPIRED))
    notices = Notice.objects.filter(owner_country_id=actor.country).filter(
        Q(state__in=notice_retention.STILL_RUNNING, review_date__gte=first, review_date__lte=last)
        | Q(review_date__lt=today)
    )
    for pk, review, state in notices.values_list("pk", "review_date", "state")[:MAX_SHOWN]:
        found.append(Due("notice", pk, review, review + grace, state not in notice_retention.STILL_RUNNING))
    return sorted(found, key=lambda d: (d.review_date, d.kind, d.pk))


def _visible(actor: Actor, ids: Iterable[int] | QuerySet[Any]) -> QuerySet[Any]:
    """A warning is the recipient's own: whoever reads the inbox it went to may open it."""
    rows = Notification.objects.filter(inbox_q(actor), kind=WARNING, subject=SUBJECT, subject_id__in=ids)
    return rows.values("subject_id")


def register() -> None:
    registry.register_subject(SUBJECT, PAGE, _visible)
    registry.register_kinds(SUBJECT, KINDS)
