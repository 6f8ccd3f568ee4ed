"""Long passenger lists checked by several processes at once.

A person check is CPU-bound Python, so threads would take turns on one core.
A list of ``MIN_ROWS`` rows or more is cut into chunks that worker processes
check in parallel; each worker is a fresh interpreter (never a fork of a
threaded server) that loads the screening index from its snapshot, brings it
up to date from the database, and checks rows with the actor of the batch
through the same service calls, policy and audit as a single check. Results
come back in the order of the list. A worker that dies (killed for memory, say)
or cannot start breaks the pool: the list fails at once instead of waiting for
ever (concurrent.futures' BrokenProcessPool).

``POLNET_BATCH_WORKERS`` sets the number of processes (default: one per core,
at most 4; 1 checks every list in the calling thread). The workers map the
snapshot's index files rather than reading them: its pages are shared by every
worker and the server's processes, and each worker's own heap stays small
(about 125 MiB beside a mapped index of 1 million persons;
benchmarks/shared_index.py).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from polnet.core.actor import Actor

__all__ = ["MIN_ROWS", "check_rows", "worker_count"]

MIN_ROWS = 5_000  # shorter lists are checked in the calling thread: a worker needs seconds to start
CHUNK_ROWS = 500

# (actor, row, location, batch id, row number in the list): a row's hits carry its number.
RowCheck = Callable[[Actor, dict[str, str], str, int | None, int | None], dict[str, Any]]


def worker_count() -> int:
    configured = os.environ.get("POLNET_BATCH_WORKERS", "").strip()
    if not configured:
        return max(1, min(os.cpu_count() or 1, 4))
    if not configured.isdigit():
        raise ValueError(f"POLNET_BATCH_WORKERS must be a whole number of processes, not {configured!r}.")
    return max(1, int(configured))


def check_rows(
    actor: Actor,
    rows: Iterable[dict[str, str]],
    *,
    location: str,
    batch_id: int | None,
    total: int,
    check: RowCheck,
    start: int = 1,
) -> Iterator[dict[str, Any]]:
    """Each row's result, in order, the rows numbered from ``start``. ``check`` checks one row
    (a module-level function)."""
    workers = worker_count()
    if workers < 2 or total < MIN_ROWS:
        for n, row in enumerate(rows, start=start):
            yield check(actor, row, location, batch_id, n)
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=_worker_setup())
    waiting: deque[Future[list[dict[str, Any]]]] = deque()
    try:
        first = start
        for chunk in _chunks(rows):
            waiting.append(pool.submit(_check_chunk, (check, actor, chunk, location, batch_id, first)))
            first += len(chunk)
            if len(waiting) > 2 * workers:  # every worker busy, and no more of the list in memory
                yield from waiting.popleft().result()
        while waiting:
            yield from waiting.popleft().result()
    finally:
        pool.shutdown(cancel_futures=True)


def _chunks(rows: Iterable[dict[str, str]]) -> Iterator[list[dict[str, str]]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK_ROWS)):
        yield chunk


def _worker_setup() -> tuple[str, dict[str, Any]]:
    """What a worker needs to reach the same database (a test run renames it)."""
    from django.db import connections

    return os.environ.get("DJANGO_SETTINGS_MODULE", "polnet.settings"), dict(
        connections["default"].settings_dict
    )


def _start_worker(settings_module: str, database: dict[str, Any]) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django
    from django.conf import settings

    settings.DATABASES["default"] = database  # before any connection is made
    django.setup()
    from polnet.screening import index
    from polnet.screening.querylog import writer as query_log_writer

    query_log_writer.wait = False  # a chunk's rows are written together, before its results go back
    index.current()


def _check_chunk(
    task: tuple[RowCheck, Actor, list[dict[str, str]], str, int | None, int],
) -> list[dict[str, Any]]:
    from polnet.screening.querylog import writer as query_log_writer

    check, actor, chunk, location, batch_id, first = task
    try:
        return [check(actor, row, location, batch_id, n) for n, row in enumerate(chunk, start=first)]
    finally:
        query_log_writer.flush()
