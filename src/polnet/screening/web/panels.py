"""The bureau's recent-hits panel: the hits `hit_policy` lets it see, newest first.

The panel polls for changes (a new hit, or an outcome reported on one it shows); an answer
with nothing new is empty, so the page stays as it is. Hits that arrived after the page was
opened are marked as new. Each hit is named as `hit_labels` allows: the person's name or the
notice's reference for a reader who may see that record, else its kind and number.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from polnet.core.actor import Actor
from polnet.core.policy import reads_records
from polnet.screening.confirmation import is_overdue
from polnet.screening.hit_labels import hit_labels
from polnet.screening.hit_policy import hits_q
from polnet.screening.models import Hit, HitState
from polnet.screening.web.display import KINDS, RECORD_KINDS, outcome_label

SHOWN = 8
# The live feed (notifications/live.py) refreshes the hits feed at once on a new hit or
# notification; this slow poll is the fallback of a page whose stream is down, and shows a
# change that adds no row (an outcome reported later).
POLL_SECONDS = 15


@dataclass(frozen=True)
class HitRow:
    id: int
    kind_label: str
    record_id: int
    label: str  # the person's name, the notice's reference…, or the kind and number
    url: str
    ours: bool  # a hit on the bureau's own record (else: its officers' or units' hit abroad)
    owner_country: str
    screening_country: str
    location: str
    at: datetime
    score: int  # percent
    outcome: str
    new: bool
    state: str = ""  # the owner's answer
    overdue: bool = False


def has_hit_panel(actor: Actor) -> bool:
    """A National Central Bureau follows the hits on its records (units see their own answers)."""
    return actor.country is not None and actor.unit is None


def hit_panel_context(actor: Actor) -> dict[str, Any]:
    """What a whole page needs for the panel: whether it has one, and its hits."""
    if not has_hit_panel(actor):
        return {"has_hit_panel": False}
    return {"has_hit_panel": True, **hits_panel(actor), **answers_waiting(actor)}


def answers_waiting(actor: Actor) -> dict[str, int]:
    """How many hits on the bureau's records wait for its answer, and of them how many are
    overdue (the link to its list says so)."""
    waiting = Hit.objects.filter(owner_country_id=actor.country, state=HitState.REPORTED)
    return {
        "answers_waiting": waiting.count(),
        "answers_overdue": waiting.filter(due_at__lt=timezone.now()).count(),
    }


def record_url(actor: Actor, hit: Hit) -> str:
    """The page of the record (or notice) hit, for an actor who reads records (else empty)."""
    if hit.kind in RECORD_KINDS and reads_records(actor):
        return f"/records/{hit.kind}/{hit.record_id}/"
    if hit.kind == "notice" and reads_records(actor):
        return f"/notices/{hit.record_id}/"
    return ""


def _row(actor: Actor, hit: Hit, seen: int, labels: dict[int, str]) -> HitRow:
    kind_label = str(KINDS.get(hit.kind, hit.kind))
    return HitRow(
        id=hit.pk,
        kind_label=kind_label,
        record_id=hit.record_id,
        label=labels.get(hit.pk) or f"{kind_label} {hit.record_id}",
        url=record_url(actor, hit),
        ours=hit.owner_country_id is not None and hit.owner_country_id == actor.country,
        owner_country=hit.owner_country_id or "",
        screening_country=hit.screening_country_id or "",
        location=hit.location,
        at=hit.at,
        score=round(hit.score * 100),
        outcome=outcome_label(hit.outcome),
        new=hit.pk > seen,
        state=str(HitState(hit.state).label) if hit.state in HitState.values else hit.state,
        overdue=is_overdue(hit),
    )


def latest_hit_id(actor: Actor) -> int:
    return Hit.objects.filter(hits_q(actor)).order_by("-id").values_list("id", flat=True).first() or 0


def _state(shown: list[tuple[int, str, str]]) -> str:
    """What the panel shows, in short: its hits, their outcomes and the owner's answers."""
    return hashlib.blake2s(repr(shown).encode(), digest_size=8).hexdigest()


def panel_state(actor: Actor) -> str:
    shown = Hit.objects.filter(hits_q(actor)).order_by("-id").values_list("id", "outcome", "state")
    return _state([(i, o, s) for i, o, s in shown[:SHOWN]])


def hits_panel(actor: Actor, seen: int | None = None) -> dict[str, Any]:
    """The panel's context; ``seen`` is the newest hit when the page was opened."""
    hits = list(Hit.objects.filter(hits_q(actor)).order_by("-id")[:SHOWN])
    latest = hits[0].pk if hits else 0
    seen = latest if seen is None else min(seen, latest)
    fresh = Hit.objects.filter(hits_q(actor), pk__gt=seen).count() if latest > seen else 0
    labels = hit_labels(actor, hits)
    return {
        "hit_rows": [_row(actor, h, seen, labels) for h in hits],
        "hits_latest": latest,
        "hits_seen": seen,
        "hits_new": fresh,
        "hits_state": _state([(h.pk, h.outcome, h.state) for h in hits]),
        "poll_seconds": POLL_SECONDS,
    }
