"""The learning centre's own menu: which of its parts a person is offered.

It decides what is offered, not what is allowed: every page applies `training/policy.py`."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor, Role
from polnet.training import policy


def _measures(actor: Actor) -> bool:
    """Reads plans and the dashboard: the secretariat's people, partners, bureau administrators."""
    if actor.partner_id is not None or actor.is_secretariat:
        return True
    return actor.role == Role.BUREAU_ADMIN and actor.unit is None


def training_links(actor: Actor) -> list[tuple[str, Promise]]:
    if not policy.uses_training(actor):
        return []
    links: list[tuple[str, Promise]] = [
        ("/training/catalogue/", _("Catalogue")),
        ("/training/certificates/", _("My certificates")),
        ("/training/sessions/", _("Classroom sessions")),
    ]
    if policy.practises_in_sandbox(actor):
        links.append(("/training/sandbox/", _("Training sandbox")))
    if policy.may_author(actor):
        links += [
            ("/training/author/", _("Write courses")),
            ("/training/packages/import/", _("Import a course package")),
        ]
    if policy.manages_staff(actor):
        links.append(("/training/staff/", _("My staff's training")))
    if policy.sets_requirements(actor):
        links.append(("/training/requirements/", _("Required certificates")))
    if _measures(actor):
        links += [
            ("/training/plans/", _("Capacity-building plans")),
            ("/training/dashboard/", _("Performance dashboard")),
        ]
    return links
