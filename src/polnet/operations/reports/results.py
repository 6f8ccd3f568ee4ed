"""An operation's results from its field reports: totals by category, country and day, arrests by
nationality, the hits that led to seizures, the records to create or update afterwards, and a
one-line headline. Sums are the database's, on Decimal columns: exact."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from polnet.core.actor import Actor
from polnet.operations import policy
from polnet.operations.models import (
    Arrest,
    DrugType,
    FieldReport,
    Operation,
    OperationHit,
    Participant,
    Phase,
    QuantityUnit,
    Seizure,
    SeizureCategory,
    TargetKind,
)
from polnet.screening.models import QueryLog
from polnet.training.capacity.operation_figures import OperationFigures

FOLLOW_UP_KINDS = {
    SeizureCategory.DOCUMENTS: "document",
    SeizureCategory.VEHICLES: "vehicle",
    SeizureCategory.FIREARMS: "firearm",
}
# What a reader sees for a follow-up's database and action (the CSV and the API keep the codes).
FOLLOW_UP_DATABASES = {k: TargetKind(k).label for k in ("person", "document", "vehicle", "firearm")}
FOLLOW_UP_ACTIONS = {"create": gettext_lazy("Create a record"), "update": gettext_lazy("Update the record")}


@dataclass
class Results:
    categories: list[dict[str, Any]] = field(
        default_factory=list
    )  # category, drug_type, unit, quantity, value_eur
    countries: list[dict[str, Any]] = field(default_factory=list)  # country, reports, value_eur, arrests
    days: list[dict[str, Any]] = field(default_factory=list)  # day, reports, value_eur
    nationalities: list[dict[str, Any]] = field(default_factory=list)  # nationality, arrests
    arrests: int = 0
    value_eur: Decimal = Decimal("0.00")
    hits: list[dict[str, Any]] = field(default_factory=list)  # personal: participants only
    follow_ups: list[dict[str, Any]] = field(default_factory=list)  # personal: participants only
    headline: str = ""


CENT, MILLI = Decimal("0.01"), Decimal("0.001")


def _sum(v: Decimal | None) -> Decimal:
    """A sum of euros at the columns' scale, whatever the database returns (SQLite drops it)."""
    return (v if v is not None else Decimal(0)).quantize(CENT)


def compute(operation: Operation, *, personal: bool) -> Results:
    seizures = Seizure.objects.filter(report__operation=operation)
    arrests = Arrest.objects.filter(report__operation=operation)
    reports = FieldReport.objects.filter(operation=operation)
    r = Results()
    r.categories = [
        {**row, "quantity": row["quantity"].quantize(MILLI), "value_eur": _sum(row["value_eur"])}
        for row in seizures.values("category", "drug_type", "quantity_unit")
        .annotate(quantity=Sum("quantity"), value_eur=Sum("value_eur"))
        .order_by("category", "drug_type", "quantity_unit")
    ]
    value_by_country = dict(seizures.values_list("report__country").annotate(v=Sum("value_eur")).order_by())
    arrests_by_country = dict(arrests.values_list("report__country").annotate(n=Count("pk")).order_by())
    r.countries = [
        {
            "country": row["country"],
            "reports": row["n"],
            "value_eur": _sum(value_by_country.get(row["country"])),
            "arrests": arrests_by_country.get(row["country"], 0),
        }
        for row in reports.values("country").annotate(n=Count("pk")).order_by("country")
    ]
    tz = timezone.get_current_timezone()
    value_by_day = dict(
        seizures.annotate(day=TruncDate("report__occurred_at", tzinfo=tz))
        .values_list("day")
        .annotate(v=Sum("value_eur"))
        .order_by()
    )
    r.days = [
        {"day": row["day"], "reports": row["n"], "value_eur": _sum(value_by_day.get(row["day"]))}
        for row in reports.annotate(day=TruncDate("occurred_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    ]
    r.nationalities = [
        dict(row)
        for row in arrests.values("nationality")
        .annotate(arrests=Count("pk"))
        .order_by("-arrests", "nationality")
    ]
    r.arrests = arrests.count()
    r.value_eur = _sum(seizures.aggregate(v=Sum("value_eur"))["v"])
    if personal:
        r.hits = _hits(operation)
        r.follow_ups = _follow_ups(operation)
    r.headline = headline(r)
    return r


def _hits(operation: Operation) -> list[dict[str, Any]]:
    led = (
        FieldReport.objects.filter(operation=operation, operation_hit__isnull=False, seizures__isnull=False)
        .select_related("operation_hit__target")
        .distinct()
        .order_by("operation_hit__at")
    )
    return [
        {
            "hit": rep.operation_hit_id,
            "target": rep.operation_hit.target.label if rep.operation_hit else "",
            "country": rep.country_id,
            "at": rep.operation_hit.at if rep.operation_hit else None,
            "report": rep.pk,
        }
        for rep in led
    ]


def _follow_ups(operation: Operation) -> list[dict[str, Any]]:
    """Each seized document, vehicle or firearm, and each arrest without a person record, is a
    record to create (or, when the report names a record of that kind, to update)."""
    out: list[dict[str, Any]] = []
    for s in Seizure.objects.filter(
        report__operation=operation, category__in=list(FOLLOW_UP_KINDS)
    ).select_related("report"):
        kind = FOLLOW_UP_KINDS[SeizureCategory(s.category)]
        linked = s.report.record_kind == kind and s.report.record_id is not None
        out.append(
            {
                "report": s.report_id,
                "kind": kind,
                "kind_label": FOLLOW_UP_DATABASES[kind],
                "action": "update" if linked else "create",
                "action_label": FOLLOW_UP_ACTIONS["update" if linked else "create"],
                "record_id": s.report.record_id if linked else None,
                "what": s.description or str(SeizureCategory(s.category).label),
                "country": s.report.country_id,
            }
        )
    for a in Arrest.objects.filter(report__operation=operation, person_record_id__isnull=True).select_related(
        "report"
    ):
        out.append(
            {
                "report": a.report_id,
                "kind": "person",
                "kind_label": FOLLOW_UP_DATABASES["person"],
                "action": "create",
                "action_label": FOLLOW_UP_ACTIONS["create"],
                "record_id": None,
                "what": _("Arrested person (%(nationality)s)") % {"nationality": a.nationality_id},
                "country": a.report.country_id,
            }
        )
    return out


def _money(v: Decimal) -> str:
    if v >= 1_000_000:
        return _("EUR %(n)s M") % {"n": number_format(round(v / 1_000_000, 1), 1)}
    if v >= 1_000:
        return _("EUR %(n)s k") % {"n": number_format(round(v / 1_000, 1), 1)}
    return _("EUR %(n)s") % {"n": number_format(v, 2)}


def headline(r: Results) -> str:
    """ "168 kg of cocaine, EUR 10.1 M, 14 arrests, 3 countries", in the reader's language."""
    parts: list[str] = []
    drugs_kg: dict[str, Decimal] = {}
    for row in r.categories:
        if row["category"] == SeizureCategory.DRUGS and row["quantity_unit"] in (
            QuantityUnit.KILOGRAM,
            QuantityUnit.GRAM,
        ):
            kg = row["quantity"] if row["quantity_unit"] == QuantityUnit.KILOGRAM else row["quantity"] / 1000
            drugs_kg[row["drug_type"]] = drugs_kg.get(row["drug_type"], Decimal(0)) + kg
    if drugs_kg:
        drug, kg = max(drugs_kg.items(), key=lambda kv: kv[1])
        parts.append(
            _("%(kg)s kg of %(drug)s")
            % {"kg": number_format(kg.normalize(), use_l10n=True), "drug": str(DrugType(drug).label).lower()}
        )
    parts.append(_money(r.value_eur))
    parts.append(ngettext("%(n)s arrest", "%(n)s arrests", r.arrests) % {"n": r.arrests})
    n = len(r.countries)
    parts.append(ngettext("%(n)s country", "%(n)s countries", n) % {"n": n})
    return ", ".join(parts)


def results_for(actor: Actor, operation: Operation) -> Results:
    """The results as the actor may read them: observers get totals only."""
    return compute(operation, personal=policy.reads_personal_data(actor, operation))


def public_summary(operation: Operation) -> dict[str, Any]:
    """What the public may read: the period, the countries and the totals by category, never a
    name, a record, a place or a hit."""
    r = compute(operation, personal=False)
    return {
        "code_name": operation.code_name,
        "crime_area": operation.crime_area,
        "active_on": operation.active_on.isoformat(),
        "active_until": operation.active_until.isoformat(),
        "countries": sorted(operation.participants.values_list("country_id", flat=True)),
        "categories": [
            {
                "category": c["category"],
                "drug_type": c["drug_type"],
                "unit": c["quantity_unit"],
                "quantity": str(c["quantity"]),
                "value_eur": str(c["value_eur"]),
            }
            for c in r.categories
        ],
        "arrests": r.arrests,
        "value_eur": str(r.value_eur),
    }


# The operations a country's capacity figures count: those whose active phase is over. In
# preparation or active, nothing is final, so nothing is counted.
COUNTED_PHASES = (Phase.CLOSING, Phase.CLOSED)


def country_figures(country: str, start: dt.date, end: dt.date) -> OperationFigures:
    """A country's figures from the operations it took part in whose active phase ended in
    [start, end] and that are closing or closed (`training/capacity/operation_figures.py`): checks by
    its bureau and its posts on each operation during that operation's active window (as the
    live board counts them; a check in two overlapping operations counts once), its operation
    hits, and the seizure lines and arrests it reported. Five queries, however many operations."""
    ops = list(
        Operation.objects.filter(
            phase__in=COUNTED_PHASES,
            active_until__gte=start,
            active_until__lte=end,
            participants__country_id=country,
        ).values_list("pk", "active_on", "active_until")
    )
    if not ops:
        return OperationFigures()
    ids = [pk for pk, _on, _until in ops]
    posts: dict[int, list[str]] = {pk: [] for pk in ids}
    rows = Participant.objects.filter(operation_id__in=ids, country_id=country, units__isnull=False)
    for op_id, unit_id in rows.values_list("operation_id", "units"):
        posts[op_id].append(f"unit:{unit_id}")
    tz = timezone.get_current_timezone()
    during = Q(pk__in=[])
    for pk, active_on, active_until in ops:
        during |= Q(
            at__gte=dt.datetime.combine(active_on, dt.time.min, tzinfo=tz),
            at__lt=dt.datetime.combine(active_until + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
            affiliation__in=[f"bureau:{country}", *posts[pk]],
        )
    reported = {"report__operation_id__in": ids, "report__country_id": country}
    return OperationFigures(
        operations=len(ids),
        checks=QueryLog.objects.filter(during).count(),
        hits=OperationHit.objects.filter(operation_id__in=ids, country_id=country).count(),
        seizures=Seizure.objects.filter(**reported).count(),
        arrests=Arrest.objects.filter(**reported).count(),
    )


def public_display(summary: dict[str, Any]) -> dict[str, Any]:
    """The released summary (stored as codes) as the public page shows it, in the reader's
    language: labelled categories, country names, dates, and the same headline as the report."""
    from datetime import date

    from polnet.operations.models import CrimeArea

    rows = []
    categories = []
    for c in summary["categories"]:
        label = str(SeizureCategory(c["category"]).label)
        if c["drug_type"]:
            label += f" ({DrugType(c['drug_type']).label})"
        quantity = Decimal(c["quantity"])
        rows.append(
            {
                "label": label,
                "quantity": f"{number_format(quantity.normalize(), use_l10n=True)} "
                f"{QuantityUnit(c['unit']).label}",
                "value_eur": number_format(Decimal(c["value_eur"]), 2, use_l10n=True),
            }
        )
        categories.append(
            {
                "category": c["category"],
                "drug_type": c["drug_type"],
                "quantity_unit": c["unit"],
                "quantity": quantity,
            }
        )
    totals = Results(
        categories=categories,
        countries=[{"country": cc} for cc in summary["countries"]],
        arrests=summary["arrests"],
        value_eur=Decimal(summary["value_eur"]),
    )
    return {
        "code_name": summary["code_name"],
        "crime_area": CrimeArea(summary["crime_area"]).label,
        "active_on": date.fromisoformat(summary["active_on"]),
        "active_until": date.fromisoformat(summary["active_until"]),
        "countries": summary["countries"],  # codes: the page names them in the reader's language
        "rows": rows,
        "headline": headline(totals),
    }
