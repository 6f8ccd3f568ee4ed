"""Screening benchmark: polnet in-process and over HTTP, beside its baselines, in one run.

    .venv/bin/python benchmarks/screening.py --quick   # 50 k persons, 500 k documents: a few minutes
    .venv/bin/python benchmarks/screening.py           # 1 M persons, 10 M documents, 1 M vehicles

Progress goes to stderr, tables to stdout; a JSON and a markdown copy go to
benchmarks/.data/results/. See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import shutil
import subprocess
import time
import traceback
from collections.abc import Callable
from functools import partial
from importlib import metadata
from pathlib import Path

from rich.console import Console
from screening_bench import baselines, data, febrl, http_api, inprocess
from screening_bench.measure import load, log
from screening_bench.report import Report, check_targets

RESULTS = Path(__file__).resolve().parent / ".data" / "results"
PACKAGES = (
    "rapidfuzz",
    "numpy",
    "numba",
    "granian",
    "nomenklatura",
    "followthemoney",
    "recordlinkage",
    "splink",
    "duckdb",
)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, a few minutes in all")
    parser.add_argument("--skip-http", action="store_true", help="no server, no passenger list")
    parser.add_argument(
        "--http-only", action="store_true", help="only the server, the minimal site and the passenger list"
    )
    parser.add_argument(
        "--skip-baselines", action="store_true", help="no brute force, nomenklatura, recordlinkage, Splink"
    )
    parser.add_argument("--queries", type=int, help="labelled person queries (half true, half false)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-rows", type=int, help="passenger-list rows to time")
    parser.add_argument("--full-batch", action="store_true", help="time a whole 1 M-row passenger list")
    parser.add_argument("--database-url", help="serve from this empty PostgreSQL database instead of SQLite")
    return parser.parse_args()


def _versions() -> str:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} not installed")
    if shutil.which("wrk"):
        first = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()
        found.append(first[0].split(" [")[0] if first else "wrk")
    return ", ".join(found)


def _stage(report: Report, key: str, name: str, step: Callable[[], None]) -> None:
    """Run one part; a failure is reported in its table and the run goes on."""
    try:
        step()
    except Exception as exc:
        traceback.print_exc()
        report.note(key, f"{name} failed: {type(exc).__name__}: {exc}")
        report.table(key).rows.append([name, *["-"] * (len(report.table(key).columns) - 2), f"failed: {exc}"])


def _in_process(report: Report, sizes: data.Sizes, seed: int, skip_baselines: bool) -> None:
    people, rows = data.persons(sizes.persons, seed)
    queries = data.person_queries(people, sizes.person_queries, seed)
    answers = inprocess.persons(report, rows, queries, seed).answers
    if not skip_baselines:
        _stage(
            report,
            "baselines",
            "baselines",
            partial(baselines.run, report, rows, queries, answers, sizes.subset, seed),
        )
    del people, rows, answers

    docs = data.documents(sizes.documents, sizes.persons, seed)
    inprocess.documents(report, docs, sizes.document_queries, seed)
    del docs

    cars, car_rows = data.vehicles(sizes.vehicles, seed)
    inprocess.vehicles(report, car_rows, data.vehicle_queries(cars, sizes.vehicle_queries, seed), seed)
    del cars, car_rows

    _stage(report, "febrl", "FEBRL4", lambda: febrl.run(report, skip_baselines))


def main() -> None:
    args = _arguments()
    sizes = data.QUICK if args.quick else data.FULL
    if args.queries:
        sizes = dataclasses.replace(sizes, person_queries=args.queries)
    batch_rows = 1_000_000 if args.full_batch else args.batch_rows or sizes.batch_rows
    report, seed, started, load_start = Report(), args.seed, time.monotonic(), load()
    run = report.table("run")
    run.rows += [
        ["mode", "quick" if args.quick else "full"],
        [
            "sizes",
            f"{sizes.persons:,} persons, {sizes.documents:,} documents, {sizes.vehicles:,} vehicles, "
            f"{data.COUNTRIES} countries, seed {seed}",
        ],
        [
            "labelled queries",
            f"persons {sizes.person_queries:,}, documents {sizes.document_queries:,}, "
            f"vehicles {sizes.vehicle_queries:,}; baseline subset {sizes.subset}",
        ],
        [
            "machine",
            f"{os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}",
        ],
        ["versions", _versions()],
    ]

    if not args.http_only:
        _in_process(report, sizes, seed, args.skip_baselines)
    if not args.skip_http:
        _stage(
            report, "http", "HTTP", lambda: http_api.run(report, sizes, seed, batch_rows, args.database_url)
        )

    check_targets(report)
    if args.quick:
        report.note("targets", "Quick size: the targets are set for 1 M persons and 10 M documents.")
    run.rows.append(["load average", f"{load_start:.2f} at start, {load():.2f} at end (1-minute)"])
    run.rows.append(["wall time", f"{(time.monotonic() - started) / 60:.1f} min"])
    Console(width=160).print()
    report.print(Console(width=160))
    stem = f"screening-{'quick' if args.quick else 'full'}-{time.strftime('%Y%m%d-%H%M%S')}"
    paths = report.save(RESULTS, stem)
    log(f"saved {paths[0]} and {paths[1]}")


if __name__ == "__main__":
    main()
