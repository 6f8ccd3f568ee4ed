"""The three sources of the console, read where they live and never copied: the audit log
(`core.models.AuditEntry`), the screening query log (`screening.models.QueryLog`) and the
hits (`screening.models.Hit`). Each row becomes an `Event` of one timeline."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.fields.json import KeyTextTransform

from polnet.core.models import AuditEntry
from polnet.screening.models import Hit, QueryLog

# An id as a whole number inside a JSON list of numbers, on SQLite and PostgreSQL alike.
_ID_PATTERN = "(^|[^0-9]){}([^0-9]|$)"
MAX_MERGED = 10_000  # how deep a merged timeline may be paged, per source


@dataclass(frozen=True)
class Event:
    """One act of processing, whatever source it comes from."""

    at: datetime
    source: str  # "audit", "query" or "hit"
    ref: int  # the row's sequence number (audit) or id
    user: str
    affiliation: str
    action: str  # read, update, search, shown, hit, ...
    object_type: str
    object_id: str
    purpose: str
    origin: str
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "source": self.source,
            "ref": self.ref,
            "user": self.user,
            "affiliation": self.affiliation,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "purpose": self.purpose,
            "origin": self.origin,
            "detail": self.detail,
        }


def from_audit(e: AuditEntry) -> Event:
    return Event(
        e.at,
        "audit",
        e.seq,
        e.actor_name,
        e.affiliation,
        e.action,
        e.object_type,
        e.object_id,
        e.purpose,
        e.origin,
        e.detail,
    )


def from_query(row: QueryLog) -> Event:
    result = row.result if isinstance(row.result, dict) else {}
    detail = {"query": row.query, "records": result.get("records", []), "hits": result.get("hits", [])}
    action = "shown" if result.get("records") else "search"
    return Event(
        row.at,
        "query",
        row.pk,
        row.actor_name,
        row.affiliation,
        action,
        row.kind,
        "",
        row.purpose,
        row.origin,
        detail,
    )


def from_hit(hit: Hit) -> Event:
    affiliation = (
        f"unit:{hit.unit_id}"
        if hit.unit_id
        else f"bureau:{hit.screening_country_id}"
        if hit.screening_country_id
        else "secretariat"
    )
    user = getattr(hit.screened_by, "username", "") if hit.screened_by_id else ""
    return Event(
        hit.at,
        "hit",
        hit.pk,
        user,
        affiliation,
        "hit",
        hit.kind,
        str(hit.record_id),
        "",
        hit.location[:64],
        {"state": hit.state, "outcome": hit.outcome, "score": round(hit.score, 3)},
    )


def id_in_list(pk: int) -> str:
    return _ID_PATTERN.format(int(pk))


def any_id_in_list(pks: Iterable[int]) -> str:
    alternatives = "|".join(str(int(pk)) for pk in sorted(set(pks)))
    return _ID_PATTERN.format(f"({alternatives})")


def audit_about(parts: list[tuple[str, list[int]]]) -> QuerySet[AuditEntry]:
    """Entries about these records (kind, ids): acts on each, and the searches and lists that
    showed them."""
    about = Q(pk__in=[])
    for kind, pks in parts:
        if pks:
            about |= Q(object_type=kind, object_id__in=[str(pk) for pk in pks])
            about |= Q(object_type=kind, object_id="", ids_text__regex=any_id_in_list(pks))
    return AuditEntry.objects.annotate(ids_text=KeyTextTransform("ids", "detail")).filter(about)


def hits_on(parts: list[tuple[str, list[int]]]) -> QuerySet[Hit]:
    on = Q(pk__in=[])
    for kind, pks in parts:
        if pks:
            on |= Q(kind=kind, record_id__in=pks)
    return Hit.objects.filter(on)


def queries_showing(hit_ids: list[int]) -> QuerySet[QueryLog]:
    """Query-log rows whose result named one of these hits (each record shown is a hit)."""
    if not hit_ids:
        return QueryLog.objects.none()
    return QueryLog.objects.annotate(hits_text=KeyTextTransform("hits", "result")).filter(
        hits_text__regex=any_id_in_list(hit_ids)
    )


@dataclass(frozen=True)
class Source:
    rows: QuerySet[Any]  # ordered newest first
    convert: Callable[[Any], Event]


@dataclass(frozen=True)
class Page:
    events: list[Event]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _events(source: Source, rows: Iterable[Any]) -> Iterator[Event]:
    for row in rows:
        yield source.convert(row)


def merged_page(sources: list[Source], page: int, per_page: int) -> Page:
    """One page of the sources' events, newest first, as if they were one table."""
    depth = min(page * per_page, MAX_MERGED)
    streams = [_events(s, s.rows[:depth]) for s in sources]
    merged = heapq.merge(*streams, key=lambda e: (e.at, e.source, e.ref), reverse=True)
    events = list(merged)[(page - 1) * per_page : page * per_page]
    total = sum(s.rows.count() for s in sources)
    return Page(events, total, page, per_page)


def every_event(sources: list[Source], limit: int) -> Iterable[Event]:
    """Every event of the sources, newest first (for an extract), at most `limit` of them."""
    streams = [_events(s, s.rows.iterator(chunk_size=2000)) for s in sources]
    merged = heapq.merge(*streams, key=lambda e: (e.at, e.source, e.ref), reverse=True)
    for n, event in enumerate(merged):
        if n >= limit:
            return
        yield event
