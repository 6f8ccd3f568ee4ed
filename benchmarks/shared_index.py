"""Memory of worker processes that load one saved person index.

A server runs several worker processes, each loading the screening snapshot the CLI
wrote. This builds (once, cached under ``benchmarks/.data/shared_index``) an index of
synthetic persons, then starts ``--workers`` fresh Python processes that each load it,
answer the same labelled queries and stay alive together while their memory is read
from ``/proc/<pid>/smaps_rollup``:

* RSS: resident pages, counting pages shared with other processes in full;
* anonymous: the worker's own heap, which no other process can share;
* PSS: resident pages with each shared page divided among the processes mapping it.

    .venv/bin/python benchmarks/shared_index.py --persons 1000000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_bench import data
from screening_bench.measure import log

from polnet.screening.engine.person.dates import PartialDate
from polnet.screening.engine.person.engine import DEFAULT_THRESHOLD
from polnet.screening.engine.person.index import PersonIndex
from polnet.screening.engine.person.types import PersonQuery

WARM_UP = 50
CACHE = Path(__file__).resolve().parent / ".data" / "shared_index"


def _prepare(persons: int, queries: int, seed: int) -> tuple[Path, Path]:
    """The saved index and its queries, built unless a cached copy exists."""
    CACHE.mkdir(parents=True, exist_ok=True)
    stem = CACHE / f"persons-{persons}-{seed}"
    index_path = stem.with_suffix(".idx")
    query_path = CACHE / f"persons-{persons}-{seed}-{queries}.queries.json"
    built = index_path.exists()
    if built:
        try:
            PersonIndex.load(index_path)
        except ValueError:
            log("cached index written by another version: building again")
            built = False
    if built and query_path.exists():
        return index_path, query_path
    people, rows = data.persons(persons, seed)
    labelled = data.person_queries(people, queries, seed)
    if not built:
        log(f"building the index of {persons:,} persons")
        started = time.perf_counter()
        index = PersonIndex.build(rows)
        log(f"built in {time.perf_counter() - started:.1f} s; saving")
        index.save(index_path)
    body = [
        {
            "name": q.name or "",
            "date": [q.dob_year, q.dob_month, q.dob_day],
            "sex": q.sex,
            "nationality": q.nationality,
            "expected": q.expected,
            "corruptions": list(q.corruptions),
        }
        for q in labelled
    ]
    query_path.write_text(json.dumps(body))
    return index_path, query_path


def _query(item: dict[str, Any]) -> PersonQuery:
    year, month, day = item["date"]
    born = PartialDate(year, month, day if month else None) if year else None
    return PersonQuery(
        item["name"], date_of_birth=born, sex=item["sex"], nationality=item["nationality"] or ()
    )


def worker(index_path: str, query_path: str) -> None:
    """Load, answer every query, report, then wait to be told to exit (so all are alive at once)."""
    queries = [_query(item) for item in json.loads(Path(query_path).read_text())]
    started = time.perf_counter()
    index = PersonIndex.load(index_path)
    loaded = time.perf_counter() - started
    for query in queries[:WARM_UP]:  # compiles the kernels: not part of the rate
        index.search(query)
    queries = queries[WARM_UP:]
    wall, cpu = time.perf_counter(), time.process_time()
    found = sum(len(index.search(q)) for q in queries)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"load_s": loaded, "queries": len(queries), "wall": wall, "cpu": cpu, "found": found}))
    sys.stdout.flush()
    sys.stdin.readline()


def _profile(index_path: Path, query_path: Path, count: int) -> None:
    """Where a query's time goes: the functions that spend the most of it themselves."""
    import cProfile
    import pstats

    queries = [_query(item) for item in json.loads(query_path.read_text())]
    index = PersonIndex.load(index_path)
    for query in queries[:WARM_UP]:
        index.search(query)
    chosen = queries[WARM_UP : WARM_UP + count]
    profiler = cProfile.Profile()
    profiler.enable()
    for query in chosen:
        index.search(query)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = sorted(stats.items(), key=lambda item: -item[1][2])[:15]
    total = sum(own for _, (_, _, own, _, _) in stats.items())
    print(f"\nprofile of {len(chosen):,} queries: {1000 * total / len(chosen):.2f} ms a query (profiled)\n")
    print("| function | calls a query | own µs a query | share |")
    print("| --- | --- | --- | --- |")
    for (path, line, name), (_, calls, own, _, _) in rows:
        where = f"{Path(path).name}:{line} {name}" if line else name
        print(f"| {where} | {calls / len(chosen):.1f} | {1e6 * own / len(chosen):.0f} | {own / total:.0%} |")


def _quality(index_path: Path, query_path: Path, show: int) -> None:
    """Recall and precision on the labelled queries, at the default threshold and around it.

    Each query is asked once at a low threshold; a threshold ``t`` then finds the expected
    record if its score is at least ``t``, and alarms on a false query if any score is.
    """
    items = json.loads(query_path.read_text())
    index = PersonIndex.load(index_path)
    floor = 0.5
    expected_score: list[float] = []  # per true query: the expected record's score (0: not found)
    alarm_score: list[float] = []  # per false query: the best score (0: nothing)
    alarms: list[tuple[float, dict[str, Any], Any]] = []
    missed: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for item in items:
        matches = index.search(_query(item), threshold=floor, limit=10)
        if item["expected"] is None:
            best = matches[0].score if matches else 0.0
            alarm_score.append(best)
            if best >= DEFAULT_THRESHOLD:
                alarms.append((best, item, matches[0]))
            continue
        score = next((m.score for m in matches if m.record_id == item["expected"]), 0.0)
        expected_score.append(score)
        for kind in item.get("corruptions") or ["none"]:
            asked[kind] += 1
            missed[kind] += score < DEFAULT_THRESHOLD
    print(f"\n{len(expected_score):,} true and {len(alarm_score):,} false queries\n")
    print("| threshold | recall | false-alert rate | precision |")
    print("| --- | --- | --- | --- |")
    for threshold in (0.60, 0.65, 0.68, 0.70, 0.72, 0.75, 0.80):
        found = sum(s >= threshold for s in expected_score)
        alerted = sum(s >= threshold for s in alarm_score)
        mark = " (default)" if abs(threshold - DEFAULT_THRESHOLD) < 1e-9 else ""
        print(
            f"| {threshold:.2f}{mark} | {found / len(expected_score):.4f} | "
            f"{alerted / len(alarm_score):.4f} | {found / max(1, found + alerted):.4f} |"
        )
    print("\n| corruption | true queries | missed | recall |")
    print("| --- | --- | --- | --- |")
    for kind, n in sorted(asked.items(), key=lambda item: missed[item[0]] / -item[1]):
        print(f"| {kind} | {n:,} | {missed[kind]:,} | {1 - missed[kind] / n:.4f} |")
    for score, item, match in sorted(alarms, key=lambda a: -a[0])[:show]:
        print(f"\nfalse alert {score:.3f}: {item['name']!r} born {item['date']} ({item['corruptions']})")
        for feature in match.explanation:
            print(f"    {feature.contribution:+.3f} {feature.detail}")


def _memory(pid: int) -> dict[str, float]:
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) / 1024  # kB -> MiB
    return fields


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--profile", type=int, default=0, help="also profile this many queries in this process"
    )
    parser.add_argument(
        "--quality",
        type=int,
        default=-1,
        metavar="SHOW",
        help="report recall and precision on the labelled queries instead, showing SHOW false alerts",
    )
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    index_path, query_path = _prepare(args.persons, args.queries, args.seed)
    if args.quality >= 0:
        _quality(index_path, query_path, args.quality)
        return
    if args.profile:
        _profile(index_path, query_path, args.profile)
    size = index_path.stat().st_size / 2**20
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", str(index_path), str(query_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(args.workers)
    ]
    rows = []
    for proc in procs:
        assert proc.stdout is not None
        rows.append(json.loads(proc.stdout.readline()))
    memory = [_memory(proc.pid) for proc in procs]  # all alive: shared pages are divided among them
    for proc in procs:
        proc.communicate("exit\n")
    print(f"\n{args.persons:,} persons, index file {size:,.0f} MiB, {args.workers} workers\n")
    print("| worker | load s | queries/CPU-s | RSS MiB | anonymous MiB | PSS MiB |")
    print("| --- | --- | --- | --- | --- | --- |")
    for number, (row, mem) in enumerate(zip(rows, memory, strict=True), 1):
        rate = row["queries"] / row["cpu"] if row["cpu"] else 0.0
        print(
            f"| {number} | {row['load_s']:.2f} | {rate:,.0f} | {mem['Rss']:,.0f} | "
            f"{mem['Anonymous']:,.0f} | {mem['Pss']:,.0f} |"
        )
    total = sum(m["Pss"] for m in memory)
    print(f"\nall workers together (sum of PSS): {total:,.0f} MiB")


if __name__ == "__main__":
    main()
