"""How fast owners answer their hits: the time from a hit to the owner's answer.

A bureau reads its own figures (the hits on its records); the secretariat's readers read the
whole network's. Only the owner's answers count (confirmed, not the same): a withdrawn hit
was never the owner's to answer. "On time" is the share of those answers given by the
deadline, among hits that had one (hits older than deadlines have none). Figures carry no
personal data.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext

from polnet.core.actor import Actor
from polnet.core.policy import SECRETARIAT_READERS
from polnet.screening.confirmation import OWNER_ANSWERS
from polnet.screening.models import Hit, HitState


@dataclass(frozen=True)
class AnswerTimes:
    answered: int
    waiting: int
    median: timedelta | None
    p90: timedelta | None
    on_time: float | None  # 0..1, None when no answered hit had a deadline

    @property
    def median_text(self) -> str:
        return duration_text(self.median)

    @property
    def p90_text(self) -> str:
        return duration_text(self.p90)

    @property
    def on_time_percent(self) -> int | None:
        return None if self.on_time is None else round(self.on_time * 100)


def duration_text(span: timedelta | None) -> str:
    """A duration to the minute in the reader's language ("2 h 05 min"); a dash for none."""
    if span is None:
        return "—"
    minutes = round(span.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return gettext("%(hours)s h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return gettext("%(minutes)s min") % {"minutes": minutes}


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``share`` of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def answer_times(actor: Actor) -> AnswerTimes | None:
    """The figures the actor may read: its bureau's as an owner, or the whole network's for the
    secretariat; None for anyone else (a unit answers for no record)."""
    if actor.unit is not None or (actor.country is None and actor.role not in SECRETARIAT_READERS):
        return None
    hits = Hit.objects.all() if actor.country is None else Hit.objects.filter(owner_country_id=actor.country)
    rows: list[tuple[datetime, datetime, datetime | None]] = [
        (at, answered, due_at)
        for at, answered, due_at in hits.filter(state__in=OWNER_ANSWERS).values_list(
            "at", "state_at", "due_at"
        )
        if answered is not None
    ]
    seconds = [(answered - at).total_seconds() for at, answered, _ in rows]
    due = [(answered, due_at) for _, answered, due_at in rows if due_at is not None]
    return AnswerTimes(
        answered=len(rows),
        waiting=hits.filter(state=HitState.REPORTED).count(),
        median=timedelta(seconds=statistics.median(seconds)) if seconds else None,
        p90=timedelta(seconds=percentile(seconds, 0.9)) if seconds else None,
        on_time=sum(answered <= due_at for answered, due_at in due) / len(due) if due else None,
    )
