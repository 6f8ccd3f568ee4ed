"""Quick benchmark of the travel-document index: build, memory, save/load, checks per second.

Usage: .venv/bin/python benchmarks/document_engine_quick.py [-n 1000000] [--queries 300000]
       [--processes 2]
Prints figures only; no thresholds are asserted. Synthetic documents: 40% two letters
and 7 digits, 30% 9 digits, 30% letter and 8 alphanumerics, over 22 issuing countries.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import random
import string
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from polnet.identifiers.normalise import OCR_CONFUSABLE_PAIRS
from polnet.screening.engine.boundary import DocumentQuery
from polnet.screening.engine.documents import DocumentIndex, DocumentRow

COUNTRIES = [
    "UTO",
    "DEU",
    "FRA",
    "GBR",
    "USA",
    "ITA",
    "ESP",
    "NLD",
    "POL",
    "TUR",
    "BRA",
    "IND",
    "CHN",
    "JPN",
    "NGA",
    "EGY",
    "ZAF",
    "MEX",
    "ARG",
    "CAN",
    "AUS",
    "RUS",
]
KINDS = ["passport", "identity_card", "visa", "residence_permit"]
STATUSES = ["stolen", "lost", "revoked", "stolen_blank"]
SWAP = {a: b for pair in OCR_CONFUSABLE_PAIRS for a, b in (pair, pair[::-1])}
ALNUM = string.ascii_uppercase + string.digits


def number(rng: random.Random) -> str:
    form = rng.random()
    if form < 0.4:
        return "".join(rng.choices(string.ascii_uppercase, k=2)) + f"{rng.randrange(10**7):07d}"
    if form < 0.7:
        return f"{rng.randrange(10**9):09d}"
    return rng.choice(string.ascii_uppercase) + "".join(rng.choices(ALNUM, k=8))


def rows(n: int, seed: int) -> Iterator[DocumentRow]:
    rng = random.Random(seed)
    for i in range(n):
        yield DocumentRow(i + 1, number(rng), rng.choice(COUNTRIES), rng.choice(KINDS), rng.choice(STATUSES))


def near(num: str, rng: random.Random) -> str | None:
    spots = [i for i, c in enumerate(num) if c in SWAP]
    if not spots:
        return None
    i = rng.choice(spots)
    return num[:i] + SWAP[num[i]] + num[i + 1 :]


def queries(n_docs: int, n: int, seed: int, exact: float, near_share: float) -> list[tuple[str, str]]:
    """Shares ``exact`` of indexed documents, ``near_share`` one OCR confusion away, the rest misses."""
    sample = sorted(random.Random(seed + 1).sample(range(n_docs), min(n, n_docs)))
    picked: list[tuple[str, str]] = []
    want = iter(sample)
    nxt = next(want, None)
    for i, row in enumerate(rows(n_docs, seed)):
        if i == nxt:
            picked.append((row.number, row.issuing_country))
            nxt = next(want, None)
    rng = random.Random(seed + 2)
    out: list[tuple[str, str]] = []
    for num, country in picked:
        draw = rng.random()
        if draw >= exact + near_share:
            num = "Q" + number(rng)  # Q-prefixed numbers are never generated: a miss
        elif draw >= exact:
            num = near(num, rng) or num
        out.append((num, country))
    rng.shuffle(out)
    # Fresh, consecutive string objects, as a service receives them (not scattered in memory).
    return [("".join(num), "".join(country)) for num, country in out[:n]]


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def screen_rate(index: DocumentIndex, qs: list[tuple[str, str]]) -> tuple[str, int]:
    """screen() one by one, as the screening service asks: typed query, scored candidates."""
    screen, asked = index.screen, [DocumentQuery(num, country) for num, country in qs]
    t, cpu = time.perf_counter(), time.process_time()
    hits = sum(1 for q in asked if screen(q).candidates)
    return _rates(len(qs), t, cpu), hits


def rate(index: DocumentIndex, qs: list[tuple[str, str]]) -> tuple[str, str, int]:
    """check() one by one, then check_many() in batches: wall-clock and CPU-time rates."""
    check = index.check
    t, cpu = time.perf_counter(), time.process_time()
    hits = sum(1 for num, country in qs if check(num, country).matches)
    single = _rates(len(qs), t, cpu)
    t, cpu = time.perf_counter(), time.process_time()
    batch_hits = 0
    for start in range(0, len(qs), 10_000):
        batch_hits += sum(1 for r in index.check_many(qs[start : start + 10_000]) if r.matches)
    batch = _rates(len(qs), t, cpu)
    assert hits == batch_hits
    return single, batch, hits


def _rates(n: int, wall0: float, cpu0: float) -> str:
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return f"{n / wall:,.0f} checks/s ({n / cpu:,.0f} per CPU-second)"


_SHARED: tuple[DocumentIndex, list[list[tuple[str, str]]]] | None = None


def _shared_worker(part: int) -> tuple[int, float]:
    assert _SHARED is not None
    index, parts = _SHARED
    cpu = time.process_time()
    hits = sum(1 for r in index.check_many(parts[part]) if r.matches)
    return hits, time.process_time() - cpu


def parallel_rate(index: DocumentIndex, qs: list[tuple[str, str]], processes: int) -> tuple[float, float]:
    """check_many in forked workers sharing the memory-mapped index (queries inherited too).

    Returns checks per wall-clock second and per CPU-second of the workers: the machine
    may be shared, so the second shows what each core delivers.
    """
    global _SHARED
    _SHARED = (index, [qs[i::processes] for i in range(processes)])
    gc.collect()
    gc.freeze()  # keep the collector from touching (and copying) inherited objects
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        t = time.perf_counter()
        results = pool.map(_shared_worker, range(processes), chunksize=1)
        wall = time.perf_counter() - t
    gc.unfreeze()
    _SHARED = None
    cpu = sum(c for _, c in results)
    return len(qs) / wall, len(qs) / cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=1_000_000, help="documents to index")
    ap.add_argument("--queries", type=int, default=300_000)
    ap.add_argument("--processes", type=int, default=2, help="workers for the shared-index run")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    n = args.n

    mixes = {
        "thirds (1/3 exact, 1/3 near, 1/3 miss)": queries(n, args.queries, args.seed, 1 / 3, 1 / 3),
        "border (1% exact, 1% near, 98% miss)": queries(n, args.queries, args.seed, 0.01, 0.01),
    }
    t = time.perf_counter()
    for _ in rows(n, args.seed):
        pass
    gen_s = time.perf_counter() - t
    gc.collect()
    base = rss_mib()
    t = time.perf_counter()
    index = DocumentIndex.build(rows(n, args.seed))
    build_s = time.perf_counter() - t
    gc.collect()
    built_rss = rss_mib() - base
    print(f"documents            {n:,} (load average {os.getloadavg()[0]:.2f} at start)")
    print(
        f"build                {build_s:.1f} s with row generation, {build_s - gen_s:.1f} s without "
        f"({n / (build_s - gen_s):,.0f} rows/s)"
    )
    print(f"RSS delta (built)    {built_rss:,.0f} MiB ({built_rss * 2**20 / n:.0f} B/document)")

    for name, qs in mixes.items():
        single, batch, hits = rate(index, qs)
        print(f"mix {name}: {len(qs):,} queries, {hits:,} with matches")
        print(f"  check()            {single}, one thread")
        print(f"  check_many()       {batch}, one thread, batches of 10,000")
        screened, screen_hits = screen_rate(index, qs)
        assert screen_hits == hits
        print(f"  screen()           {screened}, one thread (the service's typed call)")

    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        path = Path(tmp) / "documents.idx"
        t = time.perf_counter()
        index.save(path)
        size = path.stat().st_size / 2**20
        print(f"save                 {time.perf_counter() - t:.2f} s ({size:,.0f} MiB file)")
        del index
        gc.collect()
        t = time.perf_counter()
        loaded = DocumentIndex.load(path, mmap=False)
        print(f"load (read)          {time.perf_counter() - t:.2f} s")
        del loaded
        gc.collect()
        t = time.perf_counter()
        mapped = DocumentIndex.load(path)
        print(f"load (mmap)          {time.perf_counter() - t:.3f} s")
        assert len(mapped) == n
        for name, qs in mixes.items():
            single, batch, _ = rate(mapped, qs)
            print(f"mix {name}, mmap-loaded index:")
            print(f"  check() {single}; check_many() {batch}, one thread")
            if args.processes > 1:
                wall, per_cpu = parallel_rate(mapped, qs, args.processes)
                print(
                    f"  check_many() in {args.processes} processes sharing the mapped file: "
                    f"{wall:,.0f} checks/s wall clock, {per_cpu:,.0f} per CPU-second"
                )


if __name__ == "__main__":
    main()
