"""Who else hears of a check once it is done: apps above screening register a listener when they
start (a joint operation's watch list, `polnet.operations.watchlist`), so screening imports none
of them. A listener runs after the check's hits are written, in the checking request; it must
be quick when it has nothing to do, and its failure must not lose the check's answer."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from polnet.core.actor import Actor

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CheckDone:
    """A finished check: who, which kind, what was asked (as logged), and the hits written."""

    actor: Actor
    kind: str
    query: dict[str, Any]
    location: str
    # (kind, record id, hit id) of each candidate the check returned and wrote as a hit.
    hits: tuple[tuple[str, int, int | None], ...] = field(default=())


CheckListener = Callable[[CheckDone], None]
_listeners: list[CheckListener] = []


def register(listener: CheckListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def check_done(done: CheckDone) -> None:
    for listener in list(_listeners):
        try:
            listener(done)
        except Exception:  # one listener's fault must not lose the officer's answer
            log.exception("A check listener failed on a %s check", done.kind)
