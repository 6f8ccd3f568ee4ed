"""Who may analyse, and which projects an analyst sees: only those their party takes part in.

What a project holds is read through the owners' own policies (`core/policy.py`,
`notices/policy.py`, `screening/hit_policy.py`); this adds only the project's door.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from polnet.core.actor import Actor, Role, TokenScope


def may_analyse(actor: Actor) -> bool:
    """An analyst of a bureau or of the secretariat, signed in or with an analysis token."""
    return actor.role == Role.ANALYST and actor.unit is None and actor.allows_scope(TokenScope.ANALYSIS)


def projects_q(actor: Actor) -> Q:
    """The projects the actor's party (its bureau, or the secretariat) takes part in."""
    if not may_analyse(actor):
        return Q(pk__in=[])
    if actor.country is None:
        return Q(participations__country__isnull=True)
    return Q(participations__country_id=actor.country)


# ---- what a participant reads of the contributions -------------------------------------------


def same_party(actor: Actor, country: str | None) -> bool:
    """Whether a party (a country, or None for the secretariat) is the actor's own."""
    return country == actor.country


def party_q(actor: Actor, field: str = "country") -> Q:
    """Rows of the actor's party: its bureau's country, or the secretariat (no country)."""
    if actor.country is None:
        return Q(**{f"{field}__isnull": True})
    return Q(**{f"{field}_id": actor.country})


def text_q(actor: Actor) -> Q:
    """A text contribution is read by its own party, by every participant when it says so,
    and else only by the participant countries it lists."""
    if not may_analyse(actor):
        return Q(pk__in=[])
    q = party_q(actor) | Q(restriction="all")
    if actor.country is not None:
        q |= Q(restriction="only_listed", listed_countries__code=actor.country)
    return q


def objects_by_kind(actor: Actor) -> dict[str, QuerySet[Any]]:
    """For each contributed kind, what the actor may see of it, by the owner's own policy:
    records (`core/policy.py`), notices (`notices/policy.py`), hits (`screening/hit_policy.py`),
    and a passenger-list hit row when every hit of that row is one the actor may see."""
    from polnet.notices.models import Notice
    from polnet.records.models import RECORD_MODELS
    from polnet.screening import hit_policy
    from polnet.screening.models import BatchRow, Hit, RowState

    if not may_analyse(actor):
        return {}
    out: dict[str, QuerySet[Any]] = {
        kind: model.objects.visible_to(actor) for kind, model in RECORD_MODELS.items()
    }
    out["notice"] = Notice.objects.visible_to(actor)
    hits = Hit.objects.filter(hit_policy.hits_q(actor))
    out["hit"] = hits
    of_row = {"batch_id": OuterRef("batch_id"), "batch_row": OuterRef("row")}
    out["list_row"] = (
        BatchRow.objects.filter(state=RowState.CHECKED)
        .filter(Exists(hits.filter(**of_row)))
        .exclude(Exists(Hit.objects.filter(**of_row).exclude(hit_policy.hits_q(actor))))
    )
    return out


def contributions_q(actor: Actor) -> Q:
    """The contributions the actor reads, in one condition: a text by its own restriction, an
    object only where the object's owner lets the actor see it (else not even its existence)."""
    q = Q(kind="text") & Q(pk__in=_texts(actor))
    for kind, visible in objects_by_kind(actor).items():
        q |= Q(kind=kind) & Q(Exists(visible.filter(pk=OuterRef("object_id"))))
    return q


def _texts(actor: Actor) -> QuerySet[Any]:
    from polnet.analysis.models import Contribution

    # A subquery: the listed countries' join must not multiply the outer rows.
    return Contribution.objects.filter(kind="text").filter(text_q(actor)).values("pk")
