"""The register of processing, generated from the data model and the settings: for each
database, its purposes, the categories of data its fields hold, how long it is kept and who
receives it. Nothing here is typed by hand that the models or the access rule already say."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.http import HttpResponse
from django.utils.translation import gettext as _

from polnet.core import csv_safety
from polnet.core.kinds import KINDS as KIND_WORDS
from polnet.core.review import MAX_REVIEW_YEARS
from polnet.records.kinds import KINDS as RECORD_KINDS
from polnet.records.models import Purpose

# Which category a field's data belongs to, by field name; a field not named here is
# "description of the object". The access facts are the register's "recipients" column.
_CATEGORY_OF = {
    **dict.fromkeys(
        [
            "names",
            "dob_year",
            "dob_month",
            "dob_day",
            "sex",
            "nationalities",
            "place_of_birth",
            "country_of_birth",
        ],
        "identity",
    ),
    "distinguishing_marks": "physical",
    "identifiers": "identifiers",
    "photos": "photos",
    **dict.fromkeys(
        ["number", "vin", "plate", "plate_country", "serial_number", "issuing_country"], "identifiers"
    ),
    "holder": "links",
    **dict.fromkeys(["purpose", "handling_code", "source_reliability", "information_accuracy"], "grading"),
    **dict.fromkeys(["hit_action", "hit_action_reference", "hit_action_note"], "action"),
    **dict.fromkeys(
        [
            "owner_country",
            "created_by",
            "created_at",
            "updated_at",
            "version",
            "restriction",
            "listed_countries",
            "bureau_only",
            "review_date",
            "record_status",
            "state",
            "state_reason",
            "state_changed_at",
            "state_changed_by",
        ],
        "management",
    ),
}
_SKIPPED = {"id"}


def category_labels() -> dict[str, str]:
    return {
        "identity": _("Identity (names in every script, date and place of birth, sex, nationalities)"),
        "physical": _("Physical description"),
        "identifiers": _("Identifiers and numbers"),
        "photos": _("Photographs"),
        "links": _("Links to other records"),
        "grading": _("Purpose, handling code and source grading"),
        "action": _("Action to take on a hit"),
        "management": _("Ownership, sharing, review and history"),
        "description": _("Description of the object"),
    }


def _categories(model: type[models.Model]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in model._meta.get_fields():
        if f.name in _SKIPPED or (f.auto_created and not f.concrete and f.name not in ("names", "photos")):
            continue
        found.setdefault(_CATEGORY_OF.get(f.name, "description"), []).append(f.name)
    return found


def recipients() -> list[str]:
    """Who may see a record, as the access rule (`core/policy.py`) decides it."""
    return [
        _("The owner bureau, which alone changes its records."),
        _(
            "Other member bureaus, as the owner shares the record: all, only the listed countries, "
            "or all but the listed countries."
        ),
        _(
            "Extended-access units of a bureau (borders, airports), for the databases their bureau grants "
            "them, as a hit only or in full; never a record kept to bureaus."
        ),
        _("The General Secretariat's reviewers, analysts and data-protection officers, for their tasks."),
        _("After the review date, only the owner bureau, until the record is reviewed or deleted."),
    ]


@dataclass(frozen=True)
class Entry:
    kind: str
    name: str
    purposes: list[dict[str, Any]]  # value, label, records
    categories: list[dict[str, Any]]  # code, label, fields
    retention: list[str]
    recipients: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "purposes": self.purposes,
            "categories": self.categories,
            "retention": self.retention,
            "recipients": self.recipients,
        }


def retention() -> list[str]:
    """What happens to a record over time, from the settings retention runs by
    (`dataprotection/retention.py`)."""
    return [
        _("Each record carries a review date, at most %(years)s years ahead; five years when none is given.")
        % {"years": MAX_REVIEW_YEARS},
        _("Its owner bureau is told %(days)s days before the review date.")
        % {"days": settings.POLNET_RETENTION_NOTICE_DAYS},
        _("Past its review date a record is marked expired and hidden from everyone but its owner."),
        _(
            "%(days)s days after the review date it is deleted with what was derived from it "
            "(POLNET_RETENTION_GRACE_DAYS), unless its owner reviewed it."
        )
        % {"days": settings.POLNET_RETENTION_GRACE_DAYS},
        _("A deleted record's data is gone; the audit log keeps which fields changed, never their values."),
    ]


def register() -> list[Entry]:
    labels = category_labels()
    out = []
    for kind, spec in RECORD_KINDS.items():
        in_use = dict(
            spec.model.objects.values_list("purpose").annotate(n=Count("pk")).values_list("purpose", "n")
        )
        purposes = [
            {"value": value, "label": str(label), "records": in_use.get(value, 0)}
            for value, label in Purpose.choices
        ]
        categories = [
            {"code": code, "label": labels[code], "fields": fields}
            for code, fields in sorted(
                _categories(spec.model).items(), key=lambda item: list(labels).index(item[0])
            )
        ]
        out.append(Entry(kind, str(KIND_WORDS[kind].plural), purposes, categories, retention(), recipients()))
    return out


def as_csv_rows() -> list[list[str]]:
    rows = [["kind", "name", "purposes", "categories", "retention", "recipients"]]
    for e in register():
        rows.append(
            [
                e.kind,
                e.name,
                "; ".join(f"{p['label']} ({p['records']})" for p in e.purposes),
                "; ".join(f"{c['label']}: {', '.join(c['fields'])}" for c in e.categories),
                " ".join(e.retention),
                " ".join(e.recipients),
            ]
        )
    return rows


def csv_response() -> HttpResponse:
    """The register as a CSV download (the page and the API give the same file)."""
    out = io.StringIO()
    csv_safety.writer(out).writerows(as_csv_rows())
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="register-of-processing.csv"'
    return response
