"""The screening query log: every query is committed before its answer is given.

A check queues its row and waits until it is committed (group commit): one thread of the
process writes every row queued so far in one transaction, while the checks that arrive
meanwhile queue theirs for the next, so under load one transaction carries many rows. An
answer given is a query logged: a crash loses none. A passenger-list worker process writes
a chunk's rows before it hands the chunk's results back.

The rows are sealed into the hash-chained audit log apart from that, by a background thread
of each process, every SEAL_SECONDS: one audit entry names the range of rows written since
the last seal (by any process), their count and a SHA-256 digest of them, so `polnet audit
verify` finds a sealed row altered or removed. Until its seal (SEAL_SECONDS; after a crash,
until `polnet serve` starts or a process writes again) a row is not yet tamper-evident. A
seal costs about five times a row's insert: one per check cut a server's checks per second
by three quarters.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import threading
import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, transaction
from django.utils import timezone

from polnet.core import audit
from polnet.core.actor import Actor, system_actor
from polnet.core.models import AuditEntry
from polnet.core.write_queue import one_writer
from polnet.screening.models import QueryLog

log = logging.getLogger(__name__)
SEAL_TYPE = "screening_query_log"
SEAL_SECONDS = 0.2
SEAL_MAX_ROWS = 5000


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
        # Only where stated, so that rows sealed before the column existed keep their digest.
        **({"purpose": row.purpose} if row.purpose else {}),
    }


def digest(rows: list[QueryLog], *, with_ids: bool = True) -> str:
    """SHA-256 over the rows in id order. Seals of format 2 leave the ids out: the seal names
    the id range and the count."""
    h = hashlib.sha256()
    for row in rows:
        canonical = _canonical(row, with_id=with_ids)
        h.update(json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode())
    return h.hexdigest()


_FIELDS = [f for f in QueryLog._meta.concrete_fields if not f.primary_key]


STATEMENT_ROWS = 1000  # rows in one INSERT: well below SQLite's limit of bound values


def _prepared(rows: list[QueryLog]) -> list[list[Any]]:
    """The rows' values as the database takes them; made before any lock is taken."""
    return [[f.get_db_prep_save(getattr(row, f.attname), connection) for f in _FIELDS] for row in rows]


def _insert(values: list[list[Any]]) -> None:
    """One INSERT statement for up to STATEMENT_ROWS rows."""
    table = connection.ops.quote_name(QueryLog._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in _FIELDS)
    row = "(" + ", ".join(["%s"] * len(_FIELDS)) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(values))}",  # noqa: S608
            [v for one in values for v in one],
        )


def _commit(rows: list[QueryLog]) -> None:
    """Write the rows in one transaction, committed when this returns."""
    values = _prepared(rows)
    if connection.vendor == "postgresql" and not connection.in_atomic_block and len(rows) <= STATEMENT_ROWS:
        # One statement in autocommit is a transaction of its own: one round trip, not three.
        _insert(values)
        return
    # Durable: committed here, never by a caller's transaction that could still roll back.
    with one_writer(), transaction.atomic(durable=True):
        for start in range(0, len(values), STATEMENT_ROWS):
            _insert(values[start : start + STATEMENT_ROWS])


# ---- sealing -----------------------------------------------------------------------------


LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for a NOWAIT lock that is taken


def _hold_log() -> None:
    """Until the transaction ends, no query-log row is being written: every id taken so far is
    committed or rolled back, and later ids are larger. SQLite's IMMEDIATE transaction holds
    the whole database already. PostgreSQL takes the table's lock only if no insert holds it
    now (NOWAIT): a sealer queued for it would hold up every check behind it, and a vacuum
    can hold it for minutes; the seal then waits for the next round."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(QueryLog._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE NOWAIT")


def _busy(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE


def _last_sealed() -> int:
    """The last query-log id a seal covers (0: none yet)."""
    seals = AuditEntry.objects.filter(object_type=SEAL_TYPE).order_by("-id")
    last = seals.values_list("object_id", flat=True).first()
    return int(last.partition("-")[2]) if last else 0


def committed_up_to() -> int:
    """An id at or below which every query-log row is committed (or rolled back for good), so a
    reader that went through them in id order misses none. SQLite writes one transaction at a
    time, so its largest id is such a bound. PostgreSQL hands out ids before commit: its bound
    is the largest id while no insert is under way (the table's lock, NOWAIT), or else the last
    seal, which was taken the same way."""
    if connection.vendor != "postgresql":
        return QueryLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        with transaction.atomic():
            _hold_log()
            return QueryLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    except OperationalError as exc:
        if not _busy(exc):
            raise
    return _last_sealed()


def seal_pending() -> int:
    """Seal the rows no seal covers yet, whichever process wrote them; how many."""
    sealed = 0
    # Reads first: an idle process takes no lock.
    while QueryLog.objects.filter(pk__gt=_last_sealed()).exists():
        try:
            with one_writer(), transaction.atomic(durable=True):
                audit.hold_chain()  # one sealer at a time, across processes
                _hold_log()
                rows = list(QueryLog.objects.filter(pk__gt=_last_sealed()).order_by("pk")[:SEAL_MAX_ROWS])
                if not rows:  # another process sealed them meanwhile
                    break
                audit.log(
                    system_actor("screening"),
                    audit.Action.SCREEN,
                    SEAL_TYPE,
                    f"{rows[0].pk}-{rows[-1].pk}",
                    detail={"count": len(rows), "digest": digest(rows, with_ids=False), "format": 2},
                )
        except OperationalError as exc:
            if not _busy(exc):
                raise
            break
        sealed += len(rows)
        if len(rows) < SEAL_MAX_ROWS:  # under load new rows keep coming: they wait for the next round
            break
    return sealed


def _seal_forever() -> None:
    while True:
        time.sleep(SEAL_SECONDS)
        try:
            seal_pending()
        except Exception:  # the rows stay for the next round; never end the thread
            log.exception("query log seal failed")
        finally:
            close_old_connections()


# ---- writing -----------------------------------------------------------------------------


class QueryLogWriter:
    def __init__(self) -> None:
        self._pending: list[QueryLog] = []
        self._lock = threading.Lock()  # the queue and its count
        self._writing = threading.Lock()  # one write at a time, in the order of the queue
        self._queued = 0  # rows ever queued by this process
        self._written = 0  # of those, how many are committed (the first ones in queue order)
        # False in a passenger-list worker process: it writes a chunk's rows at once, before
        # the chunk's results leave the process.
        self.wait = True
        self._sealer: threading.Thread | None = None

    def add(
        self,
        actor: Actor,
        kind: str,
        query: dict[str, Any],
        result: dict[str, Any],
        *,
        batch_id: int | None = None,
        at: datetime | None = None,
        purpose: str = "",
    ) -> None:
        """Log one query; unless ``wait`` is off, return once its row is committed."""
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
            purpose=purpose[:64],
        )
        with self._lock:
            self._pending.append(row)
            self._queued += 1
            ticket = self._queued
        if self.wait:
            with self._writing:
                if self._written < ticket:  # else a write by another thread took it
                    self._flush()

    def flush(self) -> int:
        """Write every queued row now; how many were written."""
        with self._writing:
            return self._flush()

    def _flush(self) -> int:
        with self._lock:
            rows, self._pending = self._pending, []
        if not rows:
            return 0
        try:
            _commit(rows)
        except Exception:
            # Nothing was written (one transaction): the rows wait for the next write, and the
            # check that asked for this one fails rather than answer unlogged.
            with self._lock:
                self._pending = rows + self._pending
            raise
        self._written += len(rows)
        self._seal_soon()
        return len(rows)

    def close(self) -> None:
        """At process exit: write what is queued, and seal what this process wrote."""
        self.flush()
        if self._sealer is not None:
            seal_pending()

    def _seal_soon(self) -> None:
        if getattr(settings, "POLNET_QUERY_LOG_INLINE", False):
            seal_pending()  # tests: sealed at once, on the caller's connection
        elif self._sealer is None:
            self._sealer = threading.Thread(target=_seal_forever, name="query-log-seal", daemon=True)
            self._sealer.start()


writer = QueryLogWriter()
atexit.register(writer.close)


def verify_seal(entry: Any) -> str | None:
    """For `polnet audit verify`: the rows a seal covers still have its digest."""
    first, _, last = entry.object_id.partition("-")
    rows = list(QueryLog.objects.filter(pk__gte=int(first), pk__lte=int(last)).order_by("pk"))
    if len(rows) != entry.detail.get("count"):
        return f"query log rows {first}-{last}: {len(rows)} present, {entry.detail.get('count')} sealed"
    if digest(rows, with_ids=entry.detail.get("format") != 2) != entry.detail.get("digest"):
        return f"query log rows {first}-{last} were altered"
    return None
