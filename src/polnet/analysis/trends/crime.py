"""A crime area, for hits and notices: what the reader's projects of that area name.

Checks, hits and notices carry no crime area; projects do. A hit or notice belongs to an
area when a project of that area, in which the reader's party takes part, names it or the
record it hit in one of its analyst links (node keys "notice:7", "hit:3", "person:12").
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from polnet.analysis.models import AnalystLink
from polnet.analysis.services import projects
from polnet.core.actor import Actor

RECORD_KINDS = frozenset({"person", "document", "vehicle", "firearm", "artwork"})


def named_keys(actor: Actor, crime_area: str) -> dict[str, set[int]]:
    """Ids named per node kind by the links of the actor's projects in the area."""
    links = AnalystLink.objects.filter(project__in=projects(actor).filter(crime_area=crime_area))
    named: dict[str, set[int]] = defaultdict(set)
    for source, target in links.values_list("source", "target"):
        for key in (source, target):
            kind, _, ref = key.partition(":")
            if ref.isdigit():
                named[kind].add(int(ref))
    return named


def hits_q(named: dict[str, set[int]]) -> Q:
    q = Q(pk__in=sorted(named.get("hit", ())))
    for kind in (*RECORD_KINDS, "notice"):
        if named.get(kind):
            q |= Q(kind=kind, record_id__in=sorted(named[kind]))
    return q


def notices_q(named: dict[str, set[int]]) -> Q:
    return Q(pk__in=sorted(named.get("notice", ())))
