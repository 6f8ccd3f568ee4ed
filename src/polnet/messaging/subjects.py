"""What a message may be about: the kinds of its signed, in-the-clear reference ("hit:123",
"operation:7"), and the parts above messaging that check and name them.

Messaging sits below the apps whose things a message points to, so those apps register here
when they start (`operations/apps.py` registers "operation"), and messaging imports none of
them. A registered kind's check runs inside the sending transaction, before anything is
written, and refuses with a `PolnetError`; its labeller names the things the reader may see.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from polnet.core.actor import Actor

# A hit needs no check: the reference only points, and the hit report applies its own rules.
BUILT_IN = ("hit",)
_NUMBER = re.compile(r"[1-9][0-9]{0,17}", re.ASCII)


@dataclass(frozen=True, slots=True)
class Sending:
    """A message about to be stored: who sends it, from which mailbox, to whom, in which thread."""

    actor: Actor
    kind: str
    number: int
    message_id: str
    thread: str
    in_reply_to: str | None  # the parent's id; the parent is visible to the sender's mailbox
    sender: str  # the sender's mailbox address
    to: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Label:
    text: str
    url: str


Check = Callable[[Sending], None]
# The labels of the given numbers that the actor may see; the others are left out.
Labeller = Callable[[Actor, set[int]], dict[int, Label]]

_checks: dict[str, Check] = {}
_labellers: dict[str, Labeller] = {}


def register(kind: str, check: Check, labeller: Labeller | None = None) -> None:
    _checks[kind] = check
    if labeller is not None:
        _labellers[kind] = labeller


def kinds() -> tuple[str, ...]:
    return (*BUILT_IN, *sorted(_checks))


def split(reference: str) -> tuple[str, int] | None:
    """("operation", 7) for "operation:7"; None for an empty or malformed one."""
    kind, _, number = reference.partition(":")
    if kind not in kinds() or not _NUMBER.fullmatch(number):
        return None
    return kind, int(number)


def check(sending: Sending) -> None:
    found = _checks.get(sending.kind)
    if found is not None:
        found(sending)


def labels(actor: Actor, references: Iterable[str]) -> dict[str, Label]:
    """The label and page of each reference the actor may follow, one query per kind at most."""
    wanted: dict[str, set[int]] = {}
    for reference in references:
        parts = split(reference)
        if parts is not None and parts[0] in _labellers:
            wanted.setdefault(parts[0], set()).add(parts[1])
    out: dict[str, Label] = {}
    for kind, numbers in wanted.items():
        for number, label in _labellers[kind](actor, numbers).items():
            out[f"{kind}:{number}"] = label
    return out
