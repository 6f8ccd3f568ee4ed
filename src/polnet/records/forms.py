"""Record forms of the web interface.

A submitted form becomes the same data dict the API receives, is validated by the same
pydantic schemas (records/schemas.py) and goes to the same services. Errors come back
keyed by field ("names.0" for a row of a repeated group) and in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pydantic
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from polnet.core.errors import PolnetError
from polnet.records.kinds import spec_for

Errors = dict[str, list[str]]
NAME_PARTS = ("given", "family", "full", "script", "language")
IDENTIFIER_PARTS = ("kind", "value", "country")


@dataclass(frozen=True)
class Field:
    name: str  # the key of the API data dict, and of the form input
    widget: str  # text, textarea, select, country, date, number, checkbox
    label_key: str = ""  # key in records.labels.FIELDS; defaults to the name
    choices: str = ""  # group in records.labels.CHOICES for a select
    required: bool = False
    nullable: bool = False  # an empty input means "none" rather than an empty text
    maxlength: int | None = None
    help: Promise | None = None

    @property
    def label(self) -> str:
        return self.label_key or self.name


_DOB_HELP = _("YYYY, YYYY-MM or YYYY-MM-DD: a partial date is fine.")
_VIN_HELP = _("17 characters, without I, O or Q. A VIN or a plate is needed.")

KIND_FIELDS: dict[str, tuple[Field, ...]] = {
    "person": (
        Field("date_of_birth", "text", nullable=True, maxlength=10, help=_DOB_HELP),
        Field("sex", "select", choices="sex"),
        Field("place_of_birth", "text", maxlength=200),
        Field("country_of_birth", "country", nullable=True),
        Field("distinguishing_marks", "textarea", maxlength=4000),
    ),
    "document": (
        Field("number", "text", required=True, maxlength=32),
        Field("kind", "select", "document_kind", "document_kind", required=True),
        Field("status", "select", "document_status", "document_status", required=True),
        Field("date_reported", "date", required=True),
        Field("holder_id", "number", nullable=True),
    ),
    "vehicle": (
        Field("vin", "text", maxlength=32, help=_VIN_HELP),
        Field("plate", "text", maxlength=16),
        Field("plate_country", "country", nullable=True),
        Field("make", "text", required=True, maxlength=64),
        Field("model", "text", maxlength=64),
        Field("colour", "text", maxlength=32),
        Field("year", "number", nullable=True),
    ),
    "firearm": (
        Field("make", "text", required=True, maxlength=64),
        Field("model", "text", maxlength=64),
        Field("calibre", "text", maxlength=32),
        Field("serial_number", "text", required=True, maxlength=64),
        Field("kind", "select", "firearm_kind", "firearm_kind", required=True),
        Field("status", "select", "firearm_status", "firearm_status", required=True),
    ),
    "artwork": (
        Field("title", "text", required=True, maxlength=300),
        Field("artist", "text", maxlength=200),
        Field("category", "select", "artwork_category", "artwork_category", required=True),
        Field("period", "text", maxlength=100),
        Field("dimensions", "text", maxlength=100),
        Field("description", "textarea", maxlength=8000),
    ),
}

HANDLING_FIELDS: tuple[Field, ...] = (
    Field("purpose", "select", choices="purpose", required=True),
    Field("handling_code", "select", choices="handling_code", required=True),
    Field("source_reliability", "select", choices="source_reliability", required=True),
    Field("information_accuracy", "select", choices="information_accuracy", required=True),
    Field(
        "review_date",
        "date",
        help=_("At most five years ahead. Leave it empty for the latest date allowed."),
    ),
)


# ---- from the submitted form to the API's data dict -------------------------------------------


def _rows(
    post: QueryDict, prefix: str, parts: tuple[str, ...], keep: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Rows of a repeated group (names-0-given, names-1-given, …), without the empty ones."""
    indexes = sorted(
        {int(k.split("-")[1]) for k in post if k.startswith(f"{prefix}-") and k.split("-")[1].isdigit()}
    )
    rows: list[dict[str, Any]] = []
    for i in indexes[:50]:
        row: dict[str, Any] = {p: post.get(f"{prefix}-{i}-{p}", "").strip() for p in parts}
        if any(row[p] for p in keep):
            if prefix == "names":
                row["is_alias"] = post.get(f"{prefix}-{i}-is_alias") == "on"
            rows.append(row)
    return rows


def _person_groups(post: QueryDict) -> dict[str, Any]:
    return {
        "names": _rows(post, "names", NAME_PARTS, keep=("given", "family", "full")),
        "identifiers": _rows(post, "identifiers", IDENTIFIER_PARTS, keep=("kind", "value")),
        "nationalities": list(dict.fromkeys(c for c in post.getlist("nationalities") if c)),
    }


def parse(kind: str, post: QueryDict, *, update: bool) -> tuple[dict[str, Any], Errors]:
    """The data dict of a submitted form, and the fields left empty that must not be."""
    data: dict[str, Any] = {}
    errors: Errors = {}
    for f in (*KIND_FIELDS[kind], *HANDLING_FIELDS):
        raw = post.get(f.name, "").strip()
        if raw:
            data[f.name] = raw
        elif f.required:
            errors[f.name] = [gettext("This field is required.")]
        elif f.name == "review_date":
            continue  # create: the latest date allowed; change: keep the current one
        elif update:
            data[f.name] = None if f.nullable else ""
    data["bureau_only"] = post.get("bureau_only") == "on"
    restriction = post.get("restriction", "all")
    data["restriction"] = restriction
    data["listed_countries"] = (
        [] if restriction == "all" else list(dict.fromkeys(post.getlist("listed_countries")))
    )
    if kind == "person":
        data |= _person_groups(post)
    if update:
        data["version"] = post.get("version", "")
    return data, errors


# ---- validation through the API's schemas -------------------------------------------------------


def _error_key(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if not parts:
        return "__all__"
    if parts[0] in ("names", "identifiers") and len(parts) > 1 and parts[1].isdigit():
        return f"{parts[0]}.{parts[1]}"
    return parts[0]


# The schemas' own refusals (records/schemas.py), by their error type: what the form shows,
# and the field to show it on when the error names none.
_SCHEMA_ERRORS: dict[str, tuple[Promise, str]] = {
    "partial_date_format": (_("Use YYYY, YYYY-MM or YYYY-MM-DD."), ""),
    "partial_date_no_such_day": (_("This date does not exist."), ""),
    "partial_date_year": (_("This year is out of range."), ""),
    "name_form_missing": (_("Enter a given, family or full name."), ""),
    "vehicle_identifier_missing": (_("Enter a VIN or a number plate."), "vin"),
    "listed_countries_with_all": (_("Choose no countries when all members may see it."), ""),
    "listed_countries_missing": (_("Choose at least one country."), "listed_countries"),
}


# Pydantic's own error types, by type or by prefix, and what the form shows for them.
_TYPE_MESSAGES: dict[str, Promise] = {
    "missing": _("This field is required."),
    "too_short": _("Enter at least one."),
    "enum": _("Choose one of the offered values."),
    "literal_error": _("Choose one of the offered values."),
}
_PREFIX_MESSAGES: tuple[tuple[str, Promise], ...] = (
    ("date", _("Enter a date as YYYY-MM-DD.")),  # and datetime_*
    ("int", _("Enter a whole number.")),
)
# Bounds, with the context key that holds the number.
_BOUND_MESSAGES: dict[str, tuple[Promise, str]] = {
    "string_too_long": (_("This is too long (at most %(max)s)."), "max_length"),
    "too_long": (_("This is too long (at most %(max)s)."), "max_length"),
    "greater_than_equal": (_("Enter %(n)s or more."), "ge"),
    "less_than_equal": (_("Enter %(n)s or less."), "le"),
}


def _message(error: Any) -> tuple[str, str]:
    """(message, field to show it on when the error names none)."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in _SCHEMA_ERRORS:
        text, field = _SCHEMA_ERRORS[kind]
        return str(text), field
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, "), ""
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        kind = "missing"
    if kind in _TYPE_MESSAGES:
        return str(_TYPE_MESSAGES[kind]), ""
    if kind in _BOUND_MESSAGES:
        text, key = _BOUND_MESSAGES[kind]
        return str(text) % {"max": ctx.get(key, ""), "n": ctx.get(key, "")}, ""
    for prefix, message in _PREFIX_MESSAGES:
        if kind.startswith(prefix):
            return str(message), ""
    return gettext("Enter a valid value."), ""


def schema_errors(exc: pydantic.ValidationError) -> Errors:
    errors: Errors = {}
    for error in exc.errors():
        message, fallback = _message(error)
        key = _error_key(error["loc"])
        if key == "__all__" and fallback:
            key = fallback
        errors.setdefault(key, []).append(message)
    return errors


def service_errors(exc: PolnetError) -> Errors:
    return {_error_key((exc.field or "").split(".")) if exc.field else "__all__": [str(exc.message)]}


def validate(kind: str, post: QueryDict, *, update: bool) -> tuple[dict[str, Any], Errors]:
    """The data dict for create_record / update_record, or the errors per field."""
    spec = spec_for(kind)
    data, errors = parse(kind, post, update=update)
    schema = spec.schema_patch if update else spec.schema_in
    try:
        payload = schema.model_validate(data)
    except pydantic.ValidationError as exc:
        for key, messages in schema_errors(exc).items():
            if key not in errors:
                errors[key] = messages
    if errors:
        return data, errors
    return (payload.model_dump(exclude_unset=True) if update else payload.model_dump()), {}


# ---- what the form template shows ---------------------------------------------------------------


@dataclass(frozen=True)
class BoundField:
    field: Field
    label: str
    value: str
    errors: list[str]
    choices: list[tuple[str, str]]

    @property
    def name(self) -> str:
        return self.field.name


def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166 country, named and sorted in the reader's language."""
    from django_countries import countries

    return [(str(code), str(name)) for code, name in countries]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(getattr(value, "value", value))


def _bind(fields: tuple[Field, ...], values: dict[str, Any], errors: Errors) -> list[BoundField]:
    from polnet.records.labels import CHOICES, field_label

    countries = country_choices() if any(f.widget == "country" for f in fields) else []
    out = []
    for f in fields:
        choices: list[tuple[str, str]] = []
        if f.widget == "select":
            choices = [(k, str(v)) for k, v in CHOICES[f.choices].items()]
        elif f.widget == "country":
            choices = countries
        out.append(
            BoundField(f, field_label(f.label), _text(values.get(f.name)), errors.get(f.name, []), choices)
        )
    return out


def _group_rows(
    values: list[dict[str, Any]], errors: Errors, prefix: str, blanks: int, minimum: int
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {**{k: _text(v) if k != "is_alias" else bool(v) for k, v in row.items()}, "index": n}
        for n, row in enumerate(values)
    ]
    while len(rows) < max(minimum, len(values) + blanks):
        rows.append({"index": len(rows)})
    for row in rows:
        row["errors"] = errors.get(f"{prefix}.{row['index']}", [])
    return rows


def bind(
    kind: str, values: dict[str, Any], errors: Errors, member_countries: list[tuple[str, str]]
) -> dict[str, Any]:
    """The template context of a record form, from the API-shaped values."""
    nationalities = [_text(c) for c in values.get("nationalities") or []]
    return {
        "fields": _bind(KIND_FIELDS[kind], values, errors),
        "handling": _bind(HANDLING_FIELDS, values, errors),
        "names": _group_rows(values.get("names") or [], errors, "names", blanks=1, minimum=2),
        "scripts": script_choices({_text(n.get("script")) for n in values.get("names") or []}),
        "identifiers": _group_rows(values.get("identifiers") or [], errors, "identifiers", 1, 2),
        "nationalities": nationalities + [""] * max(0, 3 - len(nationalities)),
        "countries": country_choices() if kind == "person" else [],
        "restriction": _text(values.get("restriction")) or "all",
        "listed": {_text(c) for c in values.get("listed_countries") or []},
        "bureau_only": bool(values.get("bureau_only")),
        "member_countries": member_countries,
        "version": _text(values.get("version")),
        "errors": errors,
        "form_errors": errors.get("__all__", []),
        "group_errors": {k: errors.get(k, []) for k in ("names", "identifiers", "nationalities")},
        "access_errors": errors.get("restriction", []) + errors.get("listed_countries", []),
    }


def script_choices(current: set[str]) -> list[tuple[str, str]]:
    from polnet.records.labels import SCRIPTS

    extra = sorted(c for c in current if c and c not in SCRIPTS)
    return [(k, str(v)) for k, v in SCRIPTS.items()] + [(c, c) for c in extra]


def initial_values(kind: str) -> dict[str, Any]:
    """A new record's form starts from the API schema's defaults (H0, B2, shared with all)."""
    values: dict[str, Any] = {}
    for name, info in spec_for(kind).schema_in.model_fields.items():
        if info.is_required():
            continue
        default = info.get_default(call_default_factory=True)
        if default is not None and not isinstance(default, list | dict):
            values[name] = default
    return values
