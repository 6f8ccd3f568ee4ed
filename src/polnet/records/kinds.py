"""What differs between the five record kinds: fields, validation, search and output.

The services stay generic and call the spec of the kind at hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from polnet.core.actor import Actor
from polnet.core.countries import to_alpha2
from polnet.core.errors import InvalidInput
from polnet.core.identifier_errors import vin_refused
from polnet.core.search import person_terms
from polnet.identifiers.documents import latin_number
from polnet.identifiers.normalise import normalise_identifier
from polnet.identifiers.vin import VinError, validate_vin
from polnet.records import schemas as s
from polnet.records.bulk import lookup
from polnet.records.models import (
    Artwork,
    Firearm,
    Person,
    Record,
    TravelDocument,
    Vehicle,
)
from polnet.records.names import names_out, names_q, replace_names

# A bulk sync (`polnet.feeds`) checks a million rows with the same rules as a single create:
# inside `many_rows()` the countries are read once, and the checks that need one query a row
# (a document's duplicate) are left to the caller, who runs them once a chunk.
_BULK: ContextVar[frozenset[str] | None] = ContextVar("records_bulk_countries", default=None)


@contextmanager
def many_rows() -> Iterator[None]:
    from polnet.network.models import Country

    token = _BULK.set(frozenset(Country.objects.values_list("code", flat=True)))
    try:
        yield
    finally:
        _BULK.reset(token)


def _known_country(alpha2: str) -> bool:
    from polnet.network.models import Country

    known = _BULK.get()
    if known is not None:
        return alpha2 in known
    return Country.objects.filter(code=alpha2).exists()


def country(code: str | None, field: str, *, required: bool = False) -> str | None:
    if not code:
        if required:
            raise InvalidInput(_("Choose a country."), code="country_required", field=field)
        return None
    alpha2 = to_alpha2(code)
    if alpha2 is None or not _known_country(alpha2):
        raise InvalidInput(_("This is not a known country."), code="country_unknown", field=field)
    return alpha2


def countries(codes: list[str], field: str) -> list[str]:
    """Each code checked as `country` does (`field.0`, `field.1` … name a wrong one), sorted, once each."""
    return sorted({country(c, f"{field}.{n}", required=True) or "" for n, c in enumerate(codes)})


def normalise_number(raw: str) -> str:
    """Document numbers and plates: upper case, Latin letters and digits only."""
    return latin_number(raw)


# ---- per-kind field handling --------------------------------------------------------------


def apply_person(rec: Record, data: dict[str, Any]) -> Callable[[], None]:
    assert isinstance(rec, Person)
    if "date_of_birth" in data:
        dob = data["date_of_birth"]
        rec.dob_year, rec.dob_month, rec.dob_day = s.parse_partial_date(dob) if dob else (None, None, None)
    for f in ("sex", "place_of_birth", "distinguishing_marks"):
        if f in data:
            setattr(rec, f, data[f])
    if "country_of_birth" in data:
        rec.country_of_birth_id = country(data["country_of_birth"], "country_of_birth")
    if "identifiers" in data:
        rec.identifiers = [
            {
                "kind": i["kind"],
                "value": i["value"],
                "country": country(i.get("country"), f"identifiers.{n}.country") or "",
            }
            for n, i in enumerate(data["identifiers"])
        ]
    nationalities = (
        [country(c, f"nationalities.{n}", required=True) for n, c in enumerate(data["nationalities"])]
        if "nationalities" in data
        else None
    )
    names = data.get("names")

    def after_save() -> None:
        if nationalities is not None:
            rec.nationalities.set(nationalities)  # type: ignore[arg-type]  # primary keys
        if names is not None:
            replace_names(rec, names)

    return after_save


def apply_document(rec: Record, data: dict[str, Any]) -> Callable[[], None]:
    assert isinstance(rec, TravelDocument)
    if "number" in data:
        rec.number = normalise_number(data["number"])
        if not rec.number:
            raise InvalidInput(
                _("The document number has no letters or digits."),
                code="document_number_no_alnum",
                field="number",
            )
    for f in ("kind", "status", "date_reported"):
        if f in data:
            setattr(rec, f, data[f])
    # Only the issuing country adds its documents (SLTD rule).
    rec.issuing_country_id = rec.owner_country_id
    if "holder_id" in data:
        rec.holder_id = data["holder_id"]
        if (
            rec.holder_id is not None
            and not Person.objects.filter(pk=rec.holder_id, owner_country_id=rec.owner_country_id).exists()
        ):
            raise InvalidInput(
                _("The holder must be a person record of your country."),
                code="holder_unknown",
                field="holder_id",
            )
    if _BULK.get() is None:  # many rows: the caller asks once a chunk (`document_clashes`)
        clash = TravelDocument.objects.filter(
            issuing_country_id=rec.issuing_country_id, kind=rec.kind, number=rec.number
        ).exclude(pk=rec.pk)
        if clash.exists():
            raise document_duplicate()
    return lambda: None


def document_duplicate() -> InvalidInput:
    return InvalidInput(
        _("A document of this type and number is already recorded."),
        code="document_duplicate",
        field="number",
    )


def document_clashes(country: str, docs: list[tuple[int | None, str, str]]) -> set[tuple[str, str]]:
    """Of these (id or None, kind, number) of one issuing country, the (kind, number) pairs
    another record already holds: one query for a whole chunk of a bulk sync."""
    numbers = {number for _, _, number in docs}
    own = {pk for pk, _, _ in docs if pk is not None}
    # By number alone: with the country too, SQLite's planner walks the country's whole share of
    # the unique index instead of the numbers' index.
    held = lookup(TravelDocument, ("id", "issuing_country_id", "kind", "number"), "number", numbers)
    return {(kind, number) for pk, issuer, kind, number in held if issuer == country and pk not in own}


def apply_vehicle(rec: Record, data: dict[str, Any]) -> Callable[[], None]:
    assert isinstance(rec, Vehicle)
    if "vin" in data:
        raw = (data["vin"] or "").strip()
        if raw:
            try:
                rec.vin = validate_vin(raw).vin
            except VinError as exc:
                raise vin_refused(exc) from None
        else:
            rec.vin = ""
    if "plate" in data:
        rec.plate = normalise_number(data["plate"] or "")
    if "plate_country" in data:
        rec.plate_country_id = country(data["plate_country"], "plate_country")
    for f in ("make", "model", "colour", "year"):
        if f in data:
            setattr(rec, f, data[f])
    if not (rec.vin or rec.plate):
        raise InvalidInput(
            _("Enter a VIN or a number plate."), code="vehicle_identifier_missing", field="vin"
        )
    return lambda: None


def apply_firearm(rec: Record, data: dict[str, Any]) -> Callable[[], None]:
    assert isinstance(rec, Firearm)
    for f in ("make", "model", "calibre", "kind", "status"):
        if f in data:
            setattr(rec, f, data[f])
    if "serial_number" in data:
        rec.serial_number = data["serial_number"].strip().upper()
        # The firearms check compares serials without their separators: one of nothing else
        # could never be checked, and would stop the check's index taking the record.
        if not normalise_identifier(rec.serial_number):
            raise InvalidInput(
                _("The serial number has no letters or digits."),
                code="serial_number_no_alnum",
                field="serial_number",
            )
    return lambda: None


def apply_artwork(rec: Record, data: dict[str, Any]) -> Callable[[], None]:
    for f in ("title", "artist", "category", "period", "dimensions", "description", "public"):
        if f in data:
            setattr(rec, f, data[f])
    return lambda: None


# ---- output -------------------------------------------------------------------------------


def access_out(rec: Record) -> dict[str, Any]:
    return {
        "id": rec.pk,
        "record_kind": rec.RECORD_KIND,
        "owner_country": rec.owner_country_id,
        "created_by": rec.created_by.username,
        "created_at": rec.created_at,
        "updated_at": rec.updated_at,
        "purpose": rec.purpose,
        "handling_code": rec.handling_code,
        "source_reliability": rec.source_reliability,
        "information_accuracy": rec.information_accuracy,
        "restriction": rec.restriction,
        "listed_countries": sorted(c.code for c in rec.listed_countries.all()),
        "bureau_only": rec.bureau_only,
        "review_date": rec.review_date,
        "record_status": rec.record_status,
        "state": rec.state,
        "state_reason": rec.state_reason,
        "state_changed_at": rec.state_changed_at,
        "hit_action": rec.hit_action,
        "hit_action_reference": rec.hit_action_reference,
        "hit_action_note": rec.hit_action_note,
        "version": rec.version,
    }


def person_out(rec: Record) -> dict[str, Any]:
    assert isinstance(rec, Person)
    return {
        "names": names_out(rec.names.all()),
        "date_of_birth": rec.date_of_birth or None,
        "sex": rec.sex,
        "nationalities": sorted(c.code for c in rec.nationalities.all()),
        "place_of_birth": rec.place_of_birth,
        "country_of_birth": rec.country_of_birth_id,
        "identifiers": rec.identifiers,
        "distinguishing_marks": rec.distinguishing_marks,
    }


def _fields_out(*names: str) -> Callable[[Record], dict[str, Any]]:
    def out(rec: Record) -> dict[str, Any]:
        return {n: getattr(rec, n) for n in names}

    return out


# ---- search -------------------------------------------------------------------------------


def person_search(qs: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Every word of the name in a name form; a year or date typed beside it is the date of birth."""
    terms = person_terms(text)
    if terms.date_of_birth:
        year, month, day = terms.parts
        qs = qs.filter(dob_year=year)
        qs = qs.filter(dob_month=month) if month else qs
        qs = qs.filter(dob_day=day) if day else qs
    if not terms.name:
        return qs
    return qs.filter(pk__in=Person.objects.filter(names_q(terms.name)).values("pk"))


def _text_search(
    *fields: str, normalise: Callable[[str], str] | None = None
) -> Callable[[QuerySet[Any], str], QuerySet[Any]]:
    def search(qs: QuerySet[Any], text: str) -> QuerySet[Any]:
        needle = normalise(text) if normalise else text.strip()
        q = Q(pk__in=[])
        for f in fields:
            q |= Q(**{f"{f}__icontains": needle})
        return qs.filter(q)

    return search


@dataclass(frozen=True)
class KindSpec:
    kind: str
    label: str
    model: type[Record]
    schema_in: type[Schema]
    schema_patch: type[Schema]
    schema_out: type[Schema]
    apply: Callable[[Record, dict[str, Any]], Callable[[], None]]
    out: Callable[[Record], dict[str, Any]]
    search: Callable[[QuerySet[Any], str], QuerySet[Any]]
    filters: dict[str, str]  # query parameter -> model lookup
    prefetch: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


KINDS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            "person",
            "Persons",
            Person,
            s.PersonIn,
            s.PersonPatch,
            s.PersonOut,
            apply_person,
            person_out,
            person_search,
            {"nationality": "nationalities__code", "sex": "sex", "dob_year": "dob_year"},
            prefetch=("names", "nationalities", "listed_countries"),
        ),
        KindSpec(
            "document",
            "Travel documents",
            TravelDocument,
            s.DocumentIn,
            s.DocumentPatch,
            s.DocumentOut,
            apply_document,
            _fields_out("number", "kind", "issuing_country_id", "status", "date_reported", "holder_id"),
            _text_search("number", normalise=normalise_number),
            {"status": "status", "document_kind": "kind", "issuing_country": "issuing_country_id"},
            prefetch=("listed_countries",),
        ),
        KindSpec(
            "vehicle",
            "Motor vehicles",
            Vehicle,
            s.VehicleIn,
            s.VehiclePatch,
            s.VehicleOut,
            apply_vehicle,
            _fields_out("vin", "plate", "plate_country_id", "make", "model", "colour", "year"),
            _text_search("vin", "plate", normalise=normalise_number),
            {"make": "make__iexact", "plate_country": "plate_country_id"},
            prefetch=("listed_countries",),
        ),
        KindSpec(
            "firearm",
            "Firearms",
            Firearm,
            s.FirearmIn,
            s.FirearmPatch,
            s.FirearmOut,
            apply_firearm,
            _fields_out("make", "model", "calibre", "serial_number", "kind", "status"),
            _text_search("serial_number", "make", "model"),
            {"status": "status", "firearm_kind": "kind", "make": "make__iexact"},
            prefetch=("listed_countries",),
        ),
        KindSpec(
            "artwork",
            "Works of art",
            Artwork,
            s.ArtworkIn,
            s.ArtworkPatch,
            s.ArtworkOut,
            apply_artwork,
            _fields_out("title", "artist", "category", "period", "dimensions", "description", "public"),
            _text_search("title", "artist", "description"),
            {"category": "category"},
            prefetch=("listed_countries",),
        ),
    )
}
COMMON_FILTERS = {
    "owner_country": "owner_country_id",
    "record_status": "record_status",
    "state": "state",
    "purpose": "purpose",
    "handling_code": "handling_code",
}


def spec_for(kind: str) -> KindSpec:
    try:
        return KINDS[kind]
    except KeyError:
        raise InvalidInput(
            _("There is no such database."), code="record_kind_unknown", field="kind"
        ) from None


def holders_seen(actor: Actor, records: list[Record]) -> set[int]:
    """The persons named as holders of these documents that the actor may see (one query)."""
    ids = {r.holder_id for r in records if isinstance(r, TravelDocument) and r.holder_id is not None}
    if not ids:
        return set()
    return set(Person.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))


def shown_holder(actor: Actor, rec: Record) -> int | None:
    """A document's holder as the actor may know it: a person record it may not see reads as none."""
    if not isinstance(rec, TravelDocument) or rec.holder_id is None:
        return None
    return rec.holder_id if rec.holder_id in holders_seen(actor, [rec]) else None


def serialise_all(actor: Actor, records: list[Record]) -> list[dict[str, Any]]:
    """Records as the API shows them to the actor."""
    seen = holders_seen(actor, records)
    out = []
    for rec in records:
        row = access_out(rec)
        extra = KINDS[rec.RECORD_KIND].out(rec)
        if "holder_id" in extra and extra["holder_id"] not in seen:
            extra["holder_id"] = None  # the one access policy decides: a hidden person has no id here
        # Plain names for foreign keys in the API (issuing_country, not issuing_country_id).
        row.update({k.removesuffix("_id") if k != "holder_id" else k: v for k, v in extra.items()})
        out.append(row)
    return out


def serialise(actor: Actor, rec: Record) -> dict[str, Any]:
    return serialise_all(actor, [rec])[0]
