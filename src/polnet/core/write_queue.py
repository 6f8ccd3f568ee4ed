"""One writer at a time on SQLite, handed over at once.

SQLite lets one connection write at a time. A connection that finds the database locked
waits in SQLite's busy handler, which sleeps in growing steps of up to 100 ms, so under
load a border check that records a hit could wait half a second behind the query-log
writer of another worker although the lock was free after a few milliseconds. The hot
writers (hits, the query log) therefore queue on an operating-system file lock beside
the database, which wakes the next writer as soon as the last one is done, before they
begin their transaction. Other writes keep using the busy handler; PostgreSQL locks rows,
not the database, and needs none of this.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.db import connections

try:
    import fcntl
except ImportError:  # not on Windows: threads of one process still queue
    fcntl = None  # type: ignore[assignment]

_in_process = threading.RLock()
_files: dict[tuple[int, str], IO[bytes]] = {}  # per process: a forked child opens its own
_held = threading.local()


def _lock_file(database: str) -> IO[bytes] | None:
    if fcntl is None or database in ("", ":memory:") or database.startswith("file:"):
        return None
    key = (os.getpid(), database)
    handle = _files.get(key)
    if handle is None:
        handle = _files[key] = Path(database + ".writers").open("ab")  # noqa: SIM115  # kept open
    return handle


@contextmanager
def one_writer(using: str = "default") -> Iterator[None]:
    """Hold the database's writer queue around a write transaction (no-op but on SQLite)."""
    connection = connections[using]
    depth: int = getattr(_held, "depth", 0)
    if connection.vendor != "sqlite" or depth:
        _held.depth = depth + 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    with _in_process:  # one fd per process: threads queue here, processes on the file lock
        handle = _lock_file(str(connection.settings_dict["NAME"]))
        if handle is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            if handle is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)
