"""The neighbours of entities, read from the owners' tables with indexed look-ups.

Each look-up takes the keys of one kind and answers candidate links (the neighbour's key,
the reason, a date). Links that can fan out without bound (a post's hits, a list's hits,
the holders of one identifier, the hits of one post on one day) are read per entity with a
limit, already filtered by the reader's policy in the query, and their visible rest is
counted up to a ceiling: a hub never loads more than `limit` + 1 rows, nor counts past
COUNT_CEILING (its count is then marked as a lower bound).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from polnet.analysis.graph.models import IdentifierEntry
from polnet.analysis.graph.visibility import Reader, holders_by_value, key
from polnet.analysis.graph.vocabulary import IdentifierType, NodeKind, Reason
from polnet.analysis.models import AnalystLink
from polnet.notices.models import Notice
from polnet.records.models import RECORD_MODELS, TravelDocument, Vehicle
from polnet.screening.models import BatchRow, Hit

COUNT_CEILING = 1_000  # a hub's links are counted up to here, then shown as "N or more"
Row = TypeVar("Row")
NOTICE_LINKS = {"person": "persons", "document": "documents", "vehicle": "vehicles", "firearm": "firearms"}


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    reason: str
    date: date | None = None
    note: str = ""
    link_id: int | None = None

    @property
    def ident(self) -> tuple[str, str, str]:
        a, b = sorted((self.source, self.target))
        return (a, b, self.reason)

    def other(self, end: str) -> str:
        return self.target if self.source == end else self.source


@dataclass
class Found:
    """Candidate links from the asked entities; `rest` counts, per entity, the visible
    neighbours of a hub left unread past the limit."""

    links: list[tuple[str, Edge]] = field(default_factory=list)  # (from key, edge)
    rest: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    capped: set[str] = field(default_factory=set)  # whose count stopped at the ceiling

    def add(self, src: str, edge: Edge) -> None:
        self.links.append((src, edge))


def _day(value: datetime | date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _capped(qs: QuerySet[Any, Row], limit: int) -> tuple[list[Row], int, bool]:
    """At most `limit` rows, how many more match (up to the ceiling), and whether the count
    stopped there."""
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return rows, 0, False
    total = qs.order_by()[:COUNT_CEILING].count()
    return rows[:limit], total - limit, total >= COUNT_CEILING


# ---- records ----------------------------------------------------------------------------------


def _holders(reader: Reader, kind: str, ids: list[int], found: Found, limit: int) -> None:
    if kind == "person" and reader.admits("document"):
        for doc, person in (
            reader.records("document").filter(holder_id__in=ids).values_list("pk", "holder_id")
        ):
            found.add(key("person", person), Edge(key("document", doc), key("person", person), Reason.HOLDER))
    if kind == "document" and reader.admits("person"):
        for doc, person in TravelDocument.objects.filter(pk__in=ids, holder__isnull=False).values_list(
            "pk", "holder_id"
        ):
            found.add(key("document", doc), Edge(key("document", doc), key("person", person), Reason.HOLDER))


def _own_identifiers(reader: Reader, kind: str, ids: list[int], found: Found, limit: int) -> None:
    if not reader.admits("identifier"):
        return
    pairs: list[tuple[int, str, str]] = []
    if kind == "person":
        pairs = list(
            IdentifierEntry.objects.filter(kind="person", record_id__in=ids).values_list(
                "record_id", "type", "value"
            )
        )
    elif kind == "document":
        pairs = [
            (pk, IdentifierType.DOCUMENT, n)
            for pk, n in TravelDocument.objects.filter(pk__in=ids).values_list("pk", "number")
        ]
    elif kind == "vehicle":
        for pk, vin, plate in Vehicle.objects.filter(pk__in=ids).values_list("pk", "vin", "plate"):
            pairs += [(pk, t, v) for t, v in ((IdentifierType.VIN, vin), (IdentifierType.PLATE, plate)) if v]
    for pk, itype, value in pairs:
        src = key(kind, pk)
        found.add(src, Edge(src, key("identifier", f"{itype}:{value}"), Reason.IDENTIFIER))


def _notices_of(reader: Reader, kind: str, ids: list[int], found: Found, limit: int) -> None:
    related = NOTICE_LINKS.get(kind)
    if related is None or not reader.admits("notice"):
        return
    through = getattr(Notice, related).through
    column = f"{kind if kind != 'document' else 'traveldocument'}_id"
    rows = through.objects.filter(**{f"{column}__in": ids}).values_list(column, "notice_id")
    for pk, notice in rows:
        src = key(kind, pk)
        found.add(src, Edge(src, key("notice", notice), Reason.NAMED_IN_NOTICE))


def _hits_of(reader: Reader, kind: str, ids: list[int], found: Found, limit: int) -> None:
    if not reader.admits("hit"):
        return
    per: dict[int, int] = defaultdict(int)
    rows = list(
        reader.objects("hit")
        .filter(kind=kind, record_id__in=ids)
        .order_by("-at", "-pk")
        .values_list("record_id", "pk", "at")[:COUNT_CEILING]
    )
    for rid, pk, at in rows:
        src = key(kind, rid)
        per[rid] += 1
        if per[rid] > limit:
            found.rest[src] += 1
            if len(rows) >= COUNT_CEILING:
                found.capped.add(src)
            continue
        found.add(src, Edge(key("hit", pk), src, Reason.HIT_ON, _day(at)))


# ---- notices --------------------------------------------------------------------------------


def _named_in(reader: Reader, kind: str, ids: list[int], found: Found, limit: int) -> None:
    for record_kind, related in NOTICE_LINKS.items():
        if not reader.admits(record_kind):
            continue
        through = getattr(Notice, related).through
        column = f"{record_kind if record_kind != 'document' else 'traveldocument'}_id"
        for notice, pk in through.objects.filter(notice_id__in=ids).values_list("notice_id", column):
            src = key("notice", notice)
            found.add(src, Edge(key(record_kind, pk), src, Reason.NAMED_IN_NOTICE))


# ---- hits, posts and lists ------------------------------------------------------------------


def _hit_ends(reader: Reader, kind: str, ids: list[int], found: Found, limit: int) -> None:
    for pk, subject, rid, unit, batch, at in Hit.objects.filter(pk__in=ids).values_list(
        "pk", "kind", "record_id", "unit_id", "batch_id", "at"
    ):
        src, day = key("hit", pk), _day(at)
        if (subject in RECORD_MODELS or subject == "notice") and reader.admits(subject):
            found.add(src, Edge(src, key(subject, rid), Reason.HIT_ON, day))
        if unit is not None and reader.admits("post"):
            found.add(src, Edge(src, key("post", unit), Reason.HIT_AT_POST, day))
        if batch is not None and reader.admits("list"):
            found.add(src, Edge(src, key("list", batch), Reason.ON_LIST, day))


def _same_post_day(reader: Reader, kind: str, ids: list[int], found: Found, limit: int) -> None:
    """Hits at the same post on the same day, for all the asked hits in one query: the
    visible hits of each (post, day) are read together (up to the ceiling) and shared out."""
    if not reader.admits("hit"):
        return
    asked = list(Hit.objects.filter(pk__in=ids, unit__isnull=False).values_list("pk", "unit_id", "at"))
    if not asked:
        return
    days = {(unit, at.date()): at.tzinfo for _pk, unit, at in asked}
    where = Q(pk__in=[])
    for (unit, day), tz in days.items():
        start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
        where |= Q(unit_id=unit, at__gte=start, at__lt=start + timedelta(days=1))
    rows = list(
        reader.objects("hit")
        .filter(where)
        .order_by("at", "pk")
        .values_list("pk", "unit_id", "at")[:COUNT_CEILING]
    )
    if len(rows) >= COUNT_CEILING:  # a day too busy to read whole: each hit asks on its own
        for pk, unit, at in asked:
            _same_post_day_of(reader, pk, unit, at, found, limit)
        return
    by_day: dict[tuple[int, date], list[int]] = defaultdict(list)
    for pk, unit, at in rows:
        by_day[(unit, at.date())].append(pk)
    for pk, unit, at in asked:
        others = [o for o in by_day[(unit, at.date())] if o != pk]
        src = key("hit", pk)
        found.rest[src] += max(len(others) - limit, 0)
        for other in others[:limit]:
            a, b = sorted((pk, other))
            found.add(src, Edge(key("hit", a), key("hit", b), Reason.SAME_POST_DAY, at.date()))


def _same_post_day_of(reader: Reader, pk: int, unit: int, at: datetime, found: Found, limit: int) -> None:
    start = datetime.combine(at.date(), datetime.min.time(), tzinfo=at.tzinfo)
    qs = (
        reader.objects("hit")
        .filter(unit_id=unit, at__gte=start, at__lt=start + timedelta(days=1))
        .exclude(pk=pk)
        .order_by("at", "pk")
        .values_list("pk", flat=True)
    )
    rows, rest, capped = _capped(qs, limit)
    src = key("hit", pk)
    found.rest[src] += rest
    if capped:
        found.capped.add(src)
    for other in rows:
        a, b = sorted((pk, int(other)))
        found.add(src, Edge(key("hit", a), key("hit", b), Reason.SAME_POST_DAY, at.date()))


def _co_travellers(reader: Reader, kind: str, ids: list[int], found: Found, limit: int) -> None:
    """Hit rows of one list with the same flight and booking (columns a list may carry)."""
    if not reader.admits("hit"):
        return
    hits = list(
        Hit.objects.filter(pk__in=ids, batch__isnull=False, batch_row__isnull=False).values_list(
            "pk", "batch_id", "batch_row", "at"
        )
    )
    for batch in {h[1] for h in hits}:
        trips: dict[int, tuple[str, str]] = {}
        for number, values in BatchRow.objects.filter(batch_id=batch).values_list("row", "values"):
            flight = str((values or {}).get("flight") or "").strip().upper()
            booking = str((values or {}).get("booking") or "").strip().upper()
            if flight and booking:
                trips[number] = (flight, booking)
        for pk, _b, row, at in (h for h in hits if h[1] == batch):
            trip = trips.get(row or 0)
            if trip is None:
                continue
            rows = [r for r, t in trips.items() if t == trip and r != row]
            qs = (
                reader.objects("hit")
                .filter(batch_id=batch, batch_row__in=rows)
                .order_by("batch_row", "pk")
                .values_list("pk", flat=True)
            )
            others, rest, capped = _capped(qs, limit)
            src = key("hit", pk)
            found.rest[src] += rest
            if capped:
                found.capped.add(src)
            for other in others:
                a, b = sorted((pk, other))
                found.add(src, Edge(key("hit", a), key("hit", b), Reason.CO_TRAVELLERS, _day(at)))


def _hits_at(
    field_name: str, place: str, reason: str
) -> Callable[[Reader, str, list[int], Found, int], None]:
    def look(reader: Reader, kind: str, ids: list[int], found: Found, limit: int) -> None:
        if not reader.admits("hit"):
            return
        for pk in ids:
            qs = (
                reader.objects("hit")
                .filter(**{field_name: pk})
                .order_by("-at", "-pk")
                .values_list("pk", "at")
            )
            rows, rest, capped = _capped(qs, limit)
            src = key(place, pk)
            found.rest[src] += rest
            if capped:
                found.capped.add(src)
            for hit, at in rows:
                found.add(src, Edge(key("hit", hit), src, reason, _day(at)))

    return look


# ---- identifiers ----------------------------------------------------------------------------


def _holders_of(reader: Reader, idents: list[str], found: Found, limit: int) -> None:
    """Identifiers can be hubs (a shared address): the first `limit` holders of each are
    shown, the visible rest counted."""
    by_type: dict[str, list[str]] = defaultdict(list)
    for ident in idents:
        itype, _sep, value = ident.partition(":")
        by_type[itype].append(value)
    for itype, values in by_type.items():
        for value, holders in holders_by_value(reader, itype, values, limit=COUNT_CEILING).items():
            src = key("identifier", f"{itype}:{value}")
            found.rest[src] += max(len(holders) - limit, 0)
            if len(holders) >= COUNT_CEILING:
                found.capped.add(src)
            for kind, pk in holders[:limit]:
                found.add(src, Edge(key(kind, pk), src, Reason.IDENTIFIER))


# ---- the analysts' links --------------------------------------------------------------------


def _analyst_links(project_id: int | None, keys: list[str], found: Found) -> None:
    if project_id is None or not keys:
        return
    wanted = set(keys)
    rows = AnalystLink.objects.filter(Q(source__in=keys) | Q(target__in=keys), project_id=project_id)
    for link in rows.values("pk", "source", "target", "reason", "note", "created_at"):
        edge = Edge(
            link["source"],
            link["target"],
            link["reason"],
            _day(link["created_at"]),
            link["note"],
            link["pk"],
        )
        for end in {link["source"], link["target"]} & wanted:
            found.add(end, edge)


LOOKUPS: dict[str, list[Callable[[Reader, str, list[int], Found, int], None]]] = {
    "person": [_holders, _own_identifiers, _notices_of, _hits_of],
    "document": [_holders, _own_identifiers, _notices_of, _hits_of],
    "vehicle": [_own_identifiers, _notices_of, _hits_of],
    "firearm": [_notices_of, _hits_of],
    "artwork": [_hits_of],
    "notice": [_named_in, _hits_of],
    "hit": [_hit_ends, _same_post_day, _co_travellers],
    "post": [_hits_at("unit_id", "post", Reason.HIT_AT_POST)],
    "list": [_hits_at("batch_id", "list", Reason.ON_LIST)],
}


def neighbours(reader: Reader, project_id: int | None, keys: list[str], limit: int) -> Found:
    """Candidate links of the entities `keys` (assumed visible). The far ends are not yet
    checked against the policy, except for hubs: the caller loads them through
    `visibility.load_nodes`, which drops what the reader may not see."""
    found = Found()
    by_kind: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        kind, _sep, ident = k.partition(":")
        by_kind[kind].append(ident)
    for kind, idents in by_kind.items():
        if kind == NodeKind.IDENTIFIER:
            _holders_of(reader, idents, found, limit)
            continue
        ids = [int(i) for i in idents]
        for look in LOOKUPS.get(kind, []):
            look(reader, kind, ids, found, limit)
    _analyst_links(project_id, list(keys), found)
    return found
