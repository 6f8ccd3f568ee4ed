"""Trends over a large query log: the rollup (plus the live tail) beside the naive aggregation.

    .venv/bin/python benchmarks/analysis_trends.py                       # SQLite, 10 M rows
    .venv/bin/python benchmarks/analysis_trends.py --rows 1000000        # smaller
    .venv/bin/python benchmarks/analysis_trends.py --database-url postgresql://postgres@127.0.0.1/polnet_trends_bench

It migrates a fresh database (SQLite in a new folder, or the empty PostgreSQL database
named), makes a network of 12 bureaus with 4 posts each and an analyst per bureau and at
the secretariat, and loads the query log in bulk (executemany on SQLite, COPY on
PostgreSQL): a year of checks, one row every few seconds, 1 % of them hits. It then folds
the rollup (timed), adds a live tail of rows the fold has not seen, and times each trend
query (p50 and p95 over repeated runs) beside the naive aggregation of the raw rows that
the rollup replaces. Progress goes to stderr, the table to stdout; nothing asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ("FR", "DE", "IT", "ES", "NL", "BE", "PL", "PT", "SE", "AT", "GR", "IE")
KINDS = ("person", "document", "vehicle", "firearm")
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
CHUNK = 100_000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def setup(database_url: str) -> None:
    os.environ.setdefault("POLNET_DATA_DIR", tempfile.mkdtemp(prefix="polnet-trends-bench-"))
    os.environ["POLNET_ENV"] = "development"
    os.environ["DJANGO_SETTINGS_MODULE"] = "polnet.settings"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def network() -> tuple[list[str], dict[str, object]]:
    """The affiliations that check (bureaus and posts) and the analysts who read."""
    from polnet.core.actor import Role, system_actor
    from polnet.network.actors import actor_for
    from polnet.network.services import create_bureau, create_unit, create_user, sync_countries

    sync_countries()
    affiliations: list[str] = []
    analysts: dict[str, object] = {}
    sysadmin = system_actor("bench")
    for cc in COUNTRIES:
        bureau = create_bureau(sysadmin, cc)
        admin = actor_for(
            create_user(
                sysadmin,
                username=f"{cc}-admin",
                password="a-bench-passphrase-42",
                role=Role.BUREAU_ADMIN,
                bureau=bureau,
            ),
            origin="bench",
        )
        analysts[cc] = actor_for(
            create_user(
                admin,
                username=f"{cc}-analyst",
                password="a-bench-passphrase-42",
                role=Role.ANALYST,
                bureau=bureau,
            ),
            origin="bench",
        )
        affiliations.append(f"bureau:{cc}")
        for n in range(4):
            unit = create_unit(
                admin,
                bureau,
                name=f"{cc} post {n}",
                kind="airport",
                databases=list(KINDS),
                result_level="full",
            )
            affiliations.append(f"unit:{unit.pk}")
    analysts["secretariat"] = actor_for(
        create_user(sysadmin, username="gs-analyst", password="a-bench-passphrase-42", role=Role.ANALYST),
        origin="bench",
    )
    return affiliations, analysts


def rows(
    count: int, affiliations: list[str], start: datetime, span: timedelta, seed: int, sqlite: bool
) -> object:
    """(at, user, name, affiliation, origin, kind, query, result, batch) tuples in time order."""
    rng = random.Random(seed)
    step = span / count
    miss, hit = json.dumps({"hit": False}), json.dumps({"hit": True})
    query = json.dumps({"number": "X"})
    for i in range(count):
        moment = start + step * i
        # As Django stores them: naive UTC text on SQLite, a timestamp with zone on PostgreSQL.
        at = moment.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else moment.isoformat()
        yield (
            at,
            1,
            "bench",
            rng.choice(affiliations),
            "bench",
            KINDS[i % 4],
            query,
            hit if rng.random() < 0.01 else miss,
            None,
        )


def load(count: int, affiliations: list[str], start: datetime, span: timedelta, seed: int = 1) -> float:
    from django.db import connection, transaction

    columns = "at, user_id_ref, actor_name, affiliation, origin, kind, query, result, batch_id_ref"
    began = time.perf_counter()
    source = rows(count, affiliations, start, span, seed, connection.vendor == "sqlite")
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY screening_querylog ({columns}) FROM STDIN") as copy,
        ):
            for n, row in enumerate(source, 1):
                copy.write_row(row)
                if n % 1_000_000 == 0:
                    log(f"  {n:,} rows")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE screening_querylog")
    else:
        sql = f"INSERT INTO screening_querylog ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        raw = connection.cursor().connection if connection.connection is None else connection.connection
        batch: list[tuple[object, ...]] = []
        for n, row in enumerate(source, 1):
            batch.append(row)  # type: ignore[arg-type]
            if len(batch) == CHUNK:
                with transaction.atomic():
                    raw.executemany(sql, batch)
                batch = []
                if n % 1_000_000 == 0:
                    log(f"  {n:,} rows")
        if batch:
            with transaction.atomic():
                raw.executemany(sql, batch)
    return time.perf_counter() - began


def timed(run: Callable[[], object], times: int) -> list[float]:
    spent = []
    for _ in range(times):
        began = time.perf_counter()
        run()
        spent.append(time.perf_counter() - began)
    return spent


def p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--tail", type=int, default=20_000, help="rows added after the fold, read live")
    parser.add_argument("--runs", type=int, default=30, help="runs of each rollup query")
    parser.add_argument("--naive-runs", type=int, default=3, help="runs of each naive aggregation")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    setup(args.database_url)

    from django.db import connection

    from polnet.analysis.trends import rollup, services
    from polnet.analysis.trends.checks import counted
    from polnet.analysis.trends.filters import make_filters
    from polnet.analysis.trends.models import CheckRollup

    vendor = connection.vendor
    log(f"{vendor}: network")
    affiliations, analysts = network()
    log(f"{vendor}: loading {args.rows:,} query-log rows")
    load_s = load(args.rows, affiliations, YEAR_START, timedelta(days=365))
    log(f"  loaded in {load_s:.0f} s; folding")
    began = time.perf_counter()
    rollup.fold()
    fold_s = time.perf_counter() - began
    log(f"  folded in {fold_s:.0f} s into {CheckRollup.objects.count():,} rollup rows; adding the live tail")
    load(args.tail, affiliations, YEAR_START + timedelta(days=364), timedelta(hours=12), seed=2)
    year = make_filters(since=date(2025, 1, 1), until=date(2025, 12, 31))
    quarter = make_filters(since=date(2025, 10, 1), until=date(2025, 12, 31))
    gs, fr = analysts["secretariat"], analysts["FR"]
    cases: list[tuple[str, Callable[[], object], int]] = [
        (
            "checks per week, network, 1 year (rollup + tail)",
            lambda: services.series(gs, "checks", year),
            args.runs,
        ),  # type: ignore[arg-type]
        (
            "checks per week, one bureau, 1 year (rollup + tail)",
            lambda: services.series(fr, "checks", year),
            args.runs,
        ),  # type: ignore[arg-type]
        (
            "checks per week, network, 1 quarter (rollup + tail)",
            lambda: services.series(gs, "checks", quarter),
            args.runs,
        ),  # type: ignore[arg-type]
        (
            "top posts, network, 1 year (rollup + tail, hits live)",
            lambda: services.series(gs, "posts", year),
            args.runs,
        ),  # type: ignore[arg-type]
        (
            "naive: group the raw rows, 1 year",
            lambda: counted(after_id=0, since=year.since, until=year.until),
            args.naive_runs,
        ),
        (
            "naive: group the raw rows, 1 quarter",
            lambda: counted(after_id=0, since=quarter.since, until=quarter.until),
            args.naive_runs,
        ),
    ]
    total = services.series(gs, "checks", year)
    assert sum(row[-1] for row in total.rows) == args.rows + args.tail, (
        "the rollup and the tail count every row once"
    )
    results = []
    for name, run, times in cases:
        log(f"  timing: {name}")
        spent = timed(run, times)
        results.append((name, times, statistics.median(spent), p(spent, 0.95)))
    print(f"\n## {vendor}: {args.rows:,} query-log rows (+ {args.tail:,} not yet folded)\n")
    print(
        f"bulk load {load_s:.0f} s · fold {fold_s:.1f} s ({args.rows / fold_s:,.0f} rows/s) · "
        f"rollup rows {CheckRollup.objects.count():,}\n"
    )
    print("| query | runs | p50 | p95 |")
    print("| --- | ---: | ---: | ---: |")
    for name, times, p50, p95 in results:
        print(f"| {name} | {times} | {p50 * 1000:,.1f} ms | {p95 * 1000:,.1f} ms |")


if __name__ == "__main__":
    main()
