"""A record's history: the one module that writes and reads its steps (`RecordEvent`).

Every act on a record (created, changed, expired, located or recovered, cancelled,
reactivated) leaves one step in the act's own transaction, beside its audit entry. A step
names the fields changed, never their values, so reading the history discloses nothing the
record itself does not; a record's steps leave with it when it is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from polnet.core.actor import Actor
from polnet.records.bulk import BulkInserter
from polnet.records.models import Record, RecordEvent


def record_event(
    actor: Actor, kind: str, pk: int, act: str, *, fields: Iterable[str] = (), reason: str = ""
) -> RecordEvent:
    return RecordEvent.objects.create(
        kind=kind,
        record_id=pk,
        act=act,
        fields=sorted(fields),
        reason=reason,
        user_id=actor.user_id,
        actor_name=actor.username,
        affiliation=actor.affiliation,
    )


def record_events(actor: Actor, kind: str, pks: list[int], act: str) -> None:
    """The same step for many records at once (the expiry of overdue records, a batch)."""
    now = timezone.now()
    step = {
        "kind": kind,
        "act": act,
        "user_id": actor.user_id,
        "actor_name": actor.username,
        "affiliation": actor.affiliation,
        "at": now,
    }
    BulkInserter(RecordEvent).insert_tuples(["record_id"], [(pk,) for pk in pks], same=step)


def forget(kind: str, pk: int) -> None:
    RecordEvent.objects.filter(kind=kind, record_id=pk).delete()


@dataclass(frozen=True)
class Step:
    act: str
    at: datetime
    fields: list[str]
    reason: str
    by: str  # the officer's user name, for the owner country; empty for the others


def steps(actor: Actor, rec: Record) -> list[Step]:
    """The history of a record the actor already may read (the caller loaded it through the
    policy), newest first. Other countries read which bureau acted, not which officer."""
    insider = actor.country is None or actor.country == rec.owner_country_id
    events = RecordEvent.objects.filter(kind=rec.RECORD_KIND, record_id=rec.pk, at__gte=rec.created_at)
    return [
        Step(
            act=e.act,
            at=e.at,
            fields=list(e.fields),
            reason=e.reason,
            by=e.actor_name if insider else "",
        )
        for e in events.order_by("-at", "-id")
    ]
