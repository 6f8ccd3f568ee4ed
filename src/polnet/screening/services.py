"""Screening: check a person, a document (or a whole MRZ), a vehicle, a firearm or a work of art.

The engine answers from the process's index; the access policy's predicate is
passed into the engine so hidden records are never candidates. The index follows the
database a moment late, so the few candidates are checked again against the database
before anything is written or shown (`_still_visible`). A unit whose scope is hit / no
hit gets no record details. Every query goes to the query log; every match becomes a
Hit that its owner bureau sees at once.

Every check of a person states its purpose, one of the listed purposes (`core/purposes.py`):
its own, or its caller's default (a machine token's, set by its bureau; a passenger list's).
A check without one is refused before anything is searched or written. The other kinds keep
a purpose when one is stated or a default applies, and do not require one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit, gates, policy, purposes
from polnet.core.actions import action_public
from polnet.core.actor import Actor, Gated, TokenScope
from polnet.core.countries import to_alpha2
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.core.identifier_errors import vin_refused
from polnet.core.phash import perceptual_hash, unsigned
from polnet.core.write_queue import one_writer
from polnet.identifiers.errors import IdentifierProblem, InputRefused
from polnet.identifiers.mrz import MRZError, parse_mrz
from polnet.identifiers.vin import VinError, VinProblem, normalise_vin, validate_vin
from polnet.records.kinds import serialise_all
from polnet.records.models import RECORD_MODELS
from polnet.records.photos import first_photo_url
from polnet.screening import confirmation, listeners
from polnet.screening import index as screening_index
from polnet.screening.engine.boundary import (
    ArtworkQuery,
    DocumentQuery,
    FirearmQuery,
    KindEngine,
    VehicleQuery,
)
from polnet.screening.engine.boundary import Candidate as EngineCandidate
from polnet.screening.engine.engines import Engines
from polnet.screening.engine.errors import EngineInputError
from polnet.screening.engine.person.engine import DEFAULT_THRESHOLD, Feature, PersonQuery
from polnet.screening.hit_policy import had_the_hit, hit_visible
from polnet.screening.index import FactsTable, ScreeningIndex
from polnet.screening.messages import PERSON_FIELDS, engine_refused, mrz_refused
from polnet.screening.models import Hit, Outcome
from polnet.screening.notice_subjects import notice_details, notice_owners, screenable_notices
from polnet.screening.querylog import writer as query_log
from polnet.screening.rows import access_facts


@dataclass
class Candidate:
    kind: str
    record_id: int
    score: float
    explanation: list[dict[str, Any]]
    owner_country: str | None  # None: a secretariat notice (UN)
    hit_id: int | None = None
    record: dict[str, Any] | None = None
    notice: dict[str, str] | None = None  # a notice subject's reference, kind and channel
    # What the owner asks the officer to do, as the record or notice says at the hit.
    action: str = ""
    action_reference: str = ""  # the warrant of an arrest: shown only with the details
    action_note: str = ""

    def action_public(self, *, disclosed: bool) -> dict[str, object] | None:
        return action_public(
            self.action, note=self.action_note, reference=self.action_reference, disclosed=disclosed
        )

    def public(self) -> dict[str, Any]:
        """The candidate as a reader who sees details gets it."""
        body = {k: v for k, v in self.__dict__.items() if k not in _ACTION_KEYS}
        body["action"] = self.action_public(disclosed=True)
        return body


_ACTION_KEYS = frozenset({"action", "action_reference", "action_note"})


@dataclass
class ScreeningResult:
    kind: str
    hit: bool
    disclosed: bool
    candidates: list[Candidate] = field(default_factory=list)
    parsed: dict[str, Any] | None = None  # e.g. the fields read from an MRZ
    related: list[ScreeningResult] = field(default_factory=list)

    def public(self) -> dict[str, Any]:
        """What the caller may see: everything, or only hit / no hit with hit references."""
        body: dict[str, Any] = {"kind": self.kind, "hit": self.hit, "disclosed": self.disclosed}
        if self.parsed is not None:
            body["parsed"] = self.parsed
        if self.disclosed:
            body["candidates"] = [c.public() for c in self.candidates]
        else:
            body["hit_ids"] = [c.hit_id for c in self.candidates]
            # What to do on each hit, without the record: a unit that sees no details must
            # still know whether to arrest, protect or only report (not the warrant, which
            # names the case).
            body["hits"] = [
                {"hit_id": c.hit_id, "action": c.action_public(disclosed=False)} for c in self.candidates
            ]
            if self.hit:
                body["advice"] = (
                    "Possible match: hold the traveller and contact your National Central Bureau."
                )
        body["related"] = [r.public() for r in self.related]
        return body


def _owned(facts: FactsTable, found: Iterable[EngineCandidate]) -> list[tuple[EngineCandidate, str]]:
    """Candidates with their owner country; read under the index lock, while the facts are current."""
    out = []
    for c in found:
        f = facts.get(c.record_id)
        if f is not None:
            out.append((c, f.owner_country))
    return out


def _explained(features: Iterable[Feature]) -> list[dict[str, Any]]:
    """A candidate's explanation as stored with its hit and shown to the caller."""
    return [
        {
            "feature": f.name,
            "strength": round(f.strength, 3),
            "supports": f.supports,
            "contribution": round(f.contribution, 3),
            "detail": f.detail,
            # The detail as data, which the pages word in the reader's language.
            "code": f.code,
            "params": dict(f.params),
            "notes": [{"code": n.code, "params": dict(n.params)} for n in f.notes],
        }
        for f in features
    ]


def _require(actor: Actor, kind: str) -> None:
    gates.require_clear(actor, Gated.CONSULT)
    if not policy.may_screen(actor, kind):
        raise Forbidden(_("Your access does not include this database."), code="screening_kind_forbidden")


def _record_hits(
    actor: Actor,
    kind: str,
    query: dict[str, Any],
    cands: list[Candidate],
    location: str,
    batch_id: int | None = None,
    batch_row: int | None = None,
) -> list[Hit]:
    """Write the candidates' hits; returns the hits new in the database, the ones to announce.

    A passenger-list row checked again (a list resumed after a crash) meets the hits it
    made before: (batch, batch_row, kind, record_id) is unique, and those are not new."""
    if not cands:
        return []
    hits, created = _insert_hits(
        [
            Hit(
                kind=c.kind,  # a person check may hit a notice's subject
                record_id=c.record_id,
                owner_country_id=c.owner_country,
                score=c.score,
                explanation=c.explanation,
                query=query,
                screened_by_id=actor.user_id,  # type: ignore[misc]  # screening needs a user
                unit_id=actor.unit.unit_id if actor.unit else None,
                screening_country_id=actor.country,
                location=location[:200],
                batch_id=batch_id,
                action=c.action,
                action_reference=c.action_reference,
                action_note=c.action_note,
                batch_row=batch_row if batch_id is not None else None,
            )
            for c in cands
        ]
    )
    for c, h in zip(cands, hits, strict=True):
        c.hit_id = h.pk
    confirmation.hits_recorded(created)  # the owner's deadline, and the owner told
    return created


def _insert_hits(hits: list[Hit]) -> tuple[list[Hit], list[Hit]]:
    """(the hits, each carrying its id; those of them not there before). A list row's hits
    are inserted with conflicts ignored and read back: a hit the row already had keeps its
    id and is not new."""
    batch_id, batch_row = hits[0].batch_id, hits[0].batch_row
    if batch_id is None or batch_row is None:
        made = Hit.objects.bulk_create(hits)
        return made, made
    row = Hit.objects.filter(batch_id=batch_id, batch_row=batch_row)
    before = set(row.values_list("pk", flat=True))
    Hit.objects.bulk_create(hits, ignore_conflicts=True)
    stored = {(h.kind, h.record_id): h.pk for h in row.only("pk", "kind", "record_id")}
    for h in hits:
        h.pk = stored[(h.kind, h.record_id)]
    return hits, [h for h in hits if h.pk not in before]


def _attach_details(actor: Actor, kind: str, cands: list[Candidate]) -> None:
    """Full records for callers who may see them, re-read through the policy's SQL filter."""
    if not cands or not policy.discloses_details(actor):
        return
    notices = [c for c in cands if c.kind == "notice" and c.notice is not None]
    details = notice_details(actor, [c.record_id for c in notices]) if notices else {}
    for c in notices:
        more = details.get(c.record_id, {})
        c.record = {**(c.notice or {}), **more, "id": c.record_id, "url": f"/notices/{c.record_id}/"}
    records = [c for c in cands if c.kind in RECORD_MODELS]
    if not records:
        return
    model = RECORD_MODELS[records[0].kind]
    found = list(model.objects.visible_to(actor).filter(pk__in=[c.record_id for c in records]))
    shown = {r["id"]: r for r in serialise_all(actor, found)}
    photos = actor.allows_scope(TokenScope.RECORDS_READ)  # the photo view asks the same
    by_id = {rec.pk: rec for rec in found}
    for c in records:
        if c.record_id in shown:
            photo = first_photo_url(actor, by_id[c.record_id]) if photos else ""
            c.record = {**shown[c.record_id], "photo_url": photo}


def _still_visible(actor: Actor, cands: list[Candidate]) -> list[Candidate]:
    """The candidates the actor may see now, by the database rather than the index.

    Every server process (and passenger-list worker) follows the change feed on its own, a
    moment late: a restriction tightened, a record expired or deleted, a notice suspended a
    moment ago would still be a candidate. The few candidates' access facts are read again
    (one query per kind, a second for listed countries) and the policy's predicate decides,
    before any hit is written or shown. The same queries read what each record or notice asks
    an officer to do on a hit, which the hit keeps as it is now."""
    ids: dict[str, list[int]] = defaultdict(list)
    for c in cands:
        ids[c.kind].append(c.record_id)
    rule = policy.visibility(actor)
    visible: set[tuple[str, int]] = set()
    actions: dict[str, dict[int, tuple[str, str, str]]] = defaultdict(dict)
    for kind, pks in ids.items():
        if kind == "notice":
            found: Iterable[int] = screenable_notices(actor, pks, actions[kind])
        elif kind in RECORD_MODELS:
            facts = access_facts(RECORD_MODELS[kind], pks, actions[kind])
            found = [pk for pk, f in facts.items() if rule.holds(f)]
        else:  # a kind no rule knows: default deny
            found = ()
        visible.update((kind, pk) for pk in found)
    kept = [c for c in cands if (c.kind, c.record_id) in visible]
    for c in kept:
        c.action, c.action_reference, c.action_note = actions[c.kind].get(c.record_id, ("", "", ""))
    return kept


def _finish(
    actor: Actor,
    result: ScreeningResult,
    query: dict[str, Any],
    location: str,
    batch_id: int | None,
    batch_row: int | None = None,
    *,
    purpose: str = "",
) -> ScreeningResult:
    if result.candidates:
        result.candidates = _still_visible(actor, result.candidates)
        result.hit = bool(result.candidates)
    if result.candidates:  # a miss writes no hit, only its query-log row below
        with one_writer(), transaction.atomic():
            _record_hits(actor, result.kind, query, result.candidates, location, batch_id, batch_row)
    _attach_details(actor, result.kind, result.candidates)
    query_log.add(
        actor,
        result.kind,
        query,
        {
            "hit": result.hit,
            "records": [c.record_id for c in result.candidates][:20],
            "hits": [c.hit_id for c in result.candidates][:20],
            "disclosed": result.disclosed,
        },
        batch_id=batch_id,
        purpose=purpose,
    )
    listeners.check_done(
        listeners.CheckDone(
            actor,
            result.kind,
            query,
            location,
            tuple((c.kind, c.record_id, c.hit_id) for c in result.candidates),
        )
    )
    return result


# ---- one screening path for every kind ------------------------------------------------------

Q = TypeVar("Q")


@dataclass(frozen=True, slots=True)
class KindScreening(Generic[Q]):
    """What differs between the kinds on the way from a query to a result."""

    kind: str
    engine: Callable[[Engines], KindEngine[Q, Any]]
    # Refuses or tidies what was typed; runs after the access check, so a caller who may
    # not screen this kind learns nothing about its input rules.
    checked: Callable[[Q], Q]
    # The query-log entry (and each hit's query) from the checked query and the engine's reading.
    logged: Callable[[Q, Q], dict[str, Any]]
    # The form field an engine's refusal is about, from its code (None: it refuses no checked query).
    refused_field: Callable[[str], str] | None = None
    # Candidates found beside the records, under the same lock (the subjects of notices).
    also: Callable[[ScreeningIndex, Actor, Q, int | None], list[Candidate]] | None = None
    # A check of this kind must state its purpose (persons); the others keep one if stated.
    needs_purpose: bool = False


def search_purpose(actor: Actor, purpose: str, *, required: bool) -> str:
    """The purpose a check states (its own or its caller's default); required for persons."""
    if required:
        return purposes.stated(actor, purpose)
    return purposes.listed(purpose) or purposes.listed(actor.default_purpose)


def _screen(
    actor: Actor,
    spec: KindScreening[Q],
    query: Q,
    *,
    location: str,
    batch_id: int | None = None,
    batch_row: int | None = None,
    limit: int | None = None,
    purpose: str = "",
) -> ScreeningResult:
    """Check the caller may, search the engine with their access predicate, then `_finish`."""
    _require(actor, spec.kind)
    purpose = search_purpose(actor, purpose, required=spec.needs_purpose)
    query = spec.checked(query)
    idx = screening_index.current()
    with idx.lock:
        facts = idx.facts[spec.kind]
        try:
            answer = spec.engine(idx.engines).screen(query, allowed=facts.predicate(actor), limit=limit)
        except InputRefused as exc:
            if spec.refused_field is None:
                raise
            raise engine_refused(exc, field=spec.refused_field(exc.code)) from None
        cands = [
            Candidate(spec.kind, c.record_id, round(c.score, 4), _explained(c.explanation), owner)
            for c, owner in _owned(facts, answer.candidates)
        ]
        if spec.also is not None:
            cands += spec.also(idx, actor, query, limit)
    if spec.also is not None and limit is not None:
        cands = sorted(cands, key=lambda c: -c.score)[:limit]
    result = ScreeningResult(spec.kind, bool(cands), policy.discloses_details(actor), cands)
    logged = spec.logged(query, answer.read)
    return _finish(actor, result, logged, location, batch_id, batch_row, purpose=purpose)


def _blame(country_field: str, identifier_field: str) -> Callable[[str], str]:
    """A refused country code is about the country field, any other refusal about the identifier."""

    def field(code: str) -> str:
        return country_field if code == IdentifierProblem.COUNTRY_CODE else identifier_field

    return field


# ---- persons ---------------------------------------------------------------------------------


def person_query(
    name: str = "",
    *,
    given: str = "",
    family: str = "",
    date_of_birth: str = "",
    sex: str = "",
    nationality: str = "",
    identifiers: list[str] | None = None,
    strict_nationality: bool = True,
) -> PersonQuery:
    """A query from form fields; ``strict_nationality=False`` drops a code that is not an ISO
    country (an MRZ may carry UTO, XXA …) instead of refusing it."""
    if nationality.strip():
        alpha2 = to_alpha2(nationality)
        if alpha2 is None and strict_nationality:
            raise InvalidInput(
                _("This is not a known country code."), code="country_code", field="nationality"
            )
        nationality = alpha2 or ""
    try:
        return PersonQuery(
            name,
            given=given,
            family=family,
            date_of_birth=date_of_birth or None,
            sex=sex or None,
            nationality=nationality,
            identifiers=identifiers or [],
        )
    except EngineInputError as exc:
        raise engine_refused(exc, field=PERSON_FIELDS.get(exc.code, "name")) from None


def _notice_subjects(
    idx: ScreeningIndex, actor: Actor, query: PersonQuery, limit: int | None
) -> list[Candidate]:
    """Subjects of notices in force that the actor may see, as candidates beside person records."""
    found = idx.notices.search(actor, query, threshold=DEFAULT_THRESHOLD, limit=limit or 10)
    return [
        Candidate(
            "notice",
            m.record_id,
            round(m.score, 4),
            _explained(m.explanation),
            info.facts.owner_country or None,
            notice={"reference": info.reference, "kind": info.kind, "channel": info.channel},
        )
        for m, info in found
    ]


PERSONS: KindScreening[PersonQuery] = KindScreening(
    "person",
    engine=lambda engines: engines.person,
    checked=lambda query: query,  # person_query refused what it could not read
    logged=lambda query, _: {
        "names": list(query.names),
        "date_of_birth": str(query.date_of_birth or ""),
        "sex": query.sex or "",
        "nationalities": list(query.nationalities),
    },
    also=_notice_subjects,
    needs_purpose=True,
)


def screen_person(
    actor: Actor,
    query: PersonQuery,
    *,
    location: str = "",
    limit: int = 10,
    batch_id: int | None = None,
    batch_row: int | None = None,
    purpose: str = "",
) -> ScreeningResult:
    """Person records and the subjects of notices in force, best first. ``purpose``: one of the
    listed purposes; without one the caller's default applies, and without that it is refused."""
    return _screen(
        actor,
        PERSONS,
        query,
        location=location,
        batch_id=batch_id,
        batch_row=batch_row,
        limit=limit,
        purpose=purpose,
    )


# ---- travel documents ------------------------------------------------------------------------


def _document_checked(query: DocumentQuery) -> DocumentQuery:
    if not query.number.strip():
        raise InvalidInput(_("Enter the document number."), code="document_number_empty", field="number")
    return query


DOCUMENTS: KindScreening[DocumentQuery] = KindScreening(
    "document",
    engine=lambda engines: engines.document,
    checked=_document_checked,
    logged=lambda _, read: {"number": read.number, "country": read.issuing_country or ""},
    refused_field=_blame("country", "number"),
)


def screen_document(
    actor: Actor,
    number: str,
    country: str | None,
    *,
    location: str = "",
    batch_id: int | None = None,
    batch_row: int | None = None,
    purpose: str = "",
) -> ScreeningResult:
    query = DocumentQuery(number, country or None)
    return _screen(
        actor,
        DOCUMENTS,
        query,
        location=location,
        batch_id=batch_id,
        batch_row=batch_row,
        purpose=purpose,
    )


def screen_mrz(actor: Actor, mrz: str, *, location: str = "", purpose: str = "") -> ScreeningResult:
    """A whole machine-readable zone: the document, and its holder when the actor may screen
    persons. The zone names its holder, so it states its purpose as a person check does,
    before the document is checked: a refusal writes nothing."""
    try:
        data = parse_mrz(mrz)
    except MRZError as exc:
        raise mrz_refused(exc) from None
    purpose = purposes.stated(actor, purpose)
    result = screen_document(
        actor, data.document_number, data.issuing_state, location=location, purpose=purpose
    )
    result.parsed = {
        "format": str(data.format),
        "document_kind": data.document_kind,
        "issuing_state": data.issuing_state,
        "document_number": data.document_number,
        "surname": data.surname,
        "given_names": data.given_names,
        "nationality": data.nationality,
        "date_of_birth": str(data.birth_date),
        "sex": data.sex or "",
        "expiry_date": str(data.expiry_date or ""),
    }
    if policy.may_screen(actor, "person") and (data.surname or data.given_names):
        b = data.birth_date
        dob = (
            ""
            if b.year is None
            else f"{b.year:04d}"
            + (f"-{b.month:02d}" if b.month else "")
            + (f"-{b.day:02d}" if b.month and b.day else "")
        )
        q = person_query(
            given=data.given_names,
            family=data.surname,
            date_of_birth=dob,
            sex=data.sex or "",
            nationality=data.nationality,
            strict_nationality=False,
        )
        result.related.append(screen_person(actor, q, location=location, purpose=purpose))
    return result


# ---- vehicles and firearms ---------------------------------------------------------------------


def _vehicle_checked(query: VehicleQuery) -> VehicleQuery:
    vin, plate = query.vin or "", query.plate or ""
    if not (vin.strip() or plate.strip()):
        raise InvalidInput(
            _("Enter a VIN or a number plate."), code="vehicle_identifier_missing", field="vin"
        )
    if vin.strip():
        try:
            vin = validate_vin(vin).vin
        except VinError as exc:
            if exc.problem == VinProblem.LENGTH:
                raise vin_refused(exc) from None
            # A misread check digit or an O/I for 0/1 must not hide a stolen car: the engine
            # reads those confusions itself.
            vin = normalise_vin(vin)
    return replace(query, vin=vin or None)


VEHICLES: KindScreening[VehicleQuery] = KindScreening(
    "vehicle",
    engine=lambda engines: engines.vehicle,
    checked=_vehicle_checked,
    logged=lambda query, _: {
        "vin": query.vin or "",
        "plate": query.plate or "",
        "plate_country": query.plate_country or "",
    },
    refused_field=_blame("plate_country", "vin"),
)


def screen_vehicle(
    actor: Actor,
    *,
    vin: str = "",
    plate: str = "",
    plate_country: str = "",
    location: str = "",
    purpose: str = "",
) -> ScreeningResult:
    query = VehicleQuery(vin or None, plate or None, plate_country or None)
    return _screen(actor, VEHICLES, query, location=location, purpose=purpose)


def _firearm_checked(query: FirearmQuery) -> FirearmQuery:
    if not query.serial.strip():
        raise InvalidInput(_("Enter the serial number."), code="serial_empty", field="serial")
    return query


FIREARMS: KindScreening[FirearmQuery] = KindScreening(
    "firearm",
    engine=lambda engines: engines.firearm,
    checked=_firearm_checked,
    logged=lambda query, _: {"serial": query.serial, "make": query.make or ""},
    refused_field=lambda _: "serial",
)


def screen_firearm(
    actor: Actor, *, serial: str, make: str = "", location: str = "", purpose: str = ""
) -> ScreeningResult:
    query = FirearmQuery(serial, make or None)
    return _screen(actor, FIREARMS, query, location=location, purpose=purpose)


# ---- works of art -------------------------------------------------------------------------------


def _artwork_checked(query: ArtworkQuery) -> ArtworkQuery:
    if not (query.title.strip() or query.artist.strip() or query.description.strip()) and query.phash is None:
        raise InvalidInput(
            _("Enter a title, an artist or a description, or add a photo."),
            code="artwork_query_empty",
            field="title",
        )
    return query


ARTWORKS: KindScreening[ArtworkQuery] = KindScreening(
    "artwork",
    engine=lambda engines: engines.artwork,
    checked=_artwork_checked,
    logged=lambda query, _: {
        "title": query.title,
        "artist": query.artist,
        "description": query.description[:500],
        "dimensions": query.dimensions,
        # The photo itself is not kept: only that one was given, and its hash.
        "photo_phash": f"{query.phash:016x}" if query.phash is not None else "",
    },
)


def screen_artwork(
    actor: Actor,
    *,
    title: str = "",
    artist: str = "",
    description: str = "",
    dimensions: str = "",
    photo: bytes | None = None,
    location: str = "",
    purpose: str = "",
) -> ScreeningResult:
    """Works of art like the one described or photographed (`engine.artworks`). ``photo``: the
    bytes of an uploaded image, already read within the size limit (`core.images.read_upload`)."""
    _require(actor, "artwork")  # before the photo is read: a refused caller learns nothing
    phash = unsigned(perceptual_hash(photo)) if photo else None
    query = ArtworkQuery(title.strip(), artist.strip(), description.strip(), dimensions.strip(), phash)
    return _screen(actor, ARTWORKS, query, location=location, purpose=purpose)


# ---- hits --------------------------------------------------------------------------------------


def report_outcome(actor: Actor, hit_id: int, outcome: str, note: str = "") -> Hit:
    """The unit (or user) that had the hit says what happened."""
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        raise InvalidInput(_("Choose an outcome from the list."), code="outcome_unknown", field="outcome")
    with transaction.atomic():
        hit = Hit.objects.select_for_update().filter(pk=hit_id).first()
        if hit is None or not hit_visible(actor, hit):
            raise NotFound(_("There is no such hit, or it is not shared with you."), code="hit_not_found")
        if not had_the_hit(actor, hit):
            raise Forbidden(
                _("Only the unit or officer that had the hit reports its outcome."),
                code="hit_outcome_not_yours",
            )
        hit.outcome, hit.outcome_note = outcome, note[:2000]
        hit.outcome_by_id, hit.outcome_at = actor.user_id, timezone.now()
        hit.save(update_fields=["outcome", "outcome_note", "outcome_by", "outcome_at"])
        audit.log(actor, audit.Action.UPDATE, "hit", hit.pk, detail={"outcome": outcome})
    return hit


# ---- hits made elsewhere ---------------------------------------------------------------------


def record_uploaded_hits(
    actor: Actor, found: list[tuple[str, int, float, dict[str, Any], str]]
) -> list[Hit | None]:
    """Hits a disconnected post found with its offline package, uploaded when the link is back:
    (kind, record id, score, query, location) each; kind "notice" for a notice's subject, which
    a person check finds. They take the online path: the record or notice must still be one the
    actor may see now (else None), the hit keeps what it asks, and its owner is told as for an
    online hit. The caller holds the transaction and the writer."""
    out: list[Hit | None] = []
    for kind, record_id, score, query, location in found:
        if not policy.may_screen(actor, "person" if kind == "notice" else kind):
            out.append(None)
            continue
        cands = _still_visible(actor, [Candidate(kind, record_id, round(score, 4), [], None)])
        if not cands:
            out.append(None)
            continue
        if kind == "notice":
            cands[0].owner_country = notice_owners([record_id]).get(record_id)
        else:
            cands[0].owner_country = access_facts(RECORD_MODELS[kind], [record_id])[record_id].owner_country
        made = _record_hits(actor, kind, query, cands, location)
        out.append(made[0] if made else None)
    return out
