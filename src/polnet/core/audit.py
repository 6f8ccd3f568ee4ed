"""The one audit service: every create, change, delete and read of personal data.

Entries are written in the caller's transaction (so a rolled-back act leaves no entry
and a committed act always has one) and hash-chained: each entry's hash covers its
content and the previous entry's hash. `verify_chain` finds the first entry that was
altered, inserted or removed.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from polnet.core.actor import Actor
from polnet.core.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64
# Entries that seal rows kept elsewhere (object_type -> check returning a problem or None).
_seal_verifiers: dict[str, Callable[[AuditEntry], str | None]] = {}


def register_seal_verifier(object_type: str, verifier: Callable[[AuditEntry], str | None]) -> None:
    _seal_verifiers[object_type] = verifier


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    READ = "read"
    SEARCH = "search"
    EXPORT = "export"
    BULK_CREATE = "bulk_create"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    GRANT = "grant"
    REVOKE = "revoke"
    SCREEN = "screen"


def _canonical(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _content(e: AuditEntry) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "at": e.at.isoformat(),
        "user": e.user_id,
        "actor_name": e.actor_name,
        "actor_role": e.actor_role,
        "affiliation": e.affiliation,
        "action": e.action,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "purpose": e.purpose,
        "origin": e.origin,
        "request_id": e.request_id,
        "detail": e.detail,
    }


def entry_hash(e: AuditEntry, prev_hash: str) -> str:
    return hashlib.sha256(prev_hash.encode() + _canonical(_content(e))).hexdigest()


def hold_chain() -> None:
    """Lock the chain's head for the rest of the current transaction: appends wait."""
    AuditHead.objects.select_for_update().get_or_create(id=1, defaults={"seq": 0, "hash": GENESIS_HASH})


def log(
    actor: Actor,
    action: Action | str,
    object_type: str,
    object_id: object = "",
    *,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the current transaction (opening one if there is none)."""
    entry = AuditEntry(
        user_id=actor.user_id,
        actor_name=actor.username,
        actor_role=str(actor.role),
        affiliation=actor.affiliation,
        action=str(action),
        object_type=object_type,
        object_id=str(object_id),
        purpose=purpose,
        origin=actor.origin[:64],
        request_id=actor.request_id[:64],
        detail=detail or {},
    )
    return _append(entry)


def log_anonymous(
    action: Action, object_type: str, *, origin: str, request_id: str, detail: dict[str, Any]
) -> AuditEntry:
    """An act by someone not signed in (a failed sign-in): no user, role or affiliation."""
    entry = AuditEntry(
        actor_name="anonymous",
        action=str(action),
        object_type=object_type,
        origin=origin[:64],
        request_id=request_id[:64],
        detail=detail,
    )
    return _append(entry)


def _append(entry: AuditEntry) -> AuditEntry:
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            id=1, defaults={"seq": 0, "hash": GENESIS_HASH}
        )
        entry.seq = head.seq + 1
        entry.at = timezone.now()
        entry.prev_hash = head.hash
        entry.hash = entry_hash(entry, head.hash)
        entry.save(force_insert=True)
        head.seq = entry.seq
        head.hash = entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    entry_id: int | None
    problem: str

    def __str__(self) -> str:
        return f"entry #{self.seq} (id {self.entry_id}): {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _entries(batch: int = 5000) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify_chain() -> ChainReport:
    """Walk the chain from the start; report the first entry that does not fit."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for e in _entries():
        if e.seq != expected_seq:
            kind = "missing entries before it" if e.seq > expected_seq else "out of order"
            return ChainReport(checked, ChainProblem(e.seq, e.pk, f"{kind} (expected #{expected_seq})"))
        if e.prev_hash != prev_hash:
            return ChainReport(
                checked,
                ChainProblem(
                    e.seq,
                    e.pk,
                    "does not link to the entry before it (inserted, or the one before was removed)",
                ),
            )
        if entry_hash(e, prev_hash) != e.hash:
            return ChainReport(checked, ChainProblem(e.seq, e.pk, "content altered (hash mismatch)"))
        sealed = _seal_verifiers.get(e.object_type)
        problem = sealed(e) if sealed else None
        if problem:
            return ChainReport(checked, ChainProblem(e.seq, e.pk, problem))
        prev_hash = e.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    head_seq = head.seq if head else 0
    head_hash = head.hash if head else GENESIS_HASH
    if head_seq != checked or head_hash != prev_hash:
        return ChainReport(
            checked,
            ChainProblem(checked + 1, None, f"entries after #{checked} were removed (head says #{head_seq})"),
        )
    return ChainReport(checked, None)


def signed_in_from(user_id: int, origin: str, since: datetime) -> bool:
    """Whether the user signed in from this client address since then."""
    return AuditEntry.objects.filter(
        user_id=user_id, action=Action.LOGIN, origin=origin[:64], at__gte=since
    ).exists()


def last_entries(limit: int = 20) -> list[AuditEntry]:
    return list(AuditEntry.objects.order_by("-seq")[:limit])
