"""What a list of hits calls each hit's record: the person's name, the document's number, the
vehicle or firearm, the notice's reference and subject.

Only for a reader who sees record details (`policy.discloses_details`, and a token that may
read records), and only for the records and notices that reader may see now, by the same
rules as their pages; any other hit keeps its kind and number. Names read this way are
audited like a list of records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from polnet.core import audit, policy
from polnet.core.actor import Actor, TokenScope
from polnet.notices.models import Notice
from polnet.records.labels import CHOICES
from polnet.records.models import RECORD_MODELS, Firearm, Person, Record, TravelDocument, Vehicle
from polnet.screening.models import Hit

PERSONAL = frozenset({"person", "document", "notice"})


def _joined(*parts: object) -> str:
    return " · ".join(str(p) for p in parts if p)


def _record_label(rec: Record) -> str:
    if isinstance(rec, Person):
        names = [n.display for n in rec.names.all() if n.display]
        return names[0] if names else ""
    if isinstance(rec, TravelDocument):
        kind = CHOICES.get("document_kind", {}).get(rec.kind, rec.kind)
        return f"{kind} {rec.number}"
    if isinstance(rec, Vehicle):
        return _joined(f"{rec.make} {rec.model}".strip(), rec.plate or rec.vin)
    if isinstance(rec, Firearm):
        return _joined(f"{rec.make} {rec.model}".strip(), rec.serial_number)
    return str(rec)


def _labels(actor: Actor, kind: str, ids: set[int]) -> dict[int, str]:
    if kind == "notice":
        notices = Notice.objects.visible_to(actor).filter(pk__in=ids).prefetch_related("names")
        out = {}
        for n in notices:
            names = [x.display for x in n.names.all() if x.display]
            out[n.pk] = _joined(n.reference, names[0] if names else "")
        return out
    model = RECORD_MODELS[kind]
    found = model.objects.visible_to(actor).filter(pk__in=ids)
    if model is Person:
        found = found.prefetch_related("names")
    return {r.pk: _record_label(r) for r in found}


def hit_labels(actor: Actor, hits: Iterable[Hit]) -> dict[int, str]:
    """Each hit's label, by hit id, for the hits whose record the actor may see in detail."""
    if not policy.discloses_details(actor) or not actor.allows_scope(TokenScope.RECORDS_READ):
        return {}
    hits = list(hits)
    wanted: dict[str, set[int]] = defaultdict(set)
    for h in hits:
        if h.kind == "notice" or h.kind in RECORD_MODELS:
            wanted[h.kind].add(h.record_id)
    named: dict[tuple[str, int], str] = {}
    with transaction.atomic():
        for kind, ids in wanted.items():
            found = {pk: label for pk, label in _labels(actor, kind, ids).items() if label}
            named.update(((kind, pk), label) for pk, label in found.items())
            if found and kind in PERSONAL:
                detail = {"list": "hits", "count": len(found), "ids": sorted(found)[:500]}
                audit.log(actor, audit.Action.SEARCH, kind, "", detail=detail)
    return {h.pk: named[(h.kind, h.record_id)] for h in hits if (h.kind, h.record_id) in named}
