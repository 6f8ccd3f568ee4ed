"""The trends themselves: each a Table, counted by the database over what the reader may see.

Checks come from the rollup (days already folded) plus the query-log rows after its
watermark, read live; hits and notices are counted live (a hit's answer and outcome change
after the hit, and they are few beside the checks). Weeks are ISO weeks, made from UTC days
in Python, so SQLite and PostgreSQL bucket alike.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext

from polnet.analysis.trends import crime, scope
from polnet.analysis.trends.checks import CheckKey, UtcDay, counted, start_of
from polnet.analysis.trends.filters import Filters
from polnet.analysis.trends.models import CheckRollup
from polnet.analysis.trends.rollup import watermark
from polnet.analysis.trends.tables import Table, week_label, week_start
from polnet.core.actor import Actor
from polnet.core.countries import name_of
from polnet.network.models import Unit
from polnet.notices.models import Notice
from polnet.screening.confirmation import OWNER_ANSWERS
from polnet.screening.models import Hit
from polnet.screening.statistics import percentile

CheckDims = Callable[[CheckKey], tuple[Any, ...]]
TOP_POSTS = 10


# ---- checks ----------------------------------------------------------------------------------


def _check_rollup(actor: Actor, f: Filters) -> QuerySet[CheckRollup]:
    qs = CheckRollup.objects.filter(day__gte=f.since, day__lte=f.until)
    own = scope.checks_country(actor)
    if own is not None:
        qs = qs.filter(country=own)
    if f.country:
        qs = qs.filter(country=f.country)
    if f.post is not None:
        qs = qs.filter(post=f.post)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    return qs


def _admits(actor: Actor, f: Filters, key: CheckKey) -> bool:
    own = scope.checks_country(actor)
    return (
        (own is None or key.country == own)
        and (not f.country or key.country == f.country)
        and (f.post is None or key.post == f.post)
        and (not f.kind or key.kind == f.kind)
    )


def check_counts(actor: Actor, f: Filters, dims: tuple[str, ...]) -> Counter[tuple[Any, ...]]:
    """Checks per value of ``dims`` (fields of CheckKey): the rollup plus the rows not yet
    folded. Read in one transaction and again if a fold moved the watermark meanwhile, so
    no row is counted twice or missed."""
    for _attempt in range(5):
        with transaction.atomic():
            mark = watermark()
            totals: Counter[tuple[Any, ...]] = Counter()
            rows = _check_rollup(actor, f).values(*dims).annotate(n=Sum("checks")).order_by()
            for row in rows:
                totals[tuple(row[d] for d in dims)] += row["n"]
            live = counted(after_id=mark, since=f.since, until=f.until)
            if watermark() == mark:
                break
    for key, (checks, _hits) in live.items():
        if _admits(actor, f, key):
            totals[tuple(getattr(key, d) for d in dims)] += checks
    return totals


def checks_per_week(actor: Actor, f: Filters) -> Table:
    weekly: Counter[tuple[Any, ...]] = Counter()
    for (day, kind), n in check_counts(actor, f, ("day", "kind")).items():
        weekly[(week_start(day), kind)] += n
    table = Table("checks_per_week", ["week", "week_start", "kind", "checks"])
    for (start, kind), n in sorted(weekly.items()):
        table.rows.append([week_label(start), start.isoformat(), kind, n])
    return table


# ---- hits ------------------------------------------------------------------------------------


def visible_hits(actor: Actor, f: Filters) -> QuerySet[Hit]:
    qs = scope.hits(actor).filter(at__gte=start_of(f.since), at__lt=start_of(f.until + timedelta(days=1)))
    if f.country:
        qs = qs.filter(screening_country_id=f.country)
    if f.post is not None:
        qs = qs.filter(unit_id=f.post)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.crime_area:
        qs = qs.filter(crime.hits_q(crime.named_keys(actor, f.crime_area)))
    return qs


def hits_per_week(actor: Actor, f: Filters) -> Table:
    rows = (
        visible_hits(actor, f)
        .annotate(day=UtcDay("at"))
        .values("day", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    weekly: Counter[tuple[Any, ...]] = Counter()
    for row in rows:
        weekly[(week_start(row["day"]), row["kind"])] += row["n"]
    table = Table("hits_per_week", ["week", "week_start", "kind", "hits"])
    for (start, kind), n in sorted(weekly.items()):
        table.rows.append([week_label(start), start.isoformat(), kind, n])
    return table


def hit_answers(actor: Actor, f: Filters) -> Table:
    """Hits by the owner's answer (state) and by what came of the check (outcome)."""
    rows = (
        visible_hits(actor, f).values("state", "outcome").annotate(n=Count("pk")).order_by("state", "outcome")
    )
    table = Table("hit_answers", ["state", "outcome", "hits"])
    table.rows = [[row["state"], row["outcome"], row["n"]] for row in rows]
    return table


def _hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def answer_times_per_week(actor: Actor, f: Filters) -> Table:
    """The time from a hit to the owner's answer (confirmed or not the same), per week of the
    hit: how many were answered, the median and the 90th percentile, in hours."""
    spans: dict[Any, list[float]] = defaultdict(list)
    answered = visible_hits(actor, f).filter(state__in=OWNER_ANSWERS, state_at__isnull=False)
    for at, state_at in answered.values_list("at", "state_at"):
        if state_at is None:
            continue
        spans[week_start(at.astimezone(UTC).date())].append((state_at - at).total_seconds())
    table = Table("answer_times", ["week", "week_start", "answered", "median_hours", "p90_hours"])
    for start, seconds in sorted(spans.items()):
        table.rows.append(
            [
                week_label(start),
                start.isoformat(),
                len(seconds),
                _hours(statistics.median(seconds)),
                _hours(percentile(seconds, 0.9)),
            ]
        )
    return table


def hits_by_country(actor: Actor, f: Filters) -> Table:
    """Hits per country where the check was made (ISO alpha-2 and numeric, for the map)."""
    from django_countries import countries

    rows = (
        visible_hits(actor, f)
        .exclude(screening_country__isnull=True)
        .values("screening_country_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "screening_country_id")
    )
    table = Table("hits_by_country", ["country", "numeric", "name", "hits"])
    for row in rows:
        code = row["screening_country_id"]
        numeric = countries.numeric(code, padded=True) or ""
        table.rows.append([code, numeric, name_of(code), row["n"]])
    return table


# ---- posts -----------------------------------------------------------------------------------


def top_posts(actor: Actor, f: Filters) -> Table:
    """The posts with the most hits, then checks. A bureau's analyst sees its own posts by
    name; another country's posts are one row per country (their units are its business)."""
    hits: Counter[tuple[str, int]] = Counter()
    for row in (
        visible_hits(actor, f)
        .filter(unit__isnull=False)
        .values("screening_country_id", "unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        hits[(row["screening_country_id"] or "", row["unit_id"])] += row["n"]
    checks: Counter[tuple[str, int]] = Counter()
    for (country, post), n in check_counts(actor, f, ("country", "post")).items():
        if post:
            checks[(country, post)] += n

    def grouped(key: tuple[str, int]) -> tuple[str, int]:
        country = key[0]
        return key if actor.country in (None, country) else (country, 0)

    merged_hits: Counter[tuple[str, int]] = Counter()
    merged_checks: Counter[tuple[str, int]] = Counter()
    for key, n in hits.items():
        merged_hits[grouped(key)] += n
    for key, n in checks.items():
        merged_checks[grouped(key)] += n
    keys = sorted(
        set(merged_hits) | set(merged_checks), key=lambda k: (-merged_hits[k], -merged_checks[k], k)
    )
    names = dict(Unit.objects.filter(pk__in=[post for _, post in keys if post]).values_list("pk", "name"))
    table = Table("top_posts", ["post", "name", "country", "hits", "checks"])
    for country, post in keys[:TOP_POSTS]:
        name = names.get(post, f"#{post}") if post else gettext("Posts of %(country)s") % {"country": country}
        table.rows.append(
            [post or None, name, country, merged_hits[(country, post)], merged_checks[(country, post)]]
        )
    return table


# ---- notices and diffusions ------------------------------------------------------------------


def visible_notices(actor: Actor, f: Filters) -> QuerySet[Notice]:
    qs = scope.notices(actor).filter(
        published_at__gte=start_of(f.since), published_at__lt=start_of(f.until + timedelta(days=1))
    )
    if f.country:
        qs = qs.filter(owner_country_id=f.country)
    if f.crime_area:
        qs = qs.filter(crime.notices_q(crime.named_keys(actor, f.crime_area)))
    return qs


def notices_per_week(actor: Actor, f: Filters) -> Table:
    """Notices published and diffusions sent per week, by channel and kind."""
    rows = (
        visible_notices(actor, f)
        .annotate(day=UtcDay("published_at"))
        .values("day", "channel", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    weekly: Counter[tuple[Any, ...]] = Counter()
    for row in rows:
        weekly[(week_start(row["day"]), row["channel"], row["kind"])] += row["n"]
    table = Table("notices_per_week", ["week", "week_start", "channel", "kind", "notices"])
    for (start, channel, kind), n in sorted(weekly.items()):
        table.rows.append([week_label(start), start.isoformat(), channel, kind, n])
    return table


SERIES: dict[str, Callable[[Actor, Filters], Table]] = {
    "checks": checks_per_week,
    "hits": hits_per_week,
    "answers": hit_answers,
    "answer_times": answer_times_per_week,
    "notices": notices_per_week,
    "countries": hits_by_country,
    "posts": top_posts,
}
