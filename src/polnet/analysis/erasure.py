"""What analysis lets go of when a record or notice is deleted (`core.erasure`).

Contributions naming it leave their projects, the link graph forgets its identifiers
(`IdentifierEntry`), and the analysts' links and entity-resolution pairs with it at one
end go: each names the subject by its node key ("person:12", "notice:7"), which would
otherwise outlive it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from polnet.analysis.graph.models import IdentifierEntry
from polnet.analysis.graph.visibility import key
from polnet.analysis.models import AnalystLink, Contribution
from polnet.analysis.resolution.models import CandidatePair
from polnet.core import erasure
from polnet.core.actor import Actor

SUBJECT_KINDS = ("person", "document", "vehicle", "firearm", "artwork", "notice")


def erase_contributions(kind: str, ids: Sequence[int], actor: Actor) -> int:
    deleted, _ = Contribution.objects.filter(kind=kind, object_id__in=list(ids)).delete()
    return int(deleted)


def erase_identifiers(kind: str, ids: Sequence[int], actor: Actor) -> int:
    deleted, _ = IdentifierEntry.objects.filter(kind=kind, record_id__in=list(ids)).delete()
    return int(deleted)


def erase_links(kind: str, ids: Sequence[int], actor: Actor) -> int:
    """Analyst links and resolution pairs with the subject at one end."""
    keys = [key(kind, pk) for pk in ids]
    pairs, _ = CandidatePair.objects.filter(Q(left__in=keys) | Q(right__in=keys)).delete()
    links, _ = AnalystLink.objects.filter(Q(source__in=keys) | Q(target__in=keys)).delete()
    return int(pairs) + int(links)


def register() -> None:
    erasure.register(SUBJECT_KINDS, "analysis.contributions", erase_contributions)
    erasure.register(SUBJECT_KINDS, "analysis.identifiers", erase_identifiers)
    erasure.register(SUBJECT_KINDS, "analysis.links", erase_links)
