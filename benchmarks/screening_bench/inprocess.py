"""polnet's engine in this process: build, memory, save/load, speed, quality.

Every index is built straight from the generator's rows; speed is measured one
query at a time on one thread (per core), then with the index shared by two
forked processes.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polnet.screening.engine.documents import DocumentIndex
from polnet.screening.engine.person.engine import DEFAULT_THRESHOLD, PersonIndex
from polnet.screening.engine.vehicles import VehicleIndex
from polnet.synthetic import LabelledQuery

from . import data
from .measure import ForkedSpeed, Speed, forked_rate, frozen, load, log, settle, stopwatch, timed_loop
from .report import Report, fixed, integer, ms, ratio

SPEED_MIN_CHECKS = 300_000  # identifier checks are fast: loop over at least this many
BATCH = 10_000  # check_many batch size


@dataclass(frozen=True)
class Quality:
    true_queries: int
    false_queries: int
    found: int  # true queries whose record was among the answers
    alarms: int  # false queries with any answer
    wrong_only: int  # true queries answered with other records only

    @property
    def recall(self) -> float:
        return self.found / self.true_queries if self.true_queries else float("nan")

    @property
    def precision(self) -> float:
        hits = self.found + self.alarms
        return self.found / hits if hits else float("nan")


def quality(queries: Sequence[LabelledQuery], answers: Sequence[Sequence[int]]) -> Quality:
    """``answers[i]``: the record ids returned for ``queries[i]``."""
    true = found = alarms = wrong = 0
    for q, ids in zip(queries, answers, strict=True):
        if q.expected is None:
            alarms += bool(ids)
            continue
        true += 1
        if q.expected in ids:
            found += 1
        elif ids:
            wrong += 1
    return Quality(true, len(queries) - true, found, alarms, wrong)


def _scratch() -> Path:
    folder = Path(__file__).resolve().parent.parent / ".data"
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="index-", dir=folder))


def _build(report: Report, kind: str, rows: Sequence[Any], build: Callable[[Sequence[Any]], Any]) -> Any:
    log(f"building the {kind} index over {len(rows):,} records")
    before = settle()
    with stopwatch() as watch:
        index = build(rows)
    grown = settle() - before
    report.figures[f"{kind}.build_s"] = watch.wall
    report.figures[f"{kind}.rss_mib"] = grown
    report.figures[f"{kind}.records"] = len(rows)
    report.pending[kind] = [kind, integer(len(rows)), fixed(watch.wall, 1), integer(len(rows) / watch.wall)]
    report.pending[kind] += [integer(grown), integer(grown * 2**20 / max(len(rows), 1))]
    return index


def _persist(report: Report, kind: str, index: Any, load: Callable[[Path], Any]) -> None:
    folder = _scratch()
    try:
        path = folder / f"{kind}.idx"
        with stopwatch() as saving:
            index.save(path)
        size = path.stat().st_size / 2**20
        with stopwatch() as loading:
            loaded = load(path)
        assert len(loaded) == len(index)
        del loaded
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    row = [*report.pending.pop(kind), fixed(saving.wall, 2), integer(size), fixed(loading.wall, 2)]
    report.table("build").rows.append(row)


LABELLED, BORDER = "labelled (50% hits)", f"border ({data.BORDER_HITS:.0%} hits)"


def _speed_row(report: Report, kind: str, call: str, mix: str, speed: Speed | ForkedSpeed) -> None:
    if isinstance(speed, Speed):
        processes, p50, p99 = "1", ms(speed.p50_ms), ms(speed.p99_ms)
    else:  # each forked process times itself; no latencies
        processes, p50, p99 = str(speed.processes), "-", "-"
    rates = [integer(speed.count), integer(speed.per_second), integer(speed.per_cpu_second)]
    report.add("speed", kind, call, mix, processes, *rates, p50, p99, fixed(speed.load, 2))


def _quality_row(report: Report, kind: str, q: Quality) -> None:
    report.figures[f"{kind}.recall"] = q.recall
    report.figures[f"{kind}.precision"] = q.precision
    report.add(
        "quality",
        kind,
        integer(q.true_queries),
        integer(q.false_queries),
        ratio(q.recall),
        ratio(q.precision),
        integer(q.alarms),
        integer(q.wrong_only),
    )


# ---- persons ---------------------------------------------------------------------------------


@dataclass
class PersonRun:
    queries: list[LabelledQuery]
    answers: list[list[int]]  # record ids found per query, at the default threshold


def persons(report: Report, rows: Sequence[Any], queries: list[LabelledQuery], seed: int) -> PersonRun:
    index: PersonIndex = _build(report, "persons", rows, PersonIndex.build)
    _persist(report, "persons", index, PersonIndex.load)
    asked = [data.person_query(q) for q in queries]
    for query in asked[:100]:  # warm caches
        index.search(query)
    log(f"persons: {len(asked):,} labelled queries, one at a time (threshold {DEFAULT_THRESHOLD})")
    speed, answers = timed_loop(asked, lambda q: [m.record_id for m in index.search(q)], keep=True)
    _speed_row(report, "persons", "search", LABELLED, speed)
    border = [data.person_query(q) for q in data.border_mix(queries, seed)]
    log(f"persons: {len(border):,} border queries, one at a time")
    speed, _ = timed_loop(border, index.search)
    _speed_row(report, "persons", "search", BORDER, speed)
    report.figures["persons.qps_core"] = speed.per_cpu_second
    report.figures["persons.qps_wall"] = speed.per_second
    report.figures["persons.p99_ms"] = speed.p99_ms
    log("persons: the border queries in 2 forked processes")
    forked = forked_rate(lambda part: sum(1 for q in part if index.search(q) is not None), border, 2)
    _speed_row(report, "persons", "search", BORDER, forked)
    result = quality(queries, answers)
    _quality_row(report, "persons", result)
    _corruption_rows(report, queries, answers)
    return PersonRun(queries, answers)


def _corruption_rows(report: Report, queries: Sequence[LabelledQuery], answers: Sequence[list[int]]) -> None:
    asked: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for q, ids in zip(queries, answers, strict=True):
        if q.expected is None:
            continue
        for kind in q.corruptions or ("none",):
            asked[kind] += 1
            found[kind] += q.expected in ids
    for kind, n in sorted(asked.items(), key=lambda item: found[item[0]] / item[1]):
        report.add("corruptions", kind, integer(n), integer(n - found[kind]), ratio(found[kind] / n))


# ---- documents and vehicles ------------------------------------------------------------------


def documents(report: Report, docs: data.Documents, count: int, seed: int) -> None:
    index: DocumentIndex = _build(report, "documents", docs.rows, DocumentIndex.build)
    docs.rows.clear()
    settle()
    _persist(report, "documents", index, DocumentIndex.load)
    queries = data.document_queries(docs, count, seed, index)
    answers = [[m.record_id for m in index.check(q.number or "", q.country).matches] for q in queries]
    _quality_row(report, "documents", quality(queries, answers))
    for mix, chosen in ((LABELLED, queries), (BORDER, data.border_mix(queries, seed))):
        args = data.cycle([(q.number or "", q.country) for q in chosen], SPEED_MIN_CHECKS)
        log(f"documents: {len(args):,} {mix} checks, one at a time, then in batches")
        speed, _ = timed_loop(args, lambda a: index.check(*a))
        _speed_row(report, "documents", "check", mix, speed)
        frozen()
        try:
            with stopwatch() as watch:
                _check_many_count(index, args)
        finally:
            gc.unfreeze()
        many = Speed(len(args), watch.wall, watch.cpu, float("nan"), float("nan"), load())
        _speed_row(report, "documents", f"check_many ({BATCH:,})", mix, many)
        report.figures["documents.p99_ms"] = speed.p99_ms
        report.figures["documents.check_core"] = speed.per_cpu_second
        report.figures["documents.check_many_core"] = many.per_cpu_second
    log("documents: border check_many in 2 forked processes")
    forked = forked_rate(lambda part: _check_many_count(index, part), args, 2)
    _speed_row(report, "documents", f"check_many ({BATCH:,})", BORDER, forked)
    report.figures["documents.check_many_2proc"] = forked.per_second
    report.figures["documents.check_many_2cpu"] = 2 * forked.per_cpu_second


def _check_many_count(index: DocumentIndex, part: list[tuple[str, str | None]]) -> int:
    for start in range(0, len(part), BATCH):
        index.check_many(part[start : start + BATCH])
    return len(part)


def vehicles(report: Report, rows: Sequence[Any], queries: list[LabelledQuery], seed: int) -> None:
    index: VehicleIndex = _build(report, "vehicles", rows, VehicleIndex.build)
    _persist(report, "vehicles", index, VehicleIndex.load)
    answers = [[m.record_id for m in index.check(q.vin, q.plate, q.country).matches] for q in queries]
    _quality_row(report, "vehicles", quality(queries, answers))
    for mix, chosen in ((LABELLED, queries), (BORDER, data.border_mix(queries, seed))):
        args = data.cycle([(q.vin, q.plate, q.country) for q in chosen], SPEED_MIN_CHECKS // 3)
        log(f"vehicles: {len(args):,} {mix} checks, one at a time")
        speed, _ = timed_loop(args, lambda a: index.check(*a))
        _speed_row(report, "vehicles", "check", mix, speed)
        report.figures["vehicles.check_core"] = speed.per_cpu_second
