"""The live board's figures (docs/operations.md, "The live board"): checks per participating
country and per day during the active window, the operation hits the reader may see, and the
totals of seizures and arrests. A fixed number of aggregate queries, however large the operation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.errors import NotFound
from polnet.operations import policy
from polnet.operations.models import Arrest, Operation, OperationHit, Participant, Seizure
from polnet.operations.plan import services as plan_services
from polnet.screening.models import QueryLog

HITS_SHOWN = 50  # the newest; the final report lists them all


@dataclass
class Board:
    operation: Operation
    personal: bool  # False for observers: totals only
    days: list[dt.date]
    countries: list[str]
    # country -> day -> checks
    checks: dict[str, dict[dt.date, int]]
    hits: list[OperationHit] = field(default_factory=list)
    hit_count: int = 0
    seizures: list[dict[str, Any]] = field(default_factory=list)  # per category
    drugs: list[dict[str, Any]] = field(default_factory=list)  # per drug type and unit
    value_eur: Decimal = Decimal("0")
    arrests: int = 0

    def checks_of(self, country: str) -> list[int]:
        return [self.checks.get(country, {}).get(day, 0) for day in self.days]

    def total_of(self, country: str) -> int:
        return sum(self.checks.get(country, {}).values())

    @property
    def total_checks(self) -> int:
        return sum(self.total_of(c) for c in self.countries)


def operation_for(actor: Actor, operation_id: int) -> Operation:
    """The operation if the actor takes part in it; otherwise as if it did not exist."""
    return plan_services.get_operation(actor, operation_id)


def _window(operation: Operation) -> tuple[list[dt.date], dt.datetime, dt.datetime]:
    days = [
        operation.active_on + dt.timedelta(days=n)
        for n in range((operation.active_until - operation.active_on).days + 1)
    ]
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(operation.active_on, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(operation.active_until + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return days, start, end


def _checks(
    operation: Operation, start: dt.datetime, end: dt.datetime
) -> tuple[list[str], dict[str, dict[dt.date, int]]]:
    """Checks per country and day: the participating posts' ("unit:<id>") and the bureaus'
    ("bureau:<CC>") query-log rows, in one grouped query."""
    unit_country: dict[str, str] = {}
    countries: list[str] = []
    rows = Participant.objects.filter(operation=operation).values_list("country_id", "units")
    for country, unit_id in rows:
        if country not in countries:
            countries.append(country)
        if unit_id is not None:
            unit_country[f"unit:{unit_id}"] = country
    affiliations = list(unit_country) + [f"bureau:{c}" for c in countries]
    counted = (
        QueryLog.objects.filter(at__gte=start, at__lt=end, affiliation__in=affiliations)
        .annotate(day=TruncDate("at"))
        .values("affiliation", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    checks: dict[str, dict[dt.date, int]] = {}
    for row in counted:
        aff = row["affiliation"]
        country = unit_country.get(aff) or aff.removeprefix("bureau:")
        per_day = checks.setdefault(country, {})
        per_day[row["day"]] = per_day.get(row["day"], 0) + row["n"]
    return sorted(countries), checks


def board(actor: Actor, operation: Operation) -> Board:
    days, start, end = _window(operation)
    countries, checks = _checks(operation, start, end)
    result = Board(operation, policy.reads_personal_data(actor, operation), days, countries, checks)
    if result.personal:
        hits = OperationHit.objects.filter(policy.operation_hits_q(actor), operation=operation)
        result.hit_count = hits.count()
        result.hits = list(hits.select_related("target", "unit").order_by("-at", "-pk")[:HITS_SHOWN])
    seizures = Seizure.objects.filter(report__operation=operation).order_by()
    per_category = seizures.values("category").annotate(lines=Count("pk"), eur=Sum("value_eur"))
    result.seizures = [dict(row) for row in per_category.order_by("category")]
    per_drug = (
        seizures.filter(category="drugs")
        .values("drug_type", "quantity_unit")
        .annotate(quantity=Sum("quantity"), eur=Sum("value_eur"))
    )
    result.drugs = [dict(row) for row in per_drug.order_by("drug_type", "quantity_unit")]
    result.value_eur = seizures.aggregate(v=Sum("value_eur", default=Decimal("0")))["v"]
    result.arrests = Arrest.objects.filter(report__operation=operation).count()
    return result


def hit_for(actor: Actor, hit_id: int) -> OperationHit:
    """An operation hit the actor may open (a notification's link), or NotFound."""
    found = OperationHit.objects.filter(policy.operation_hits_q(actor), pk=hit_id).first()
    if found is None:
        raise NotFound(_("No such operation hit."), code="operation_hit_not_found")
    return found
