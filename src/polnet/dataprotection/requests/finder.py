"""Everything polnet holds that may concern one person, across every bureau's data.

The requester's names (several, any script) and partial date of birth go to the screening
engine's person index as a border check sends them, but with no access predicate: the
control body answers for the whole network, so this is a system search. Active persons and
the subjects of notices in force come from the process's index; closed persons (located,
cancelled), which the index does not hold, from a small index built for the question. Then
the links are followed: documents held by the persons found or bearing the requester's
document number, hits on any of these, the passenger-list rows of those hits, and analysis
contributions naming any of them. Each item keeps its owner and why it was found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from polnet.analysis.models import Contribution
from polnet.records.kinds import normalise_number
from polnet.records.models import LifeState, Person, TravelDocument
from polnet.screening import index as screening_index
from polnet.screening.engine.person.engine import PersonIndex, PersonMatch, PersonQuery
from polnet.screening.models import BatchRow, Hit
from polnet.screening.rows import person_rows

# Lower than a border check's threshold: a requester must learn of data that may be theirs.
THRESHOLD = 0.6
LIMIT = 50
MAX_CLOSED = 20_000


@dataclass(frozen=True)
class Found:
    item_kind: str
    item_id: int
    owner_country: str | None
    score: float
    why: str  # a stable code, worded by the pages
    summary: str = ""


def _query(names: list[str], date_of_birth: str, nationality: str | None) -> PersonQuery:
    return PersonQuery(
        [n for n in names if n.strip()],
        date_of_birth=date_of_birth or None,
        nationality=[nationality] if nationality else (),
    )


def _closed_persons(query: PersonQuery) -> list[PersonMatch]:
    ids = list(
        Person.objects.exclude(state=LifeState.ACTIVE)
        .order_by("-pk")
        .values_list("pk", flat=True)[:MAX_CLOSED]
    )
    if not ids:
        return []
    engine = PersonIndex.build(row for row, _facts in person_rows(only=ids, active=False))
    return engine.search(query, threshold=THRESHOLD, limit=LIMIT)


def _persons_and_notices(query: PersonQuery) -> tuple[dict[int, float], dict[int, Found]]:
    idx = screening_index.current()
    engine = idx.engines.of("person")
    assert isinstance(engine, PersonIndex)
    with idx.lock:
        persons = {m.record_id: m.score for m in engine.search(query, threshold=THRESHOLD, limit=LIMIT)}
        notices: dict[int, Found] = {}
        if len(idx.notices):
            for m in idx.notices.engine.search(query, threshold=THRESHOLD, limit=LIMIT):
                info = idx.notices.info.get(m.record_id)
                if info is not None:
                    owner = info.facts.owner_country or None
                    notices[m.record_id] = Found(
                        "notice", m.record_id, owner, round(m.score, 4), "name_match", info.reference
                    )
    for m in _closed_persons(query):
        persons[m.record_id] = max(m.score, persons.get(m.record_id, 0.0))
    return persons, notices


def _best(found: dict[tuple[str, int], Found], item: Found) -> None:
    key = (item.item_kind, item.item_id)
    if key not in found or found[key].score < item.score:
        found[key] = item


def find(names: list[str], date_of_birth: str, nationality: str | None, document_number: str) -> list[Found]:
    """The items that may concern the person, best first."""
    found: dict[tuple[str, int], Found] = {}
    persons, notices = _persons_and_notices(_query(names, date_of_birth, nationality))
    for person in Person.objects.filter(pk__in=persons).prefetch_related("names"):
        first = person.names.all()[:1]
        _best(
            found,
            Found(
                "person",
                person.pk,
                person.owner_country_id,
                round(persons[person.pk], 4),
                "name_match",
                first[0].display if first else "",
            ),
        )
    for item in notices.values():
        _best(found, item)
    docs = TravelDocument.objects.filter(holder_id__in=list(persons))
    for doc in docs.only("pk", "owner_country_id", "holder_id", "number"):
        score = persons.get(doc.holder_id or 0, 0.0)
        _best(
            found,
            Found("document", doc.pk, doc.owner_country_id, round(score, 4), "held_by_person", doc.number),
        )
    number = normalise_number(document_number) if document_number else ""
    if number:
        for doc in TravelDocument.objects.filter(number=number).only("pk", "owner_country_id", "number"):
            _best(found, Found("document", doc.pk, doc.owner_country_id, 1.0, "document_number", doc.number))
    _follow_hits(found)
    return sorted(found.values(), key=lambda f: (-f.score, f.item_kind, f.item_id))


def _ids(found: dict[tuple[str, int], Found], kind: str) -> list[int]:
    return [i for k, i in found if k == kind]


def _score(found: dict[tuple[str, int], Found], kind: str, pk: int) -> float:
    item = found.get((kind, pk))
    return item.score if item else 0.0


def _follow_hits(found: dict[tuple[str, int], Found]) -> None:
    """Hits on the items found, their passenger-list rows, analysis contributions naming any."""
    on = Q(pk__in=[])
    for kind in ("person", "document", "notice"):
        ids = _ids(found, kind)
        if ids:
            on |= Q(kind=kind, record_id__in=ids)
    hits = list(
        Hit.objects.filter(on).values_list(
            "pk", "kind", "record_id", "screening_country_id", "owner_country_id", "batch_id", "batch_row"
        )
    )
    rows: list[tuple[int, int, float, str | None]] = []
    for pk, kind, record_id, screening_country, owner, batch_id, batch_row in hits:
        score = _score(found, kind, record_id)
        # The hit holds the check's data about the traveller: the checking bureau's.
        _best(found, Found("hit", pk, screening_country or owner, score, f"hit_on_{kind}"))
        if batch_id is not None and batch_row is not None:
            rows.append((batch_id, batch_row, score, screening_country or owner))
    _follow_rows(found, rows)
    _follow_contributions(found)


def _follow_rows(
    found: dict[tuple[str, int], Found], rows: Iterable[tuple[int, int, float, str | None]]
) -> None:
    wanted = {(b, r): (s, owner) for b, r, s, owner in rows}
    if not wanted:
        return
    q = Q(pk__in=[])
    for b, r in wanted:
        q |= Q(batch_id=b, row=r)
    for pk, b, r in BatchRow.objects.filter(q).values_list("pk", "batch_id", "row"):
        score, owner = wanted[(b, r)]
        _best(found, Found("list_row", pk, owner, score, "list_row_hit"))


CONTRIBUTED = {
    "person": "person",
    "document": "document",
    "notice": "notice",
    "hit": "hit",
    "list_row": "list_row",
}


def _follow_contributions(found: dict[tuple[str, int], Found]) -> None:
    on = Q(pk__in=[])
    for item_kind, contribution_kind in CONTRIBUTED.items():
        ids = _ids(found, item_kind)
        if ids:
            on |= Q(kind=contribution_kind, object_id__in=ids)
    rows = Contribution.objects.filter(on, withdrawn_at__isnull=True).values_list(
        "pk", "kind", "object_id", "country_id"
    )
    for pk, kind, object_id, country in rows:
        _best(
            found,
            Found("contribution", pk, country, _score(found, kind, object_id or 0), f"contribution_{kind}"),
        )
