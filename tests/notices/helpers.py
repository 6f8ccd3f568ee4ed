"""Notice content for tests, and the lifecycle steps tests need, through the real services."""

from __future__ import annotations

import copy
from typing import Any

from polnet.core.actor import Actor
from polnet.notices import services, workflow
from polnet.notices.models import Notice
from polnet.notices.states import Act
from tests.factories import Network

RED: dict[str, Any] = {
    "kind": "red",
    "language": "en",
    "facts": "Robbed a jewellery shop in Lyon with a firearm on 2 March 2025; fled abroad.",
    "names": [
        {"given": "Viktor", "family": "Petrenko", "script": "Latn"},
        {"given": "Виктор", "family": "Петренко", "script": "Cyrl", "language": "uk"},
    ],
    "date_of_birth": "1981-04-17",
    "sex": "M",
    "nationalities": ["UA"],
    "warrants": [
        {
            "issuing_country": "FR",
            "authority": "Tribunal judiciaire de Lyon",
            "charge": "Armed robbery",
            "law": "Code pénal, article 311-8",
            "max_penalty_months": 240,
        }
    ],
}

YELLOW: dict[str, Any] = {
    "kind": "yellow",
    "language": "fr",
    "facts": "Disparue après l'école; vue pour la dernière fois près de la gare.",
    "names": [{"given": "Léa", "family": "Martin", "script": "Latn"}],
    "date_of_birth": "2009-02",
    "sex": "F",
    "nationalities": ["FR"],
    "details": {
        "disappearance_date": "2025-11-03",
        "disappearance_place": "Lille",
        "disappearance_country": "FR",
    },
}

PURPLE: dict[str, Any] = {
    "kind": "purple",
    "language": "es",
    "subject_type": "method",
    "subject_description": "Cocaína disuelta en el plástico de maletas",
    "facts": "Método de ocultación detectado en el aeropuerto de Madrid.",
    "details": {"modus_operandi": "El plástico se impregna con cocaína y se moldea como maleta."},
}


def content(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    data.update(changes)
    return data


def draft(net: Network, owner: str = "FR-officer", base: dict[str, Any] = RED, **changes: Any) -> Notice:
    return services.create_notice(net.actor(owner), content(base, **changes))


def submit(net: Network, notice: Notice, owner: str = "FR-officer") -> Notice:
    return workflow.perform(net.actor(owner), notice.pk, Act.SUBMIT)


def review(net: Network, notice: Notice) -> Notice:
    return workflow.perform(net.actor("gs-reviewer"), notice.pk, Act.START_REVIEW)


def published(net: Network, owner: str = "FR-officer", base: dict[str, Any] = RED, **changes: Any) -> Notice:
    notice = draft(net, owner, base, **changes)
    submit(net, notice, owner)
    review(net, notice)
    return workflow.publish(net.actor("gs-reviewer"), notice.pk)


def act(actor: Actor, notice: Notice, what: str, reason: str = "because", **kw: Any) -> Notice:
    return workflow.perform(actor, notice.pk, what, reason=reason, **kw)
