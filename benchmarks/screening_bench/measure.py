"""Timing, memory, latency and process helpers shared by the benchmark modules."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

_STARTED = time.monotonic()
try:
    _LIBC: ctypes.CDLL | None = ctypes.CDLL("libc.so.6")
except OSError:  # not glibc: deltas may then be understated
    _LIBC = None
_PAGE_MIB = os.sysconf("SC_PAGE_SIZE") / 2**20


def log(message: str) -> None:
    """Progress goes to stderr, so stdout holds only the tables."""
    print(f"[{time.monotonic() - _STARTED:7.1f}s load {load():4.2f}] {message}", file=sys.stderr, flush=True)


def load() -> float:
    """One-minute load average: the machine is shared, so figures carry it."""
    return os.getloadavg()[0]


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * _PAGE_MIB


@dataclass
class Stopwatch:
    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def stopwatch() -> Iterator[Stopwatch]:
    """Wall-clock and CPU time of the block (CPU time of this process only)."""
    watch = Stopwatch()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield watch
    finally:
        watch.wall = time.perf_counter() - wall
        watch.cpu = time.process_time() - cpu


def settle() -> float:
    """Collect garbage and hand freed heap back to the system, then the resident set size in
    MiB (without the trim, memory freed by an earlier stage hides what the next one allocates)."""
    gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
    return rss_mib()


@dataclass(frozen=True)
class Speed:
    """Throughput of a single-threaded loop, and its latency distribution."""

    count: int
    wall: float
    cpu: float
    p50_ms: float
    p99_ms: float
    load: float

    @property
    def per_second(self) -> float:
        return self.count / self.wall if self.wall else 0.0

    @property
    def per_cpu_second(self) -> float:
        return self.count / self.cpu if self.cpu else 0.0


def frozen() -> None:
    """Move every live object out of the collector's reach (undone by ``gc.unfreeze()``).

    The benchmark holds millions of rows and queries that a server would not; frozen,
    they cost the timed code nothing when the collector runs, in one process as in forked
    ones (where freezing also keeps the children from copying the parent's pages).
    """
    gc.collect()
    gc.freeze()


def percentile(sorted_values: Sequence[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * share))]


def timed_loop(
    items: Sequence[Any], call: Callable[[Any], Any], keep: bool = False
) -> tuple[Speed, list[Any]]:
    """Call ``call`` on every item, one at a time, timing each call; with ``keep``, the answers too
    (not kept otherwise: a million live answers would make the collector's work part of the figure)."""
    clock = time.perf_counter
    latencies: list[float] = []
    answers: list[Any] = []
    add_latency, add_answer = latencies.append, answers.append if keep else (lambda _: None)
    frozen()
    try:
        cpu0, wall0 = time.process_time(), clock()
        for item in items:
            t = clock()
            add_answer(call(item))
            add_latency(clock() - t)
        wall, cpu = clock() - wall0, time.process_time() - cpu0
    finally:
        gc.unfreeze()
    latencies.sort()
    speed = Speed(
        len(items), wall, cpu, percentile(latencies, 0.5) * 1e3, percentile(latencies, 0.99) * 1e3, load()
    )
    return speed, answers


# ---- the same work in forked processes that share the parent's index --------------------------

_SHARED: tuple[Callable[[Any], int], list[Any]] | None = None


def _forked(part: int) -> tuple[int, float, float]:
    assert _SHARED is not None
    work, parts = _SHARED
    wall, cpu = time.perf_counter(), time.process_time()
    done = work(parts[part])
    return done, time.perf_counter() - wall, time.process_time() - cpu


@dataclass(frozen=True)
class ForkedSpeed:
    processes: int
    count: int
    wall: float  # from the first start to the last finish
    per_process: tuple[float, ...]  # each process's own rate (items per wall-clock second)
    cpu: float
    load: float

    @property
    def per_second(self) -> float:
        return self.count / self.wall if self.wall else 0.0

    @property
    def per_cpu_second(self) -> float:
        return self.count / self.cpu if self.cpu else 0.0


def forked_rate(work: Callable[[Any], int], items: Sequence[Any], processes: int) -> ForkedSpeed:
    """Run ``work(chunk)`` in ``processes`` forked children, after freezing the collector so
    the children share the parent's objects (the index) instead of copying them."""
    global _SHARED
    parts = [list(items[i::processes]) for i in range(processes)]
    _SHARED = (work, parts)
    frozen()
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            wall = time.perf_counter()
            results = pool.map(_forked, range(processes), chunksize=1)
            wall = time.perf_counter() - wall
    finally:
        gc.unfreeze()
        _SHARED = None
    count = sum(r[0] for r in results)
    rates = tuple(r[0] / r[1] if r[1] else 0.0 for r in results)
    return ForkedSpeed(processes, count, wall, rates, sum(r[2] for r in results), load())
