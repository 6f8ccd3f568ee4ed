"""The watch list of active operations: every finished check at a participating post (or by a
participating bureau) is screened against the operation's targets, and each target found is
flagged as an operation hit and sent to the coordinator (docs/operations.md, "The watch list").

Most checks happen outside any operation, so the participation of the active operations is
held in memory (refreshed at most every `REFRESH_SECONDS`, dropped by `forget()` when a phase
or participants change): such a check costs no query at all."""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.notifications import registry
from polnet.notifications.services import SECRETARIAT, Recipient, notify
from polnet.operations import policy
from polnet.operations.models import Operation, OperationHit, Participant, Phase, Target, TargetKind
from polnet.screening import listeners

REFRESH_SECONDS = 30.0

#: The logged query fields compared with operation-only targets' identifiers.
IDENTIFIER_FIELDS = ("number", "vin", "plate", "serial")
OPERATION_ONLY = (TargetKind.VESSEL, TargetKind.CONTAINER, TargetKind.PLATE, TargetKind.OTHER)

HIT_KINDS = {"operation_hit": _("Operation %(code_name)s: a check found a target: %(target)s")}


@dataclass(frozen=True, slots=True)
class _Participation:
    # country -> {operation id -> the ids of the units it put on that operation}
    by_country: dict[str, dict[int, frozenset[int]]]
    loaded_at: float


_lock = threading.Lock()
_cache: _Participation | None = None


def forget() -> None:
    """Drop the cached participation: the next check reads it anew."""
    global _cache
    with _lock:
        _cache = None


def _participation() -> dict[str, dict[int, frozenset[int]]]:
    global _cache
    now = time.monotonic()
    cached = _cache
    if cached is not None and now - cached.loaded_at < REFRESH_SECONDS:
        return cached.by_country
    by_country: dict[str, dict[int, set[int]]] = defaultdict(dict)
    rows = Participant.objects.filter(operation__phase=Phase.ACTIVE).values_list(
        "operation_id", "country_id", "units"
    )
    for operation_id, country, unit_id in rows:
        units = by_country[country].setdefault(operation_id, set())
        if unit_id is not None:
            units.add(unit_id)
    frozen = {c: {op: frozenset(u) for op, u in ops.items()} for c, ops in by_country.items()}
    with _lock:
        _cache = _Participation(frozen, now)
    return frozen


def operations_of(actor: Actor) -> list[int]:
    """The active operations the checking actor takes part in: as a post (its unit is on the
    operation) or as a participating bureau (no unit, its country participates)."""
    if actor.country is None or actor.partner_id is not None:
        return []
    mine = _participation().get(actor.country)
    if not mine:
        return []
    if actor.unit is None:
        return sorted(mine) if actor.bureau_id is not None else []
    return sorted(op for op, units in mine.items() if actor.unit.unit_id in units)


def normalised(value: object) -> str:
    """Identifiers compare in upper case without spaces, dashes, dots or slashes."""
    return re.sub(r"[\s\-./]", "", str(value or "")).upper()


def _on_check(done: listeners.CheckDone) -> None:
    operation_ids = operations_of(done.actor)
    if operation_ids:
        flag(done, operation_ids)


def flag(done: listeners.CheckDone, operation_ids: list[int]) -> list[OperationHit]:
    """Write the operation hits of one check and notify the coordinators."""
    records = {(kind, record_id): hit_id for kind, record_id, hit_id in done.hits}
    identifiers = {normalised(done.query.get(f)) for f in IDENTIFIER_FIELDS} - {""}
    wanted = Q(pk__in=[])
    for kind, record_id in records:
        wanted |= Q(kind=kind, record_id=record_id)
    if identifiers:
        wanted |= Q(kind__in=OPERATION_ONLY, record_id__isnull=True)
    country, user_id = done.actor.country, done.actor.user_id
    if (not records and not identifiers) or country is None or user_id is None:
        return []
    targets = Target.objects.filter(wanted, operation_id__in=operation_ids).select_related(
        "operation__coordinator"
    )
    found: list[OperationHit] = []
    seen: set[int] = set()  # one operation hit per target and check
    for target in targets:
        if target.pk in seen or target.operation.phase != Phase.ACTIVE:
            continue
        if target.record_id is None:
            if normalised(target.identifier) not in identifiers:
                continue
            hit_id = None
        else:
            hit_id = records[(target.kind, target.record_id)]
        seen.add(target.pk)
        found.append(
            OperationHit(
                operation=target.operation,
                target=target,
                hit_id=hit_id,
                country_id=country,
                unit_id=done.actor.unit.unit_id if done.actor.unit else None,
                checked_by_id=user_id,
                location=done.location[:200],
            )
        )
    if not found:
        return []
    with transaction.atomic():
        for row in found:
            row.save()
            coordinator = row.operation.coordinator
            to = SECRETARIAT if coordinator is None else Recipient(bureau_id=coordinator.pk)
            notify(
                [to],
                "operation_hit",
                "operation_hit",
                row.pk,
                params={"code_name": row.operation.code_name, "target": row.target.label},
                urgent=True,
            )
    return found


def _visible_for_inbox(actor: Actor, ids: Any) -> QuerySet[Any]:
    return OperationHit.objects.filter(policy.operation_hits_q(actor), pk__in=ids).values("pk")


def _on_operation_change(**_: object) -> None:
    forget()


def register() -> None:
    listeners.register(_on_check)
    registry.register_subject("operation_hit", "/operations/hits/{id}/", _visible_for_inbox)
    registry.register_kinds("operation_hit", HIT_KINDS)
    # A phase moved or participants changed: the next check reads the participation anew.
    post_save.connect(_on_operation_change, sender=Operation, dispatch_uid="watchlist-op-save")
    post_delete.connect(_on_operation_change, sender=Operation, dispatch_uid="watchlist-op-del")
    post_save.connect(_on_operation_change, sender=Participant, dispatch_uid="watchlist-part-save")
    post_delete.connect(_on_operation_change, sender=Participant, dispatch_uid="watchlist-part-del")
    m2m_changed.connect(
        _on_operation_change, sender=Participant.units.through, dispatch_uid="watchlist-part-units"
    )
