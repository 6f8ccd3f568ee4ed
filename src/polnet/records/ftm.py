"""Records as FollowTheMoney entities and back: pure functions over the library's model.

The mapping (docs/feeds.md, "FollowTheMoney"):
- a person: `Person` (name forms as `name`, aliases as `alias`; the first form's given and
  family names as `firstName`/`lastName`; `birthDate`, `gender`, `nationality`,
  `birthPlace`, `birthCountry`, identifiers as `idNumber`);
- a passport: `Passport`; any other travel document: `Identification` with its kind in
  `type`; both with `number`, `country` (issuing), `holder` (the Person), the status in
  `summary` and the date reported in `date`. FtM requires a holder: a document whose holder
  the reader may not see (or that has none) names a stand-in Person marked `STAND_IN`;
- a vehicle: `Vehicle` (`registrationNumber`, `country` of the plate, `model`, `buildDate`
  as the year) with the VIN, make and colour as tagged `keywords` (`vin:`, `make:`,
  `colour:`): FtM has no property of its own for them;
- a firearm or a work of art: `Asset` (the `Thing` that is a thing of value), its name, its
  description, and its identifying fields as tagged `keywords` (`serial:`, `artist:` …).
Ids are stable and namespaced: `polnet-<node>-<kind>-<id>`.

Persons, passports, identifications and vehicles are read back (`entity_to_record`); an
`Asset` too when the caller says which kind it is (a feed batch of firearms or artworks).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy

from polnet.records.models import (
    Artwork,
    DocumentKind,
    DocumentStatus,
    Firearm,
    Person,
    Record,
    TravelDocument,
    Vehicle,
)
from polnet.records.names import ranked

STAND_IN = "polnet:stand-in-holder"  # a keyword on a Person that only fills a required holder
SEX_OUT = {"M": "male", "F": "female"}
SEX_IN = {"male": "M", "female": "F"}
IMPORTED_SCHEMATA = ("Person", "Passport", "Identification", "Vehicle")


def node_name(base_url: str) -> str:
    """This node's name in entity ids: the host of its public address, dots as dashes."""
    host = urlsplit(base_url).hostname or "local"
    return re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") or "local"


def entity_id(node: str, kind: str, pk: object) -> str:
    return f"polnet-{node}-{kind}-{pk}"


def _make(schema: str, ident: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = ident
    return proxy


def _tag(proxy: EntityProxy, name: str, value: object) -> None:
    if value not in (None, ""):
        proxy.add("keywords", f"{name}:{value}")


def _checked(proxy: EntityProxy) -> EntityProxy:
    """Re-read through the model, values cleaned: what leaves is what the model accepts."""
    return model.get_proxy(proxy.to_dict(), cleaned=False)


def _person(rec: Person, node: str) -> EntityProxy:
    p = _make("Person", entity_id(node, "person", rec.pk))
    for n, name in enumerate(ranked(rec.names.all())):
        p.add("alias" if name.is_alias else "name", name.display)
        if n == 0:
            p.add("firstName", name.given or None)
            p.add("lastName", name.family or None)
    p.add("birthDate", rec.date_of_birth or None)
    p.add("gender", SEX_OUT.get(rec.sex))
    p.add("nationality", [c.code for c in rec.nationalities.all()])
    p.add("birthPlace", rec.place_of_birth or None)
    p.add("birthCountry", rec.country_of_birth_id)
    for ident in rec.identifiers or []:
        p.add("idNumber", ident.get("value"), quiet=True)
    return p


def _document(rec: TravelDocument, node: str, holder_shown: bool) -> list[EntityProxy]:
    ident = entity_id(node, "document", rec.pk)
    doc = _make("Passport" if rec.kind == DocumentKind.PASSPORT else "Identification", ident)
    doc.add("number", rec.number)
    doc.add("country", rec.issuing_country_id)
    doc.add("type", rec.kind)
    doc.add("summary", rec.status)
    doc.add("date", rec.date_reported)
    if holder_shown and rec.holder_id is not None:
        doc.add("holder", entity_id(node, "person", rec.holder_id))
        return [doc]
    stand_in = _make("Person", f"{ident}-holder")
    stand_in.add("name", f"holder of {rec.number}")
    stand_in.add("keywords", STAND_IN)
    doc.add("holder", stand_in.id)
    return [stand_in, doc]


def _vehicle(rec: Vehicle, node: str) -> EntityProxy:
    v = _make("Vehicle", entity_id(node, "vehicle", rec.pk))
    v.add("name", " ".join(p for p in (rec.make, rec.model, rec.plate or rec.vin) if p))
    v.add("registrationNumber", rec.plate or None)
    v.add("country", rec.plate_country_id)
    v.add("model", rec.model or None)
    v.add("buildDate", str(rec.year) if rec.year else None)
    _tag(v, "vin", rec.vin)
    _tag(v, "make", rec.make)
    _tag(v, "colour", rec.colour)
    return v


def _asset(rec: Firearm | Artwork, node: str) -> EntityProxy:
    a = _make("Asset", entity_id(node, rec.RECORD_KIND, rec.pk))
    if isinstance(rec, Firearm):
        a.add("name", " ".join(p for p in (rec.make, rec.model, rec.serial_number) if p))
        for tag in ("make", "model", "calibre", "kind", "status"):
            _tag(a, tag, getattr(rec, tag))
        _tag(a, "serial", rec.serial_number)
    else:
        a.add("name", rec.title)
        a.add("description", rec.description or None)
        for tag in ("artist", "category", "period", "dimensions"):
            _tag(a, tag, getattr(rec, tag))
    return a


def record_to_entities(rec: Record, *, node: str, holder_shown: bool = False) -> list[EntityProxy]:
    """One record as its entities, each checked by the model. `holder_shown`: the reader may
    see the document's holder (the access policy decides, the caller asks it)."""
    proxies: list[EntityProxy]
    if isinstance(rec, Person):
        proxies = [_person(rec, node)]
    elif isinstance(rec, TravelDocument):
        proxies = _document(rec, node, holder_shown)
    elif isinstance(rec, Vehicle):
        proxies = [_vehicle(rec, node)]
    elif isinstance(rec, Firearm | Artwork):
        proxies = [_asset(rec, node)]
    else:
        return []
    for p in proxies:
        p.add("publisher", f"polnet {node} {rec.owner_country_id}")
        p.add("modifiedAt", rec.updated_at)
    return [_checked(p) for p in proxies]


def to_line(proxy: EntityProxy) -> str:
    return json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"


# ---- reading entities back ----------------------------------------------------------------


@dataclass
class RowError:
    """Why one entity was refused: its line (from 1), the property at fault, and the message."""

    line: int
    property: str
    code: str
    message: str | Promise

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "property": self.property, "code": self.code, "message": str(self.message)}


class EntityRefused(Exception):
    def __init__(self, error: RowError) -> None:
        self.error = error
        super().__init__(error.code)


@dataclass
class Mapped:
    """An entity as a record to create: its kind, external reference (the entity id), the
    record's fields (`records.schemas` shape, access fields left to the importer), and the
    entity id of the holder for a document."""

    line: int
    kind: str
    external_ref: str
    data: dict[str, Any] = field(default_factory=dict)
    holder_ref: str | None = None


def _refuse(line: int, prop: str, code: str, message: str | Promise) -> EntityRefused:
    return EntityRefused(RowError(line, prop, code, message))


def parse_entity(
    raw: str | dict[str, Any], line: int, schemata: Iterable[str] | None = IMPORTED_SCHEMATA
) -> EntityProxy:
    """One line as a proxy, checked: JSON, a schema we read (None: any the model knows, the
    caller choosing), every property known and valid."""
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        raise _refuse(line, "", "ftm_json_invalid", _("This line is not JSON.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("properties", {}), dict):
        raise _refuse(line, "", "ftm_json_invalid", _("This line is not an entity."))
    schema = model.get(str(data.get("schema", "")))
    if schema is None or (schemata is not None and schema.name not in schemata):
        raise _refuse(
            line,
            "schema",
            "ftm_schema_refused",
            _("Only Person, Passport, Identification and Vehicle are read."),
        )
    if not str(data.get("id") or "").strip():
        raise _refuse(line, "id", "ftm_id_missing", _("The entity has no id."))
    for name, values in data.get("properties", {}).items():
        prop = schema.get(name)
        if prop is None:
            raise _refuse(line, name, "ftm_property_unknown", _("The schema has no such property."))
        for value in values if isinstance(values, list) else [values]:
            if not isinstance(value, str) or prop.type.clean(value, proxy=None) is None:
                raise _refuse(line, name, "ftm_value_invalid", _("This value is not valid for the property."))
    try:
        return model.get_proxy(data, cleaned=False)
    except InvalidData:
        raise _refuse(line, "", "ftm_json_invalid", _("This line is not an entity.")) from None


def _first(proxy: EntityProxy, prop: str) -> str:
    return proxy.first(prop) or ""


def _tags(proxy: EntityProxy) -> dict[str, str]:
    out: dict[str, str] = {}
    for kw in proxy.get("keywords"):
        name, sep, value = kw.partition(":")
        if sep and name not in out:
            out[name] = value
    return out


def _person_data(proxy: EntityProxy) -> dict[str, Any]:
    names: list[dict[str, Any]] = []
    for n, full in enumerate(proxy.get("name")):
        first = n == 0
        names.append(
            {
                "full": full,
                "given": _first(proxy, "firstName") if first else "",
                "family": _first(proxy, "lastName") if first else "",
            }
        )
    names += [{"full": a, "is_alias": True} for a in proxy.get("alias")]
    return {
        "names": names,
        "date_of_birth": _first(proxy, "birthDate") or None,
        "sex": SEX_IN.get(_first(proxy, "gender"), "U"),
        "nationalities": [c.upper() for c in proxy.get("nationality")],
        "place_of_birth": _first(proxy, "birthPlace"),
        "country_of_birth": _first(proxy, "birthCountry").upper() or None,
        "identifiers": [{"kind": "id_number", "value": v} for v in proxy.get("idNumber")],
    }


def _document_data(proxy: EntityProxy, line: int) -> dict[str, Any]:
    if proxy.schema.name == "Passport":
        kind = DocumentKind.PASSPORT.value
    else:
        kind = _first(proxy, "type")
        if kind not in DocumentKind.values or kind == DocumentKind.PASSPORT:
            raise _refuse(
                line,
                "type",
                "ftm_document_type",
                _("Name the document's kind: id_card, visa, residence_permit or blank_booklet."),
            )
    status = _first(proxy, "summary")
    data: dict[str, Any] = {
        "number": _first(proxy, "number"),
        "kind": kind,
        "status": status if status in DocumentStatus.values else DocumentStatus.STOLEN.value,
        "issuing_country": _first(proxy, "country").upper(),
    }
    if proxy.has("date"):
        data["date_reported"] = _first(proxy, "date")
    return data


def _vehicle_data(proxy: EntityProxy) -> dict[str, Any]:
    tags = _tags(proxy)
    year = _first(proxy, "buildDate")[:4]
    return {
        "vin": tags.get("vin", ""),
        "plate": _first(proxy, "registrationNumber"),
        "plate_country": _first(proxy, "country").upper() or None,
        "make": tags.get("make", "") or _first(proxy, "model").split(" ")[0],
        "model": _first(proxy, "model"),
        "colour": tags.get("colour", ""),
        "year": int(year) if year.isdigit() else None,
    }


def _asset_data(proxy: EntityProxy, kind: str) -> dict[str, Any]:
    tags = _tags(proxy)
    if kind == "firearm":
        fields = {t: tags.get(t, "") for t in ("make", "model", "calibre", "kind", "status")}
        return {**fields, "serial_number": tags.get("serial", "")}
    return {
        "title": _first(proxy, "name"),
        "description": _first(proxy, "description"),
        **{t: tags.get(t, "") for t in ("artist", "category", "period", "dimensions")},
    }


def entity_to_record(proxy: EntityProxy, line: int, asset_kind: str | None = None) -> Mapped | None:
    """A checked entity (`parse_entity`) as the record it becomes; None for a stand-in holder.
    An `Asset` is read as `asset_kind` (firearm or artwork): FtM does not tell them apart."""
    assert proxy.id is not None
    schema = proxy.schema.name
    if schema == "Person":
        if STAND_IN in proxy.get("keywords"):
            return None
        return Mapped(line, "person", proxy.id, _person_data(proxy))
    if schema in ("Passport", "Identification"):
        return Mapped(
            line, "document", proxy.id, _document_data(proxy, line), _first(proxy, "holder") or None
        )
    if schema == "Asset" and asset_kind in ("firearm", "artwork"):
        return Mapped(line, asset_kind, proxy.id, _asset_data(proxy, asset_kind))
    return Mapped(line, "vehicle", proxy.id, _vehicle_data(proxy))


def read_lines(lines: Iterable[str]) -> Iterator[tuple[int, EntityProxy | RowError]]:
    """Each non-blank line as a checked proxy, or the reason it was refused."""
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            yield n, parse_entity(raw, n)
        except EntityRefused as exc:
            yield n, exc.error
