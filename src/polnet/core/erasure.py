"""Erasing what other apps derived from a record or notice that is being deleted.

Records and notices sit below the apps that copy or name them (screening's hits and
passenger-list rows, analysis' contributions, graph and resolution pairs), so they cannot
call those apps. Each app that derives something registers an eraser here when it starts
(`AppConfig.ready`); the one deletion path of records and notices calls `erase` inside its
own transaction, so a subject and everything derived from it go together, or not at all.
The kernel knows no domain: a subject is named by its kind ("person", "notice", ...) and id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from django.conf import settings

from polnet.core import audit
from polnet.core.actor import Actor

#: Erase what the app derived from these subjects of one kind; return how many rows it changed.
Eraser = Callable[[str, Sequence[int], Actor], int]

_ERASERS: dict[str, dict[str, Eraser]] = {}


def register(kinds: Iterable[str], name: str, eraser: Eraser) -> None:
    """Let ``eraser`` (named ``name``, e.g. "screening.hits") follow deletions of these kinds."""
    for kind in kinds:
        known = _ERASERS.setdefault(kind, {})
        if name in known and known[name] is not eraser:
            raise ValueError(f"The eraser {name!r} for {kind!r} is registered twice.")
        known[name] = eraser


def erasers(kind: str) -> dict[str, Eraser]:
    return dict(_ERASERS.get(kind, {}))


def erase(kind: str, ids: Sequence[int], actor: Actor) -> dict[str, int]:
    """Run every eraser registered for ``kind`` on ``ids``, in the caller's transaction:
    rows changed, by eraser name."""
    if not ids:
        return {}
    return {name: eraser(kind, ids, actor) for name, eraser in _ERASERS.get(kind, {}).items()}


def log_purge(actor: Actor, kind: str, deleted: list[int], review_before: date) -> None:
    """One summary entry for a chunk that retention deleted (each deletion has its own too)."""
    audit.log(
        actor,
        "retention_purge",
        kind,
        "",
        detail={
            "count": len(deleted),
            "ids": deleted,
            "review_before": review_before.isoformat(),
            "grace_days": settings.POLNET_RETENTION_GRACE_DAYS,
        },
    )
