"""Raising the alerts (the rules are in `rules.py`) and wording why, in the reader's language."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polnet.core import audit
from polnet.core.actor import Actor, system_actor
from polnet.dataprotection.console import rules
from polnet.dataprotection.console.models import Alert, AlertKind
from polnet.network.models import User


def findings(start: datetime, end: datetime) -> list[rules.Finding]:
    """Every rule over every whole window between start and end."""
    found: list[rules.Finding] = []
    for day_start, day_end in rules.days(start, end):
        found += rules.read_volume(day_start, day_end)
        found += rules.off_pattern(day_start, day_end)
        found += rules.restricted_reads(day_start, day_end)
    for hour_start, hour_end in rules.hours(start, end):
        found += rules.fishing(hour_start, hour_end)
    return found


def scan(*, now: datetime | None = None, days: int = 1, actor: Actor | None = None) -> list[Alert]:
    """Raise the alerts of the last `days` whole days (and whole hours); a window that alerted
    before is not raised again. Returns the new alerts."""
    now = now or timezone.now()
    start = (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    found = findings(start, now)
    known = set(Alert.objects.filter(key__in=[f.key for f in found]).values_list("key", flat=True))
    users = set(
        User.objects.filter(pk__in={f.user_id for f in found if f.user_id}).values_list("pk", flat=True)
    )
    raised: list[Alert] = []
    for f in found:
        if f.key in known:
            continue
        alert = Alert(
            kind=f.kind,
            key=f.key,
            subject_user_id=f.user_id if f.user_id in users else None,
            subject_name=f.subject_name,
            affiliation=f.affiliation,
            country_id=rules.country_of(f.affiliation),
            concerns_country_id=f.concerns_country,
            window_start=f.window_start,
            window_end=f.window_end,
            figures=f.figures,
            raised_at=now,
        )
        try:
            with transaction.atomic():
                alert.save(force_insert=True)
                audit.log(
                    actor or system_actor("job"),
                    audit.Action.CREATE,
                    "dp_alert",
                    alert.pk,
                    purpose="data_protection",
                    detail={"kind": f.kind},
                )
        except IntegrityError:  # raised meanwhile by another scan
            continue
        known.add(f.key)
        raised.append(alert)
    return raised


def _hours(values: list[int]) -> str:
    return ", ".join(f"{h:02d}:00" for h in values) or "-"


def explain(alert: Alert) -> str:
    """Why the alert was raised, with its figures, in the active language."""
    f = alert.figures
    if alert.kind == AlertKind.READ_VOLUME:
        return _(
            "%(user)s read %(reads)s records in the day. Other users of the same role (%(peers)s) "
            "read %(median)s in the median; the alert threshold is the larger of %(factor)s times "
            "that and %(floor)s, that is %(threshold)s."
        ) % {"user": alert.subject_name, **f}
    if alert.kind == AlertKind.OFF_HOURS:
        parts = []
        if f.get("off_hours", 0) >= rules.OFF_PATTERN_MIN:
            parts.append(
                _(
                    "%(count)s of the unit's %(searches)s checks in the day were made at %(at)s (UTC), "
                    "outside its usual hours (%(usual)s), learned from %(learned)s checks over %(days)s days."
                )
                % {
                    "count": f["off_hours"],
                    "searches": f["searches"],
                    "at": _hours(f["at_hours"]),
                    "usual": _hours(f["usual_hours"]),
                    "learned": f["learned_from"],
                    "days": f["learning_days"],
                }
            )
        if f.get("off_kinds", 0) >= rules.OFF_PATTERN_MIN:
            parts.append(
                _("%(count)s checks were of kinds the unit did not check in those days (%(kinds)s).")
                % {"count": f["off_kinds"], "kinds": ", ".join(f["new_kinds"])}
            )
        if f.get("users"):
            parts.append(_("Made by: %(users)s.") % {"users": ", ".join(f["users"])})
        return " ".join(parts)
    if alert.kind == AlertKind.FISHING:
        return ngettext(
            "%(user)s made %(searches)s checks of near-identical names within an hour, in %(variants)s "
            "spelling (for example: %(examples)s).",
            "%(user)s made %(searches)s checks of near-identical names within an hour, in %(variants)s "
            "spellings (for example: %(examples)s).",
            f["variants"],
        ) % {
            "user": alert.subject_name,
            "searches": f["searches"],
            "variants": f["variants"],
            "examples": "; ".join(f["examples"]),
        }
    if alert.kind == AlertKind.RESTRICTED_READ:
        return _(
            "%(user)s, outside the owner bureau (%(owner)s), read %(reads)s restricted records in the day: "
            "%(only_listed)s restricted to listed countries that do not include the reader's, "
            "%(h2)s with handling code H2, %(h3)s with H3. Records: %(records)s."
        ) % {"user": alert.subject_name, **f, "records": ", ".join(f["records"])}
    return ""
