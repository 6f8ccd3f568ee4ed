"""The records lists' ranked search, answered by the screening engines (`core.search`).

A person is found by name as a border check finds them (spelling, transliteration, order
of names, a year or date of birth typed beside the name); a document, vehicle or firearm
by its identifier, one look-alike character (O/0, I/1 ...) away included. Active records
come from the process's index, under the actor's access predicate; closed ones (located,
recovered, cancelled), which the index does not hold, from a small index built for the
question over the closed records the policy's SQL filter lets the actor see. This is a
search, not a check: it writes no hit and no query-log row (the records list audits it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.search import Found, person_terms
from polnet.identifiers.errors import InputRefused
from polnet.records.models import RECORD_MODELS, LifeState
from polnet.screening import index as screening_index
from polnet.screening.engine.boundary import (
    Candidate,
    DocumentQuery,
    FirearmQuery,
    KindEngine,
    VehicleQuery,
)
from polnet.screening.engine.documents import DocumentIndex
from polnet.screening.engine.firearms import FirearmIndex
from polnet.screening.engine.person.engine import PersonIndex, PersonQuery
from polnet.screening.engine.vehicles import VehicleIndex
from polnet.screening.rows import ROW_READERS
from polnet.screening.web.display import feature_label

KINDS = ("person", "document", "vehicle", "firearm")
# Closed records searched at most per question: the newest ones beyond are found exactly only.
MAX_CLOSED = 20_000
_INDEXES: dict[str, Any] = {
    "person": PersonIndex,
    "document": DocumentIndex,
    "vehicle": VehicleIndex,
    "firearm": FirearmIndex,
}
NEAR = _("look-alike characters")
# Lower than a border check's threshold (precision first there): a search box ranks, and an
# officer who typed "Frnak Barkr" should still see Frank Barker, at the top.
SEARCH_THRESHOLD = 0.6


def _query(kind: str, text: str) -> object | None:
    """The engine's query for what was typed; None when there is nothing it could search."""
    try:
        if kind == "person":
            terms = person_terms(text)
            if not terms.name:
                return None
            return PersonQuery(terms.name, date_of_birth=terms.date_of_birth or None)
        if kind == "document":
            return DocumentQuery(text)
        if kind == "vehicle":
            return VehicleQuery(vin=text, plate=text)
        return FirearmQuery(text)
    except (InputRefused, ValueError):
        return None


def _reason(candidate: Candidate) -> str:
    """The features that speak for the record, each with its strength, in the reader's language."""
    parts = []
    for f in candidate.explanation:
        if not f.supports or f.contribution <= 0:
            continue
        label = feature_label(f.name)
        if f.strength >= 1:
            parts.append(label)
        elif f.name == "name" or "date" in f.name:
            parts.append(f"{label} {round(f.strength * 100)}\u00a0%")  # the sign stays with its number
        else:
            parts.append(f"{label}: {gettext(str(NEAR))}")
    return " · ".join(parts)


def _screen(
    engine: KindEngine[Any, Any], query: object, allowed: Callable[[int], bool] | None, limit: int
) -> list[Candidate]:
    try:
        if isinstance(engine, PersonIndex) and isinstance(query, PersonQuery):
            found = engine.search(query, threshold=SEARCH_THRESHOLD, limit=limit, allowed=allowed)
            return [Candidate(m.record_id, m.score, m.explanation) for m in found]
        return list(engine.screen(query, allowed=allowed, limit=limit).candidates)
    except (InputRefused, ValueError):
        return []


def _closed(actor: Actor, kind: str, state: str, query: object, limit: int) -> list[Candidate]:
    """Candidates among the closed records the actor may see (the policy's SQL filter)."""
    model = RECORD_MODELS[kind]
    qs = model.objects.visible_to(actor).exclude(state=LifeState.ACTIVE)
    if state:
        qs = qs.filter(state=state)
    ids = list(qs.order_by("-pk").values_list("pk", flat=True)[:MAX_CLOSED])
    if not ids:
        return []
    rows = [row for row, _facts in ROW_READERS[kind](only=ids, active=False)]
    if not rows:
        return []
    engine: KindEngine[Any, Any] = _INDEXES[kind].build(rows)
    return _screen(engine, query, None, limit)


def find(actor: Actor, kind: str, text: str, *, state: str, limit: int) -> list[Found]:
    """Records of `kind` the actor may see that `text` may denote, best first."""
    query = _query(kind, text)
    if query is None:
        return []
    found: list[Candidate] = []
    if state in ("", LifeState.ACTIVE):
        idx = screening_index.current()
        with idx.lock:
            found += _screen(idx.engines.of(kind), query, idx.facts[kind].predicate(actor), limit)
    if state != LifeState.ACTIVE:
        found += _closed(actor, kind, state, query, limit)
    best: dict[int, Candidate] = {}
    for c in found:
        if c.record_id not in best or c.score > best[c.record_id].score:
            best[c.record_id] = c
    ranked = sorted(best.values(), key=lambda c: (-c.score, -c.record_id))[:limit]
    return [Found(c.record_id, round(c.score, 4), _reason(c)) for c in ranked]
