"""The screening query log: every query is recorded without a database write on the request path.

Queries are queued in memory and written in bulk by one background thread (every
FLUSH_SECONDS or MAX_ROWS). Each flush also appends one entry to the hash-chained
audit log holding the count and a SHA-256 digest of the rows it wrote, so the query
log is as tamper-evident as the audit chain. A crash can lose at most the queries
of the last FLUSH_SECONDS; process exit flushes.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import threading
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from polnet.core import audit
from polnet.core.actor import Actor, system_actor
from polnet.core.write_queue import one_writer
from polnet.screening.models import QueryLog

FLUSH_SECONDS = 0.2
MAX_ROWS = 2000
SEAL_TYPE = "screening_query_log"


def _canonical(row: QueryLog, *, with_id: bool = True) -> dict[str, Any]:
    return {
        **({"id": row.pk} if with_id else {}),
        "at": row.at.isoformat(),
        "user": row.user_id_ref,
        "actor": row.actor_name,
        "affiliation": row.affiliation,
        "origin": row.origin,
        "kind": row.kind,
        "query": row.query,
        "result": row.result,
        "batch": row.batch_id_ref,
    }


def digest(rows: list[QueryLog], *, with_ids: bool = True) -> str:
    """SHA-256 over the rows in id order. Seals of format 2 leave the ids out: the seal names
    the id range and the count, and the digest can be taken before the rows are written."""
    h = hashlib.sha256()
    for row in rows:
        canonical = _canonical(row, with_id=with_ids)
        h.update(json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode())
    return h.hexdigest()


_FIELDS = [f for f in QueryLog._meta.concrete_fields if not f.primary_key]


def _insert(rows: list[QueryLog], params: list[list[Any]] | None) -> tuple[int, int]:
    """Write the rows in one statement; their first and last id. The caller holds the chain
    head, so no other flush takes ids from the sequence meanwhile: the ids are consecutive."""
    if params is None:  # PostgreSQL: Django returns the ids
        written = QueryLog.objects.bulk_create(rows, batch_size=len(rows))
        return int(written[0].pk), int(written[-1].pk)
    table = connection.ops.quote_name(QueryLog._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in _FIELDS)
    marks = ", ".join(["%s"] * len(_FIELDS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)  # noqa: S608
        cursor.execute("SELECT last_insert_rowid()")
        last = int(cursor.fetchone()[0])
    return last - len(rows) + 1, last


def _prepared(rows: list[QueryLog]) -> list[list[Any]] | None:
    """SQLite: the statement's parameters, made before the write lock is taken."""
    if connection.vendor != "sqlite":
        return None
    return [[f.get_db_prep_save(getattr(row, f.attname), connection) for f in _FIELDS] for row in rows]


class QueryLogWriter:
    def __init__(self) -> None:
        self._pending: list[QueryLog] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def add(
        self,
        actor: Actor,
        kind: str,
        query: dict[str, Any],
        result: dict[str, Any],
        *,
        batch_id: int | None = None,
        at: datetime | None = None,
    ) -> None:
        row = QueryLog(
            at=at or timezone.now(),
            user_id_ref=actor.user_id,
            actor_name=actor.username,
            affiliation=actor.affiliation,
            origin=actor.origin[:64],
            kind=kind,
            query=query,
            result=result,
            batch_id_ref=batch_id,
        )
        if getattr(settings, "POLNET_QUERY_LOG_INLINE", False):
            self._pending.append(row)  # tests: written at once, on the caller's connection
            self.flush()
            return
        with self._lock:
            self._pending.append(row)
            full = len(self._pending) >= MAX_ROWS
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="query-log", daemon=True)
                self._thread.start()
        if full:
            self._wake.set()

    def flush(self) -> int:
        with self._lock:
            rows, self._pending = self._pending, []
        if not rows:
            return 0
        # Everything that takes time happens before the write lock: hits wait behind it.
        seal = digest(rows, with_ids=False)
        params = _prepared(rows)
        try:
            with one_writer(), transaction.atomic():
                audit.hold_chain()
                first, last = _insert(rows, params)
                audit.log(
                    system_actor("screening"),
                    audit.Action.SCREEN,
                    SEAL_TYPE,
                    f"{first}-{last}",
                    detail={"count": len(rows), "digest": seal, "format": 2},
                )
        except Exception:
            # Nothing was written (one transaction): the rows wait for the next flush.
            for row in rows:
                row.pk = None
            with self._lock:
                self._pending = rows + self._pending
            raise
        return len(rows)

    def _run(self) -> None:
        while True:
            self._wake.wait(FLUSH_SECONDS)
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # keep the rows for the next attempt; never kill the thread
                import logging

                logging.getLogger(__name__).exception("query log flush failed")
            finally:
                close_old_connections()


writer = QueryLogWriter()
atexit.register(lambda: writer.flush())


def verify_seal(entry: Any) -> str | None:
    """For `polnet audit verify`: the rows a seal covers still have its digest."""
    first, _, last = entry.object_id.partition("-")
    rows = list(QueryLog.objects.filter(pk__gte=int(first), pk__lte=int(last)).order_by("pk"))
    if len(rows) != entry.detail.get("count"):
        return f"query log rows {first}-{last}: {len(rows)} present, {entry.detail.get('count')} sealed"
    if digest(rows, with_ids=entry.detail.get("format") != 2) != entry.detail.get("digest"):
        return f"query log rows {first}-{last} were altered"
    return None
