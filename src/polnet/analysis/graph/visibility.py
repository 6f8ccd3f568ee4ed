"""The policy filter: which entities the reader may see, decided at query time from the
owners' tables through the owners' policies, and what the graph says of each one.

- records: `core.policy.visible_q` for each kind;
- notices: `notices.policy.visible_q`; hits: `screening.hit_policy.hits_q`;
- a post (a screening unit): seen by the analysts of its own bureau and the secretariat's
  readers, and by others only where a hit they may see was made there;
- a passenger list: seen by the bureau whose user sent it and the secretariat's readers,
  and by others only where a hit they may see came from it;
- an identifier: seen only where a record the reader may see holds it.

The same `Q` (visibility and the reader's filters) serves the neighbour look-ups and the
loading of nodes, so a count and a list can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from polnet.analysis.graph.models import IdentifierEntry
from polnet.analysis.graph.vocabulary import RECORD_KINDS, IdentifierType, NodeKind
from polnet.core import policy
from polnet.core.actor import Actor
from polnet.core.policy import SECRETARIAT_READERS, reads_police_data
from polnet.network.models import Unit
from polnet.notices import policy as notice_policy
from polnet.notices.kinds import NoticeKind
from polnet.notices.models import Notice
from polnet.records.models import RECORD_MODELS, DocumentKind, PersonName
from polnet.screening import hit_policy
from polnet.screening.models import Hit, ScreeningBatch


@dataclass(frozen=True, slots=True)
class Node:
    key: str
    kind: str
    label: str
    country: str | None = None
    date: date | None = None


@dataclass(frozen=True)
class Filters:
    """What the reader asked to see; the start of a walk is always shown."""

    kinds: frozenset[str] | None = None
    date_from: date | None = None
    date_to: date | None = None
    countries: frozenset[str] | None = None

    def admits_kind(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


# The field holding each kind's date and country, as filters and the timeline read them.
DATE_FIELD = {
    **dict.fromkeys(RECORD_KINDS, "created_at"),
    "document": "date_reported",
    "notice": "created_at",
    "hit": "at",
    "list": "created_at",
}
COUNTRY_FIELDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(RECORD_KINDS, ("owner_country_id",)),
    "notice": ("owner_country_id",),
    "hit": ("screening_country_id",),
    "post": ("bureau__country_id",),
    "list": ("created_by__bureau__country_id", "created_by__unit__bureau__country_id"),
}


MODELS: dict[str, Any] = {
    **RECORD_MODELS,
    NodeKind.NOTICE: Notice,
    NodeKind.HIT: Hit,
    NodeKind.POST: Unit,
    NodeKind.LIST: ScreeningBatch,
}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@dataclass
class Reader:
    """One reader's view of the graph: their policy and their filters, with the Q per kind
    built once."""

    actor: Actor
    filters: Filters = field(default_factory=Filters)
    # The ends of a walk (its start, a path's two ends): shown whatever the filters say.
    pinned: frozenset[str] = frozenset()
    _q: dict[tuple[str, bool], Q] = field(default_factory=dict)
    _qs: dict[tuple[str, bool], QuerySet[Any]] = field(default_factory=dict)

    def pin(self, keys: set[str] | list[str]) -> None:
        self.pinned = frozenset(keys)
        self._q.clear()
        self._qs.clear()

    def pinned_ids(self, kind: str) -> list[str]:
        return [k.partition(":")[2] for k in self.pinned if k.partition(":")[0] == kind]

    @property
    def reads(self) -> bool:
        return reads_police_data(self.actor.token_scopes)

    def q(self, kind: str, *, filtered: bool = True) -> Q:
        """Visibility, and (when `filtered`) the reader's filters, which the pinned ends pass."""
        cache = (kind, filtered)
        if cache not in self._q:
            q = self._visible(kind)
            wanted = self._filter(kind) if self.filters.admits_kind(kind) else Q(pk__in=[])
            if filtered and wanted:  # (an empty Q would swallow the pinned alternative)
                pinned = self.pinned_ids(kind)
                q &= (wanted | Q(pk__in=pinned)) if pinned else wanted
            self._q[cache] = q
        return self._q[cache]

    def _visible(self, kind: str) -> Q:
        if not self.reads:
            return Q(pk__in=[])
        if kind in RECORD_MODELS:
            return policy.visible_q(self.actor, RECORD_MODELS[kind])
        if kind == NodeKind.NOTICE:
            return notice_policy.visible_q(self.actor)
        if kind == NodeKind.HIT:
            return hit_policy.hits_q(self.actor)
        if kind in (NodeKind.POST, NodeKind.LIST):
            return self._place_q(kind)
        raise ValueError(kind)

    def _place_q(self, kind: str) -> Q:
        actor = self.actor
        if actor.country is None:
            return Q() if actor.role in SECRETARIAT_READERS else Q(pk__in=[])
        own = Q(pk__in=[])
        if actor.unit is None:
            own = Q(**{f: actor.country for f in COUNTRY_FIELDS[kind][:1]})
            for other in COUNTRY_FIELDS[kind][1:]:
                own |= Q(**{other: actor.country})
        link = "unit_id" if kind == NodeKind.POST else "batch_id"
        named = Hit.objects.filter(hit_policy.hits_q(actor), **{link: OuterRef("pk")})
        return own | Q(Exists(named))

    def _filter(self, kind: str) -> Q:
        f = self.filters
        q = Q()
        date_field = DATE_FIELD.get(kind)
        if date_field and (f.date_from or f.date_to):
            is_date = kind == NodeKind.DOCUMENT
            if f.date_from:
                q &= Q(**{f"{date_field}__gte": f.date_from if is_date else _start_of(f.date_from)})
            if f.date_to:
                end = f.date_to if is_date else _start_of(f.date_to + timedelta(days=1))
                q &= Q(**{f"{date_field}__{'lte' if is_date else 'lt'}": end})
        fields = COUNTRY_FIELDS.get(kind)
        if fields and f.countries is not None:
            codes = sorted(f.countries)
            cq = Q(pk__in=[])
            for name in fields:
                cq |= Q(**{f"{name}__in": codes})
            q &= cq
        return q

    def admits(self, kind: str, *, filtered: bool = True) -> bool:
        """Whether any entity of the kind may be shown (its kind asked for, or one pinned)."""
        if not self.reads:
            return False
        return not filtered or self.filters.admits_kind(kind) or bool(self.pinned_ids(kind))

    def objects(self, kind: str, *, filtered: bool = True) -> QuerySet[Any]:
        """The entities of a kind the reader may see (and asked to see, when `filtered`).
        Built once per reader: Django resolves the policy's conditions and subqueries when
        a filter is added, which costs more than the look-ups narrowing it afterwards."""
        cache = (kind, filtered)
        if cache not in self._qs:
            self._qs[cache] = MODELS[kind].objects.filter(self.q(kind, filtered=filtered))
        return self._qs[cache].all()

    def records(self, kind: str, *, filtered: bool = True) -> QuerySet[Any]:
        return self.objects(kind, filtered=filtered)


# ---- loading nodes ------------------------------------------------------------------------


def key(kind: str, ident: object) -> str:
    return f"{kind}:{ident}"


def _day(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def _ints(idents: list[str]) -> list[int]:
    return [int(i) for i in idents]


def _person_labels(ids: list[int]) -> dict[int, str]:
    labels: dict[int, str] = {}
    rows = (
        PersonName.objects.filter(person_id__in=ids)
        .order_by("person_id", "position", "id")
        .values_list("person_id", "full", "given", "family")
    )
    for person, full, given, family in rows:  # as PersonName.display reads them
        labels.setdefault(person, full or " ".join(p for p in (given, family) if p))
    return labels


def _load_records(reader: Reader, kind: str, ids: list[int], filtered: bool) -> list[Node]:
    qs = reader.records(kind, filtered=filtered).filter(pk__in=ids)
    out: list[Node] = []
    if kind == NodeKind.PERSON:
        rows = list(qs.values_list("pk", "owner_country_id", "created_at"))
        names = _person_labels([r[0] for r in rows])
        for pk, country, at in rows:
            label = names.get(pk) or str(_("Person %(id)s") % {"id": pk})
            out.append(Node(key(kind, pk), kind, label, country, _day(at)))
    elif kind == NodeKind.DOCUMENT:
        for pk, country, doc_kind, issuer, number, reported in qs.values_list(
            "pk", "owner_country_id", "kind", "issuing_country_id", "number", "date_reported"
        ):
            label = f"{DocumentKind(doc_kind).label} {issuer} {number}"
            out.append(Node(key(kind, pk), kind, label, country, reported))
    elif kind == NodeKind.VEHICLE:
        for pk, country, make, model, plate, vin, at in qs.values_list(
            "pk", "owner_country_id", "make", "model", "plate", "vin", "created_at"
        ):
            label = " ".join(p for p in (make, model, plate or vin) if p)
            out.append(Node(key(kind, pk), kind, label, country, _day(at)))
    elif kind == NodeKind.FIREARM:
        for pk, country, make, model, serial, at in qs.values_list(
            "pk", "owner_country_id", "make", "model", "serial_number", "created_at"
        ):
            label = " ".join(p for p in (make, model, f"#{serial}") if p)
            out.append(Node(key(kind, pk), kind, label, country, _day(at)))
    else:
        for pk, country, title, at in qs.values_list("pk", "owner_country_id", "title", "created_at"):
            out.append(Node(key(kind, pk), kind, title, country, _day(at)))
    return out


def _load_notices(reader: Reader, ids: list[int], filtered: bool) -> list[Node]:
    qs = reader.objects("notice", filtered=filtered).filter(pk__in=ids)
    out = []
    for pk, kind, year, number, country, at in qs.values_list(
        "pk", "kind", "entity_year", "entity_number", "owner_country_id", "created_at"
    ):
        ref = f"{year}/{number:05d}" if year is not None and number is not None else f"#{pk}"
        label = f"{NoticeKind(kind).label} {ref}" if kind in NoticeKind.values else ref
        out.append(Node(key("notice", pk), "notice", label, country, _day(at)))
    return out


def _load_hits(reader: Reader, ids: list[int], filtered: bool) -> list[Node]:
    qs = reader.objects("hit", filtered=filtered).filter(pk__in=ids)
    return [
        Node(key("hit", pk), "hit", str(_("Hit #%(id)s") % {"id": pk}), country, _day(at))
        for pk, country, at in qs.values_list("pk", "screening_country_id", "at")
    ]


def _load_posts(reader: Reader, ids: list[int], filtered: bool) -> list[Node]:
    qs = reader.objects("post", filtered=filtered).filter(pk__in=ids)
    return [
        Node(key("post", pk), "post", name, country)
        for pk, name, country in qs.values_list("pk", "name", "bureau__country_id")
    ]


def _load_lists(reader: Reader, ids: list[int], filtered: bool) -> list[Node]:
    qs = reader.objects("list", filtered=filtered).filter(pk__in=ids)
    out = []
    for pk, location, at, c1, c2 in qs.values_list(
        "pk",
        "location",
        "created_at",
        "created_by__bureau__country_id",
        "created_by__unit__bureau__country_id",
    ):
        label = str(_("Passenger list #%(id)s") % {"id": pk})
        out.append(Node(key("list", pk), "list", f"{label} {location}".strip(), c1 or c2, _day(at)))
    return out


def holders_by_value(
    reader: Reader, itype: str, values: list[str], *, filtered: bool = True, limit: int = 10_000
) -> dict[str, list[tuple[str, int]]]:
    """For identifiers of one type, the visible records holding each: value -> [(kind, id)],
    read in one query per kind of holder (at most `limit` rows each)."""
    out: dict[str, list[tuple[str, int]]] = {}
    if not values:
        return out
    if reader.admits("person", filtered=filtered):
        holders = reader.records("person", filtered=filtered).filter(pk=OuterRef("record_id"))
        rows = (
            IdentifierEntry.objects.filter(kind="person", type=itype, value__in=values)
            .filter(Exists(holders))
            .order_by("value", "record_id")
            .values_list("value", "record_id")[:limit]
        )
        for value, pk in rows:
            out.setdefault(value, []).append(("person", pk))
    column = {
        IdentifierType.DOCUMENT: "number",
        IdentifierType.VIN: "vin",
        IdentifierType.PLATE: "plate",
    }.get(IdentifierType(itype))
    kind = "document" if itype == IdentifierType.DOCUMENT else "vehicle"
    if column and reader.admits(kind, filtered=filtered):
        found = (
            reader.records(kind, filtered=filtered)
            .filter(**{f"{column}__in": values})
            .order_by(column, "pk")
            .values_list(column, "pk")[:limit]
        )
        for value, pk in found:
            out.setdefault(value, []).append((kind, pk))
    return out


def held_values(reader: Reader, itype: str, values: list[str]) -> set[str]:
    """Of these identifiers of one type, those a record the reader may see holds (whatever
    the filters): one DISTINCT query per kind of holder."""
    held: set[str] = set()
    if not values or not reader.reads:
        return held
    holders = reader.records("person", filtered=False).filter(pk=OuterRef("record_id"))
    held.update(
        IdentifierEntry.objects.filter(kind="person", type=itype, value__in=values)
        .filter(Exists(holders))
        .order_by()
        .values_list("value", flat=True)
        .distinct()
    )
    column = {
        IdentifierType.DOCUMENT: "number",
        IdentifierType.VIN: "vin",
        IdentifierType.PLATE: "plate",
    }.get(IdentifierType(itype))
    if column:
        kind = "document" if itype == IdentifierType.DOCUMENT else "vehicle"
        rest = [v for v in values if v not in held]
        if rest:
            held.update(
                reader.records(kind, filtered=False)
                .filter(**{f"{column}__in": rest})
                .order_by()
                .values_list(column, flat=True)
                .distinct()
            )
    return held


def _load_identifiers(reader: Reader, idents: list[str]) -> list[Node]:
    by_type: dict[str, list[str]] = {}
    for ident in idents:
        itype, _sep, value = ident.partition(":")
        by_type.setdefault(itype, []).append(value)
    out = []
    for itype, values in by_type.items():
        held = held_values(reader, itype, values)  # seen where a visible record holds it
        for value in values:
            if value in held:
                label = f"{IdentifierType(itype).label} {value}"
                out.append(Node(key("identifier", f"{itype}:{value}"), "identifier", label))
    return out


def load_nodes(reader: Reader, keys: set[str] | list[str], *, filtered: bool = True) -> dict[str, Node]:
    """The nodes among `keys` the reader may see (and, when `filtered`, asked to see)."""
    by_kind: dict[str, list[str]] = {}
    for k in keys:
        kind, _sep, ident = k.partition(":")
        by_kind.setdefault(kind, []).append(ident)
    found: list[Node] = []
    for kind, idents in by_kind.items():
        if not reader.admits(kind, filtered=filtered):
            continue
        if kind in RECORD_MODELS:
            found += _load_records(reader, kind, _ints(idents), filtered)
        elif kind == NodeKind.NOTICE:
            found += _load_notices(reader, _ints(idents), filtered)
        elif kind == NodeKind.HIT:
            found += _load_hits(reader, _ints(idents), filtered)
        elif kind == NodeKind.POST:
            found += _load_posts(reader, _ints(idents), filtered)
        elif kind == NodeKind.LIST:
            found += _load_lists(reader, _ints(idents), filtered)
        elif kind == NodeKind.IDENTIFIER:
            if filtered and not reader.filters.admits_kind(kind):
                idents = [i for i in idents if key(kind, i) in reader.pinned]
            found += _load_identifiers(reader, idents)
    return {n.key: n for n in found}
