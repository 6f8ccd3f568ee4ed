"""The main navigation of the web interface, per role.

This decides which links a role is offered, not what it may do: every page enforces
access through the services and the one policy. Pages that other parts of the system
will provide (the border check, notices, the review queue) are listed already; until
their URL exists they show as "not yet available" instead of a dead link.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.urls import Resolver404, resolve
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from polnet.core import policy
from polnet.core.actor import Actor, Role

CHECK_URL = "/check/"
OWN_HITS_URL = "/check/our-hits/"
NOTICES_URL = "/notices/"
REVIEW_URL = "/notices/review/"
# The databases a border check queries, and the roles whose work includes checking.
SCREENED_KINDS = ("person", "document", "vehicle", "firearm")
CHECKING_ROLES = frozenset({Role.UNIT_OFFICER, Role.BUREAU_OFFICER, Role.BUREAU_ADMIN})


@dataclass(frozen=True)
class NavItem:
    href: str
    label: Promise
    available: bool
    current: bool


@lru_cache(maxsize=32)
def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def is_available(path: str) -> bool:
    """Whether a page exists yet (the URL configuration is fixed once the server runs)."""
    return _resolves(path)


def reads_records(actor: Actor) -> bool:
    """Whether record pages are worth offering: the system administrator and hit/no-hit units
    would only meet a refusal there."""
    return actor.role != Role.SYSTEM_ADMIN and policy.discloses_details(actor)


def checkable_kinds(actor: Actor) -> list[str]:
    """The databases the actor's check page offers: those the policy lets it screen."""
    if actor.role not in CHECKING_ROLES:
        return []
    return [kind for kind in SCREENED_KINDS if policy.may_screen(actor, kind)]


def offers_check(actor: Actor) -> bool:
    """Whether the border check page is worth offering (the services decide each query)."""
    return bool(checkable_kinds(actor))


def has_own_hits(actor: Actor) -> bool:
    """Whether the actor's work includes checks, and so hits of its own to report on (a unit's
    hits are its own; a bureau officer's are those of the checks they made)."""
    return actor.role in CHECKING_ROLES


def own_hits_label(actor: Actor) -> Promise:
    return _("Our hits") if actor.unit is not None else _("My hits")


def _links(actor: Actor) -> list[tuple[str, Promise]]:
    links: list[tuple[str, Promise]] = [("/", _("Home"))]
    if offers_check(actor):
        links.append((CHECK_URL, _("Check")))
        links.append((OWN_HITS_URL, own_hits_label(actor)))
    if reads_records(actor):
        links.append(("/records/", _("Records")))
    if actor.country is not None and actor.unit is None:
        links.append((NOTICES_URL, _("Notices")))
    if actor.role == Role.SECRETARIAT_REVIEWER:
        links.append((REVIEW_URL, _("Review queue")))
    if actor.country is not None:  # mailboxes belong to bureaus and units
        links.append(("/messages/", pgettext_lazy("messaging", "Messages")))
    if reads_records(actor) and actor.unit is None:
        links.append(("/statistics/", _("Statistics")))
    if actor.role == Role.BUREAU_ADMIN:
        links.append(("/bureau/", _("Bureau administration")))
    if actor.role == Role.SYSTEM_ADMIN:
        links.append(("/admin/", _("System administration")))
    return links


def nav_for(actor: Actor, path: str) -> list[NavItem]:
    items = []
    for href, label in _links(actor):
        current = path == href if href == "/" else path.startswith(href)
        items.append(NavItem(href, label, is_available(href), current))
    # The longest matching link is the current one (/notices/review/ over /notices/).
    matching = [i for i in items if i.current]
    if len(matching) > 1:
        best = max(matching, key=lambda i: len(i.href))
        items = [NavItem(i.href, i.label, i.available, i is best) for i in items]
    return items
