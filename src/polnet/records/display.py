"""How records read on the pages: list columns, detail rows and list filters, per kind.

Values come out translated (choices, countries) and dates formatted for the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from polnet.core import kinds as record_kinds
from polnet.core import policy
from polnet.core.actor import Actor
from polnet.core.search import Found
from polnet.records.history import Step
from polnet.records.labels import choice_label, field_label
from polnet.records.models import Artwork, Firearm, LifeState, Person, Record, TravelDocument, Vehicle


def country_name(code: str | None) -> str:
    return str(countries.name(code)) if code else ""


def country_names(codes: list[str]) -> str:
    return ", ".join(sorted(country_name(c) for c in codes))


def day(value: date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def person_name(rec: Person) -> str:
    names = list(rec.names.all())
    return names[0].display if names else gettext("Person %(id)s") % {"id": rec.pk}


def title(rec: Record) -> str:
    """The heading of a record in lists and on its page."""
    if isinstance(rec, Person):
        return person_name(rec)
    if isinstance(rec, TravelDocument):
        return f"{choice_label('document_kind', rec.kind)} {rec.number}"
    if isinstance(rec, Vehicle):
        return " ".join(p for p in (rec.make, rec.model, rec.vin or rec.plate) if p)
    if isinstance(rec, Firearm):
        return " ".join(p for p in (rec.make, rec.model, rec.serial_number) if p)
    if isinstance(rec, Artwork):
        return rec.title
    return f"{record_kinds.singular(rec.RECORD_KIND)} {rec.pk}"


# ---- list columns ---------------------------------------------------------------------------

Column = tuple[Promise, Callable[[Any], str]]

COLUMNS: dict[str, tuple[Column, ...]] = {
    "person": (
        (_("Date of birth"), lambda r: r.date_of_birth),
        (_("Sex"), lambda r: choice_label("sex", r.sex)),
        (_("Nationalities"), lambda r: country_names([c.code for c in r.nationalities.all()])),
    ),
    "document": (
        (_("Issuing country"), lambda r: country_name(r.issuing_country_id)),
        (_("Document status"), lambda r: choice_label("document_status", r.status)),
        (_("Date reported"), lambda r: day(r.date_reported)),
    ),
    "vehicle": (
        (_("VIN"), lambda r: r.vin),
        (_("Number plate"), lambda r: r.plate),
        (_("Year"), lambda r: str(r.year or "")),
    ),
    "firearm": (
        (_("Firearm type"), lambda r: choice_label("firearm_kind", r.kind)),
        (_("Firearm status"), lambda r: choice_label("firearm_status", r.status)),
        (_("Calibre"), lambda r: r.calibre),
    ),
    "artwork": (
        (_("Artist"), lambda r: r.artist),
        (_("Category"), lambda r: choice_label("artwork_category", r.category)),
        (_("Period"), lambda r: r.period),
    ),
}


@dataclass(frozen=True)
class Row:
    pk: int
    title: str
    cells: list[str]
    owner: str
    handling_code: str
    review_date: str
    status: str
    restricted: bool
    score: int | None = None  # percent, for a record a ranked search found
    why: str = ""


def headers(kind: str) -> list[str]:
    return [str(label) for label, _ in COLUMNS[kind]]


def rows(kind: str, records: list[Record], ranked: Mapping[int, Found] | None = None) -> list[Row]:
    """The list's rows; a record a ranked search found carries its score and reason."""
    ranked = ranked or {}
    return [
        Row(
            pk=r.pk,
            title=title(r),
            cells=[get(r) for _, get in COLUMNS[kind]],
            owner=country_name(r.owner_country_id),
            handling_code=r.handling_code,
            review_date=day(r.review_date),
            status=choice_label("state", r.state)
            if r.state != LifeState.ACTIVE
            else choice_label("record_status", r.record_status),
            restricted=r.restriction != "all" or r.bureau_only,
            score=round(ranked[r.pk].score * 100) if r.pk in ranked else None,
            why=ranked[r.pk].reason if r.pk in ranked else "",
        )
        for r in records
    ]


# ---- the detail page ------------------------------------------------------------------------


def _value(name: str, value: Any) -> str:
    groups = {
        "sex": "sex",
        "document_kind": "document_kind",
        "document_status": "document_status",
        "firearm_kind": "firearm_kind",
        "firearm_status": "firearm_status",
        "artwork_category": "artwork_category",
    }
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if name in groups:
        return choice_label(groups[name], value)
    if name in ("country_of_birth", "plate_country", "issuing_country"):
        return country_name(str(value))
    if isinstance(value, date):
        return day(value)
    return str(value)


_DETAIL_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    # (label key, attribute)
    "person": (
        ("date_of_birth", "date_of_birth"),
        ("sex", "sex"),
        ("place_of_birth", "place_of_birth"),
        ("country_of_birth", "country_of_birth_id"),
        ("distinguishing_marks", "distinguishing_marks"),
    ),
    "document": (
        ("number", "number"),
        ("document_kind", "kind"),
        ("document_status", "status"),
        ("issuing_country", "issuing_country_id"),
        ("date_reported", "date_reported"),
        ("holder_id", "holder_id"),
    ),
    "vehicle": (
        ("vin", "vin"),
        ("plate", "plate"),
        ("plate_country", "plate_country_id"),
        ("make", "make"),
        ("model", "model"),
        ("colour", "colour"),
        ("year", "year"),
    ),
    "firearm": (
        ("make", "make"),
        ("model", "model"),
        ("calibre", "calibre"),
        ("serial_number", "serial_number"),
        ("firearm_kind", "kind"),
        ("firearm_status", "status"),
    ),
    "artwork": (
        ("title", "title"),
        ("artist", "artist"),
        ("artwork_category", "category"),
        ("period", "period"),
        ("dimensions", "dimensions"),
        ("description", "description"),
        ("artwork_public", "public"),
    ),
}


def detail_rows(actor: Actor, rec: Record) -> list[tuple[str, str]]:
    from polnet.records.kinds import shown_holder

    def value(attr: str) -> Any:
        return shown_holder(actor, rec) if attr == "holder_id" else getattr(rec, attr)

    return [(field_label(key), _value(key, value(attr))) for key, attr in _DETAIL_FIELDS[rec.RECORD_KIND]]


def person_extras(rec: Record) -> dict[str, Any]:
    if not isinstance(rec, Person):
        return {}
    return {
        "names": list(rec.names.all()),
        "nationalities": country_names([c.code for c in rec.nationalities.all()]),
        "identifiers": [
            {
                "kind": i.get("kind", ""),
                "value": i.get("value", ""),
                "country": country_name(i.get("country")),
            }
            for i in rec.identifiers
        ],
    }


# The API's field names that differ from the label keys, per kind.
_FIELD_KEYS: dict[tuple[str, str], str] = {
    ("document", "kind"): "document_kind",
    ("document", "status"): "document_status",
    ("firearm", "kind"): "firearm_kind",
    ("firearm", "status"): "firearm_status",
    ("artwork", "category"): "artwork_category",
    ("artwork", "public"): "artwork_public",
}


@dataclass(frozen=True)
class HistoryRow:
    at: str
    act: str
    fields: str
    reason: str
    by: str


def history_rows(rec: Record, steps: list[Step]) -> list[HistoryRow]:
    """A record's steps as its page shows them: what was done, to which fields, by whom."""
    kind, owner = rec.RECORD_KIND, country_name(rec.owner_country_id)
    return [
        HistoryRow(
            at=date_format(timezone.localtime(s.at), "DATETIME_FORMAT"),
            act=choice_label("record_act", s.act),
            fields=", ".join(
                field_label(_FIELD_KEYS.get((kind, f), f)) for f in s.fields if f not in ("state", "version")
            ),
            reason=s.reason,
            by=s.by or gettext("%(country)s bureau") % {"country": owner},
        )
        for s in steps
    ]


def sharing(rec: Record, listed: frozenset[str]) -> str:
    """Who may see the record, in one sentence."""
    names = country_names(sorted(listed))
    if rec.restriction == "only_listed":
        text = gettext("Only: %(countries)s") % {"countries": names}
    elif rec.restriction == "all_except":
        text = gettext("All member countries except: %(countries)s") % {"countries": names}
    else:
        text = gettext("All member countries")
    if rec.bureau_only:
        text += " · " + gettext("bureaus only, not their border and other units")
    return text


# ---- list filters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    param: str
    label: Promise
    widget: str  # select, member (member countries), country, text, number
    choices: str = ""


COMMON: tuple[Filter, ...] = (
    Filter("state", _("State"), "select", "state"),
    Filter("owner_country", _("Owner"), "member"),
    Filter("record_status", _("Status"), "select", "record_status"),
    Filter("purpose", _("Purpose"), "select", "purpose"),
    Filter("handling_code", _("Handling code"), "select", "handling_code"),
)
PER_KIND: dict[str, tuple[Filter, ...]] = {
    "person": (
        Filter("nationality", _("Nationality"), "country"),
        Filter("sex", _("Sex"), "select", "sex"),
        Filter("dob_year", _("Year of birth"), "number"),
    ),
    "document": (
        Filter("status", _("Document status"), "select", "document_status"),
        Filter("document_kind", _("Document type"), "select", "document_kind"),
        Filter("issuing_country", _("Issuing country"), "member"),
    ),
    "vehicle": (Filter("make", _("Make"), "text"), Filter("plate_country", _("Plate country"), "country")),
    "firearm": (
        Filter("status", _("Firearm status"), "select", "firearm_status"),
        Filter("firearm_kind", _("Firearm type"), "select", "firearm_kind"),
        Filter("make", _("Make"), "text"),
    ),
    "artwork": (Filter("category", _("Category"), "select", "artwork_category"),),
}


def filters_for(kind: str) -> tuple[Filter, ...]:
    return (*PER_KIND[kind], *COMMON)


# ---- database cards -------------------------------------------------------------------------


def may_create(actor: Actor, kind: str) -> bool:
    return actor.country is not None and policy.may_create(actor, kind, actor.country)


def cards_for(actor: Actor) -> list[dict[str, Any]]:
    """The databases offered to the actor. A unit is offered those its bureau opened to it;
    the policy filters every list anyway."""
    from polnet.records.kinds import KINDS

    kinds = [k for k in KINDS if actor.unit is None or k in actor.unit.databases]
    return [
        {
            "kind": k,
            "label": record_kinds.KINDS[k].plural,
            "hint": record_kinds.KINDS[k].hint,
            "may_create": may_create(actor, k),
        }
        for k in kinds
    ]
