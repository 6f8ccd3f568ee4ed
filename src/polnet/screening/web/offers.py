"""What the interface offers a role for border checks: tabs and links, never permissions.

Every check is decided by the services and the one policy; these only spare an officer links
that would lead to a refusal.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.core import policy
from polnet.core.actor import Actor, Role
from polnet.core.kinds import SCREENED_KINDS

CHECK_URL = "/check/"
OWN_HITS_URL = "/check/our-hits/"
OWNER_HITS_URL = "/check/hits/ours/"  # hits on the bureau's records, to answer
OVERDUE_URL = "/check/hits/overdue/"  # the secretariat's queue
# The roles whose work includes checking travellers and objects.
CHECKING_ROLES = frozenset({Role.UNIT_OFFICER, Role.BUREAU_OFFICER, Role.BUREAU_ADMIN})


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
