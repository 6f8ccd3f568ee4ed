"""Checks (the screening query log) counted per day, kind, country and post.

A query-log row names its party by affiliation ("unit:12", "bureau:FR", "secretariat"); the
country of a unit is its bureau's. The same grouping serves the fold (rows after the
watermark into the rollup) and the live read (rows not yet folded).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from polnet.network.models import Unit
from polnet.screening.models import QueryLog


class UtcDay(TruncDate):
    """The UTC day of a datetime. SQLite keeps a datetime as UTC text ("YYYY-MM-DD HH:MM:SS"),
    so its first ten characters are the day: no Python function called for each row, as
    Django's own truncation is on SQLite (five times slower over millions of rows)."""

    def __init__(self, expression: str) -> None:
        super().__init__(expression, tzinfo=UTC)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[str | int, ...]]:
        sql, params = compiler.compile(self.lhs)
        return f"substr({sql}, 1, 10)", tuple(params)


@dataclass(frozen=True, slots=True)
class CheckKey:
    day: date
    kind: str
    country: str  # "" for the secretariat
    post: int  # 0: not a unit's check


def _unit_countries() -> dict[int, str]:
    return dict(Unit.objects.values_list("pk", "bureau__country_id"))


def party(affiliation: str, units: dict[int, str]) -> tuple[str, int]:
    """(country, post) of a query-log affiliation; a unit since deleted keeps its id, no country."""
    what, _, ref = affiliation.partition(":")
    if what == "unit" and ref.isdigit():
        return units.get(int(ref), ""), int(ref)
    if what == "bureau":
        return ref[:2], 0
    return "", 0


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def counted(
    *, after_id: int, up_to_id: int | None = None, since: date | None = None, until: date | None = None
) -> dict[CheckKey, tuple[int, int]]:
    """(checks, checks with a hit) per key, of the rows with after_id < id <= up_to_id (no
    upper bound when None), grouped by the database."""
    qs = QueryLog.objects.filter(pk__gt=after_id)
    if up_to_id is not None:
        qs = qs.filter(pk__lte=up_to_id)
    if since is not None:
        qs = qs.filter(at__gte=start_of(since))
    if until is not None:
        qs = qs.filter(at__lt=start_of(until + timedelta(days=1)))
    grouped = (
        qs.annotate(day=UtcDay("at"))
        .values("day", "kind", "affiliation")
        .annotate(checks=Count("pk"), hits=Count("pk", filter=Q(result__hit=True)))
        .order_by()
    )
    units = _unit_countries()
    checks: Counter[CheckKey] = Counter()
    hits: Counter[CheckKey] = Counter()
    for row in grouped:
        country, post = party(row["affiliation"], units)
        key = CheckKey(row["day"], row["kind"], country, post)
        checks[key] += row["checks"]
        hits[key] += row["hits"]
    return {key: (checks[key], hits[key]) for key in checks}
