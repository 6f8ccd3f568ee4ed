"""The links to the requests pages that the main navigation offers a role."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.dataprotection.requests import policy


def request_links(actor: Actor) -> list[tuple[str, Promise]]:
    links: list[tuple[str, Promise]] = []
    if policy.may_register(actor):
        links.append(("/dataprotection/requests/", _("Requests from individuals")))
    if policy.answers_for(actor) is not None:
        links.append(("/dataprotection/consultations/", _("Consultations for your bureau")))
    return links
