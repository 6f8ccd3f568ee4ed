"""Batches: sent, checked and applied as a job, followed, and a full sync confirmed.

`submit` stores the file and queues its job at once (the API answers 202 with the batch's
id); `run` checks and applies it (`sync.Sync`), counting its progress on the batch; a full
sync then waits for `confirm` with the count of records it would delete, and `sweep`
deletes them.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, InvalidInput, NotFound, PolnetError
from polnet.feeds import policy, readers
from polnet.feeds.models import MAX_REPORTED_ERRORS, BatchStatus, ImportBatch
from polnet.feeds.sync import Spool, Sync, Tally
from polnet.records import ftm_io
from polnet.records.kinds import spec_for

Progress = Callable[[ImportBatch], None]
SQLITE_CACHE_KIB = 256 * 1024


def folder() -> Path:
    path = Path(settings.DATA_DIR) / "feeds"
    path.mkdir(parents=True, exist_ok=True)
    return path


def batch_file(batch: ImportBatch) -> Path:
    return folder() / f"{batch.pk}.{batch.format}"


# ---- sending ----------------------------------------------------------------------------------


def submit(
    actor: Actor,
    kind: str,
    content: Iterable[bytes],
    *,
    file_name: str,
    fmt: str = "",
    full_sync: bool = False,
    apply_valid_only: bool = False,
    enqueue: bool = True,
) -> ImportBatch:
    """Store a batch and queue its job; the file's header is checked at once."""
    spec_for(kind)
    policy.require_import(actor, kind)
    fmt = fmt or readers.format_of(file_name)
    reader = readers.reader_for(fmt)
    digest = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(dir=folder(), suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            for part in content:
                digest.update(part)
                size += len(part)
                out.write(part)
        first = next(iter(reader(Path(tmp), kind)), None)
        if first is None:
            raise InvalidInput(_("The file holds no rows."), code="import_empty", field="file")
        sha = digest.hexdigest()
        with transaction.atomic():
            earlier = (
                ImportBatch.objects.filter(
                    owner_country_id=actor.country, kind=kind, sha256=sha, status=BatchStatus.DONE
                )
                .values_list("pk", flat=True)
                .first()
            )
            batch = ImportBatch.objects.create(  # type: ignore[misc]  # require_import: a country
                owner_country_id=actor.country,
                created_by_id=actor.user_id,
                unit_id=actor.unit.unit_id if actor.unit else None,
                kind=kind,
                format=fmt,
                file_name=Path(file_name).name[:200],
                sha256=sha,
                size=size,
                full_sync=full_sync,
                apply_valid_only=apply_valid_only,
                language=translation.get_language() or "en",
                same_as=earlier,
            )
            os.replace(tmp, batch_file(batch))
            audit.log(
                actor,
                "import",
                kind,
                batch.pk,
                detail={
                    "sha256": sha,
                    "size": size,
                    "full_sync": full_sync,
                    "apply_valid_only": apply_valid_only,
                },
            )
            if enqueue:
                from polnet.feeds.tasks import run_import

                run_import.enqueue(batch.pk)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return batch


# ---- following --------------------------------------------------------------------------------


def visible_batches(actor: Actor) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(policy.batches_q(actor))


def get_batch(actor: Actor, pk: int) -> ImportBatch:
    batch = visible_batches(actor).filter(pk=pk).first()
    if batch is None:
        raise NotFound(_("There is no such batch, or it is not yours."), code="import_batch_not_found")
    return batch


# ---- the job ----------------------------------------------------------------------------------


def _sender(batch: ImportBatch) -> Actor:
    from polnet.network.actors import actor_for

    return actor_for(batch.created_by, origin="job")


def _save(batch: ImportBatch, tally: Tally, **more: object) -> None:
    batch.rows_read, batch.rows_failed = tally.read, tally.failed
    batch.rows_applied = tally.applied
    batch.created, batch.updated = tally.created, tally.updated
    batch.unchanged, batch.deleted = tally.unchanged, tally.deleted
    batch.errors = [e.as_dict() for e in tally.errors[:MAX_REPORTED_ERRORS]]
    for name, value in more.items():
        setattr(batch, name, value)
    batch.save()


def _rows(batch: ImportBatch, kind: str) -> Iterator[readers.SourceRow]:
    """The batch's rows of one kind (a row names another kind only in an FtM batch)."""
    for row in readers.reader_for(batch.format)(batch_file(batch), batch.kind):
        if (row.kind or batch.kind) == kind:
            yield row


class _RowsAgain:
    """The batch's rows read again, range by range in order, for the chunks whose stored
    records changed since the check: one reading of the file however many chunks need it."""

    def __init__(self, rows: Iterator[readers.SourceRow]) -> None:
        self._rows = rows
        self._next: readers.SourceRow | None = None

    def between(self, first: int, last: int) -> list[readers.SourceRow]:
        found: list[readers.SourceRow] = []
        while True:
            row = self._next if self._next is not None else next(self._rows, None)
            self._next = None
            if row is None:
                return found
            if row.number > last:
                self._next = row
                return found
            if row.number >= first:
                found.append(row)


def _kinds(batch: ImportBatch) -> list[str]:
    """The kinds a batch syncs, in order: a document's holder is written before it."""
    return ["person", "document"] if batch.format == "ftm" and batch.kind == "document" else [batch.kind]


def _pass(
    batch: ImportBatch,
    actor: Actor,
    *,
    write: bool,
    on_progress: Progress | None,
    spools: dict[str, Spool] | None = None,
) -> tuple[Tally, Sync]:
    """Check (`write=False`) or apply every row, kind by kind; `spools`: a check's plans by
    kind, kept by the check pass and taken by the apply pass."""
    tally = Tally()
    names = ftm_io.PROPERTY_OF if batch.format == "ftm" else None
    persons: frozenset[str] = frozenset()
    for kind in _kinds(batch):
        if kind != batch.kind:
            policy.require_import(actor, kind)
        pending = persons if not write else frozenset()
        sync = Sync(actor, kind, batch_id=batch.pk, field_names=names, pending_holders=pending)
        spool = None
        if spools is not None:
            spool = spools.get(kind) or spools.setdefault(kind, Spool(folder()))
        if write and spool is not None and not spool.empty:  # checked in this run: apply its plans
            again = _RowsAgain(_rows(batch, kind))
            for kept in spool.replay():
                sync.apply_checked(kept, tally, again.between)
                _save(batch, tally)
                if on_progress:
                    on_progress(batch)
        else:
            for chunk in sync.chunks(_rows(batch, kind)):
                sync.run_chunk(chunk, tally, write=write, spool=spool)
                _save(batch, tally)
                if on_progress:
                    on_progress(batch)
        persons = frozenset(sync.refs)
    return tally, sync


@contextlib.contextmanager
def _tuned_for_batches() -> Iterator[None]:
    """The job's connection set for a batch's thousands of rows, and set back after.

    SQLite: a batch's writes touch index pages all over large tables, and the default 2 MB
    page cache would read them again and again. PostgreSQL: a chunk's commit does not wait for
    its log to reach the disk. A crash can then lose the last chunks' commits, all of them
    together with the batch's progress (one session's log is written in order), and the batch
    goes on where its stored progress stands when run again: a chunk applied twice changes
    nothing the second time. Single edits keep their synchronous commits."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA cache_size")
            cache_size = int(cursor.fetchone()[0])
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        elif vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        # A transaction that failed took the setting back with it, and refuses any command.
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute(f"PRAGMA cache_size = {cache_size}")
            elif vendor == "postgresql":
                cursor.execute("RESET synchronous_commit")


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a batch runs: each of its full passes walks every
    live container, the batch's sets of a million references and numbers among them, and one
    comes every few thousand rows, so a batch's time grew with the square of its size (30 s of
    a million documents' 98 s). A batch makes no reference cycles of its own: the collector
    takes whatever others made once it is back on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def run(batch_id: int, on_progress: Progress | None = None) -> ImportBatch:
    """Check and apply a batch; a batch whose job ran before goes on where it stands (a chunk
    already applied changes nothing the second time)."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status not in (BatchStatus.QUEUED, BatchStatus.CHECKING, BatchStatus.APPLYING):
        return batch
    spools: dict[str, Spool] = {}  # the check's plans: the apply pass need not plan again
    with _tuned_for_batches(), _cycle_collector_paused(), translation.override(batch.language):
        try:
            actor = _sender(batch)
            policy.require_import(actor, batch.kind)
            if not batch.apply_valid_only and batch.status != BatchStatus.APPLYING:
                batch.status = BatchStatus.CHECKING
                tally, _sync = _pass(batch, actor, write=False, on_progress=on_progress, spools=spools)
                if tally.failed:
                    _save(
                        batch,
                        tally,
                        status=BatchStatus.REJECTED,
                        finished_at=timezone.now(),
                        message=gettext("Some rows are invalid: nothing was applied."),
                        created=0,
                        updated=0,
                        deleted=0,
                        unchanged=0,
                    )
                    return batch
            batch.status = BatchStatus.APPLYING
            tally, sync = _pass(batch, actor, write=True, on_progress=on_progress, spools=spools)
            if batch.full_sync:
                left = len(sync.left_out())
                if left:
                    _save(batch, tally, status=BatchStatus.AWAITING_CONFIRMATION, would_delete=left)
                    return batch
                _save(batch, tally, would_delete=0)
            _save(batch, tally, status=BatchStatus.DONE, finished_at=timezone.now())
        except (PolnetError, UnicodeDecodeError) as exc:
            message = (
                str(exc.message) if isinstance(exc, PolnetError) else gettext("The file is not UTF-8 text.")
            )
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=BatchStatus.FAILED, message=message, finished_at=timezone.now()
            )
            batch.refresh_from_db()
        finally:
            for spool in spools.values():
                spool.close()
    return batch


# ---- a full sync ------------------------------------------------------------------------------


def confirm(actor: Actor, batch_id: int, count: int, *, enqueue: bool = True) -> ImportBatch:
    """The owner confirms the deletions a full sync announced, by their number."""
    with transaction.atomic():
        batch = get_batch(actor, batch_id)
        policy.require_import(actor, batch.kind)
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != BatchStatus.AWAITING_CONFIRMATION:
            raise Conflict(_("This batch is not waiting for a confirmation."), code="import_not_awaiting")
        if count != batch.would_delete:
            raise Conflict(
                _("The batch would delete %(count)s records, not %(sent)s: confirm that number."),
                code="import_count_mismatch",
                field="count",
                count=batch.would_delete,
                sent=count,
            )
        batch.status = BatchStatus.SWEEPING
        batch.confirmed_by_id = actor.user_id
        batch.confirmed_at = timezone.now()
        batch.save()
        audit.log(actor, "import_confirm", batch.kind, batch.pk, detail={"count": count})
        if enqueue:
            from polnet.feeds.tasks import sweep_import

            sweep_import.enqueue(batch.pk)
    return batch


def sweep(batch_id: int) -> ImportBatch:
    """Delete what a confirmed full sync left out; if that changed since, ask again."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status != BatchStatus.SWEEPING:
        return batch
    with translation.override(batch.language):
        actor = _sender(batch)
        sync = Sync(actor, batch.kind, batch_id=batch.pk)
        sync.refs = {row.ref for row in _rows(batch, batch.kind) if row.ref}
        left = sync.left_out()
        if len(left) != batch.would_delete:
            batch.status = BatchStatus.AWAITING_CONFIRMATION
            batch.would_delete = len(left)
            batch.message = gettext("The records left out changed since: confirm the new number.")
            batch.save()
            return batch
        batch.swept = sync.sweep(left)
        batch.status = BatchStatus.DONE
        batch.finished_at = timezone.now()
        batch.save()
    return batch
