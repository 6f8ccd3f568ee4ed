"""The main navigation of the web interface, per role.

This decides which links a role is offered, not what it may do: every page enforces
access through the services and the one policy. A link whose page does not exist (an app
left out of the installation) shows as "not yet available" instead of a dead link.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.urls import Resolver404, resolve
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from polnet.analysis.home import analysis_links
from polnet.core.actor import Actor, Role
from polnet.core.policy import reads_records
from polnet.dataprotection.home import dataprotection_links
from polnet.dataprotection.requests.links import request_links
from polnet.messaging.alerts import mailbox_alerts
from polnet.operations.policy import offers_operations
from polnet.screening.confirmation import reads_overdue_queue
from polnet.screening.web.offers import (
    CHECK_URL,
    OVERDUE_URL,
    OWN_HITS_URL,
    OWNER_HITS_URL,
    offers_check,
    own_hits_label,
)

NOTICES_URL = "/notices/"
MESSAGES_URL = "/messages/"
REVIEW_URL = "/notices/review/"
LEARNING_CENTRE_URL = "/training/"
OPERATIONS_URL = "/operations/"


@dataclass(frozen=True)
class NavItem:
    href: str
    label: Promise
    available: bool
    current: bool
    count: int = 0  # unread items behind the link, shown beside it
    urgent: int = 0  # of them, the urgent ones


@lru_cache(maxsize=32)
def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def is_available(path: str) -> bool:
    """Whether a page exists (the URL configuration is fixed once the server runs)."""
    return _resolves(path)


def _links(actor: Actor) -> list[tuple[str, Promise]]:
    if not actor.handles_police_data:  # learners and trainers: the learning centre only
        # A partner's people may also observe joint operations.
        return [("/", _("Home")), (LEARNING_CENTRE_URL, _("Learning centre")), *_operations_links(actor)]
    return _police_links(actor)


def _operations_links(actor: Actor) -> list[tuple[str, Promise]]:
    return [(OPERATIONS_URL, _("Operations"))] if offers_operations(actor) else []


def _police_links(actor: Actor) -> list[tuple[str, Promise]]:
    links: list[tuple[str, Promise]] = [("/", _("Home"))]
    if offers_check(actor):
        links.append((CHECK_URL, _("Check")))
        links.append((OWN_HITS_URL, own_hits_label(actor)))
    # The owner answers its hits: a bureau, or the secretariat's reviewers for its own notices.
    if actor.unit is None and (actor.country is not None or actor.role == Role.SECRETARIAT_REVIEWER):
        links.append((OWNER_HITS_URL, _("Hits on our records")))
    if reads_overdue_queue(actor):
        links.append((OVERDUE_URL, _("Overdue hits")))
    if reads_records(actor):
        links.append(("/records/", _("Records")))
    if actor.country is not None and actor.unit is None:
        links.append((NOTICES_URL, _("Notices")))
    if actor.role == Role.SECRETARIAT_REVIEWER:
        links.append((REVIEW_URL, _("Review queue")))
    # Mailboxes belong to bureaus, units and the secretariat's reviewers.
    if actor.country is not None or actor.role == Role.SECRETARIAT_REVIEWER:
        links.append((MESSAGES_URL, pgettext_lazy("messaging", "Messages")))
    links.extend(_operations_links(actor))
    links.extend(analysis_links(actor))
    links.extend(dataprotection_links(actor))
    links.extend(request_links(actor))
    if reads_records(actor) and actor.unit is None:
        links.append(("/statistics/", _("Statistics")))
    if actor.role != Role.SYSTEM_ADMIN:
        links.append((LEARNING_CENTRE_URL, _("Learning centre")))
    if actor.role == Role.BUREAU_ADMIN:
        links.append(("/bureau/", _("Bureau administration")))
    if actor.role == Role.SYSTEM_ADMIN:
        links.append(("/admin/", _("System administration")))
    return links


def nav_for(actor: Actor, path: str) -> list[NavItem]:
    items = []
    for href, label in _links(actor):
        current = path == href if href == "/" else path.startswith(href)
        count = urgent = 0
        if href == MESSAGES_URL and is_available(href):
            alerts = mailbox_alerts(actor)
            count, urgent = alerts.unread, alerts.urgent
        items.append(NavItem(href, label, is_available(href), current, count, urgent))
    # The longest matching link is the current one (/notices/review/ over /notices/).
    matching = [i for i in items if i.current]
    if len(matching) > 1:
        best = max(matching, key=lambda i: len(i.href))
        items = [NavItem(i.href, i.label, i.available, i is best, i.count, i.urgent) for i in items]
    return items
