"""What analysis lets go of when a record or notice is deleted (`core.erasure`).

Contributions naming it leave their projects, the link graph forgets its identifiers
(`IdentifierEntry`), the analysts' links and entity-resolution pairs with it at one end go,
and reports' sections lose its graph node (and the label it stored), its edges and its key:
each names the subject by its node key ("person:12", "notice:7"), which would otherwise
outlive it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from polnet.analysis.graph.models import IdentifierEntry
from polnet.analysis.graph.visibility import key
from polnet.analysis.models import AnalystLink, Contribution
from polnet.analysis.reports.models import ReportSection
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


def _without(section: ReportSection, keys: set[str]) -> bool:
    """Take the keys out of a section: graph nodes (with their labels) and their edges, entity
    keys, sources. True when something was taken."""
    data = section.data if isinstance(section.data, dict) else {}
    before = json.dumps([data, section.sources], sort_keys=True)
    if isinstance(data.get("nodes"), list):
        data["nodes"] = [n for n in data["nodes"] if not (isinstance(n, dict) and n.get("key") in keys)]
    if isinstance(data.get("edges"), list):
        data["edges"] = [
            e
            for e in data["edges"]
            if not (isinstance(e, dict) and (e.get("source") in keys or e.get("target") in keys))
        ]
    if isinstance(data.get("keys"), list):
        data["keys"] = [k for k in data["keys"] if k not in keys]
    if isinstance(section.sources, list):
        section.sources = [k for k in section.sources if k not in keys]
    section.data = data
    return json.dumps([data, section.sources], sort_keys=True) != before


def erase_report_sections(kind: str, ids: Sequence[int], actor: Actor) -> int:
    """A report's graph snapshot stores each node's label (a person's name): the node, its
    edges and any mention of its key leave every report section, draft or issued."""
    keys = {key(kind, pk) for pk in ids}
    # Only the sections whose stored JSON names a key (quoted, as JSON writes it) are read;
    # `_without` then matches keys exactly ("person:1" is also inside "person:12").
    named = Q(pk__in=[])
    for k in keys:
        named |= Q(data_text__contains=f'"{k}"') | Q(sources_text__contains=f'"{k}"')
    sections = ReportSection.objects.annotate(
        data_text=Cast("data", TextField()), sources_text=Cast("sources", TextField())
    ).filter(named)
    changed = []
    for section in sections.only("pk", "data", "sources"):
        if _without(section, keys):
            changed.append(section)
    ReportSection.objects.bulk_update(changed, ["data", "sources"])
    return len(changed)


def register() -> None:
    erasure.register(SUBJECT_KINDS, "analysis.contributions", erase_contributions)
    erasure.register(SUBJECT_KINDS, "analysis.identifiers", erase_identifiers)
    erasure.register(SUBJECT_KINDS, "analysis.links", erase_links)
    erasure.register(SUBJECT_KINDS, "analysis.reports", erase_report_sections)
