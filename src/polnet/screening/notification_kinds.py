"""How the notifications about hits read, where they open, and who may still open them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import partial
from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.notifications import live, registry
from polnet.screening.hit_policy import hit_visible, hits_q

#: What the bell reads of each new hit to know whose pages to wake: who owns, who checked.
HIT_ROUTING = ("owner_country_id", "screening_country_id", "screened_by_id", "unit_id")

HIT_KINDS = {
    "hit_new": _("New hit on one of your records"),
    "hit_confirmed": _("The owner confirmed a hit"),
    "hit_not_same": _("The owner answered that a hit is not the same person or object"),
    "hit_withdrawn": _("A hit was withdrawn"),
    "hit_overdue": _("A hit is waiting for the owner's confirmation past its deadline"),
    "hit_report": _("A hit report arrived"),
}


def visible_hits(actor: Actor, ids: Iterable[int] | QuerySet[Any]) -> QuerySet[Any]:
    from polnet.screening.models import Hit

    return Hit.objects.filter(hits_q(actor), pk__in=ids).values("pk")


def _read_new_hits(actor: Actor, after: int) -> list[tuple[int, str]]:
    from polnet.screening.models import Hit

    ids = Hit.objects.filter(hits_q(actor), pk__gt=after).order_by("pk").values_list("pk", flat=True)[:100]
    return [(pk, json.dumps({"id": pk})) for pk in ids]


def hits_feed(actor: Actor) -> live.Feed:
    """A signed-in page hears of each new hit it may see (its id only): hit lists refresh."""
    return live.Feed(
        "hit",
        "hit",
        lambda row: hit_visible(actor, SimpleNamespace(**row)),  # type: ignore[arg-type]
        partial(_read_new_hits, actor),
        render=lambda row: json.dumps({"id": row["pk"]}),  # no read: the routing said it all
        newest_only=True,
    )


def register() -> None:
    from polnet.screening.models import Hit

    registry.register_subject("hit", "/check/hits/{id}/", visible_hits)
    registry.register_kinds("hit", HIT_KINDS)
    live.register_channel("hit", Hit, HIT_ROUTING)
    live.register_page_feed("hit", hits_feed)
