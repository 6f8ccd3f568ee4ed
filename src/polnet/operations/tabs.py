"""The tabs of an operation's pages: one line per part (slug, label, URL name, who sees it).

Each part adds its line here. A tab is shown only to whom `admits(actor, operation)` says
(a rule of `operations/policy.py`, never one re-derived here), and a tab whose URL name is not
installed is left out. The URL name takes the operation's id as its one argument.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.operations import policy
from polnet.operations.models import Operation

Admits = Callable[[Actor, Operation], bool]


def _takes_part(actor: Actor, operation: Operation) -> bool:
    """The operation was loaded through `get_operation`: the actor takes part in it."""
    return True


TABS: list[tuple[str, Promise, str, Admits]] = [
    ("plan", _("Plan"), "operation-plan", _takes_part),
    ("targets", _("Targets"), "operation-targets", policy.reads_personal_data),
    ("board", _("Live board"), "operations-board", _takes_part),
    ("report-new", _("Field reports"), "operation-report-new", policy.may_report),
    ("results", _("Results"), "operation-final-report", _takes_part),
    ("messages", _("Messages"), "operations-messages", policy.takes_part_in_messages),
]


@dataclass(frozen=True)
class Tab:
    slug: str
    label: Promise
    href: str
    current: bool


def tabs_for(actor: Actor, operation: Operation, current: str = "") -> list[Tab]:
    """The tabs the actor may open on an operation it takes part in, `current` marked."""
    out = []
    for slug, label, url_name, admits in TABS:
        if not admits(actor, operation):
            continue
        try:
            href = reverse(url_name, args=[operation.pk])
        except NoReverseMatch:
            continue
        out.append(Tab(slug, label, href, slug == current))
    return out
