"""Passenger lists: thousands to a million rows checked in the background, results as a CSV file.

An upload stores the list and enqueues its job (`screening.tasks.check_passenger_list`) in
one transaction; a job worker (`polnet worker`) checks it. A worker that dies mid-list leaves
its job to another worker, which goes on after the last row in the results file.
"""

from __future__ import annotations

import itertools
import json
import logging
import time
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from polnet.core import audit, csv_safety, policy, purposes
from polnet.core.actor import Actor, TokenScope
from polnet.core.errors import Forbidden, InvalidInput, NotFound, PolnetError
from polnet.jobs import check_lease
from polnet.network.actors import actor_for
from polnet.network.models import User
from polnet.screening import services
from polnet.screening.batches import workers as batch_workers
from polnet.screening.batches.files import (
    RESULT_FIELDS,
    completed_rows,
    input_path,
    results_path,
)
from polnet.screening.batches.input import TRAVEL_FIELDS, parse_rows
from polnet.screening.models import BatchRow, BatchStatus, RowState, ScreeningBatch
from polnet.screening.querylog import writer as query_log_writer

log = logging.getLogger(__name__)
MAX_ROWS = 2_000_000
PROGRESS_EVERY = 1.0  # seconds between progress writes
LOST_INPUT = "The uploaded list was lost when the server stopped; upload it again."
MAX_ATTEMPTS = 5  # a list whose worker dies this often (out of memory, say) fails instead
GAVE_UP = (
    "Checking stopped {attempts} times, the last at row {row}. The hits found before it stay in the "
    "hit list; upload the list again."
)
# The hits already raised stay: each is a real hit on a real traveller, and its owner was told.
STOPPED = "Checking stopped at row {row}: {error}. The hits found before it stay in the hit list."


def start_batch(
    actor: Actor, content: bytes, content_type: str, *, location: str = "", purpose: str = ""
) -> ScreeningBatch:
    """Store a list and queue its check. The list states one purpose (or the caller's default
    applies), which each row's check carries into the query log."""
    if not (policy.may_screen(actor, "person") or policy.may_screen(actor, "document")):
        raise Forbidden(_("Your access does not include passenger lists."), code="batch_forbidden")
    if actor.user_id is None:
        raise Forbidden(_("Batches are run for a signed-in user or a token."), code="batch_without_user")
    purpose = purposes.stated(actor, purpose)  # a list of travellers is a search of persons
    rows = 0
    batch = ScreeningBatch.objects.create(
        created_by_id=actor.user_id,
        origin=actor.origin,
        location=location[:200],
        purpose=purpose,
        token_scopes=sorted(s.value for s in actor.token_scopes) if actor.token_scopes is not None else None,
    )
    try:
        with input_path(batch.pk).open("w", encoding="utf-8") as out:
            for row in parse_rows(content, content_type):
                rows += 1
                if rows > MAX_ROWS:
                    raise InvalidInput(
                        _("A passenger list has at most %(rows)s rows; split it into smaller files."),
                        code="batch_too_long",
                        field="file",
                        rows=f"{MAX_ROWS:,}",
                    )
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        if rows == 0:
            raise InvalidInput(_("The passenger list is empty."), code="batch_empty", field="file")
    except BaseException:
        # A list is checked whole or not at all: whatever stopped the reading, the rows read
        # so far go, and nothing waits in the queue.
        input_path(batch.pk).unlink(missing_ok=True)
        batch.delete()
        raise
    from polnet.screening.tasks import check_passenger_list

    with transaction.atomic():  # a list with its row count has its job: a cut-off upload has neither
        batch.total = rows
        batch.save(update_fields=["total"])
        audit.log(
            actor, audit.Action.CREATE, "screening_batch", batch.pk, purpose=purpose, detail={"rows": rows}
        )
        check_passenger_list.enqueue(batch.pk)
    return batch


def batch_actor(batch: ScreeningBatch) -> Actor:
    """The sender, as at the upload; the list's purpose is stated by each of its rows' checks."""
    user = User.objects.select_related("bureau", "unit__bureau").get(pk=batch.created_by_id)
    scopes = None if batch.token_scopes is None else frozenset(TokenScope(s) for s in batch.token_scopes)
    origin = batch.origin or "batch"
    return actor_for(user, origin=origin, token_scopes=scopes, default_purpose=batch.purpose)


def _matches(result: services.ScreeningResult) -> str:
    if not result.disclosed:
        return ""
    return ";".join(f"{c.kind}/{c.record_id}:{c.score:.3f}" for c in result.candidates)


REJECTED = "rejected"  # the key of a refused row's reason in its result, beside the file's columns
# The list's column a service's field is about (the document check names its own fields).
COLUMN_OF_FIELD = {"number": "document_number", "country": "document_country"}


def check_row(
    actor: Actor,
    row: dict[str, str],
    location: str = "",
    batch_id: int | None = None,
    row_number: int | None = None,
) -> dict[str, Any]:
    """One row's result; a row the services refuse gets its error, and the list goes on.
    Its hits carry ``row_number``, so the row checked again finds them instead of adding."""
    try:
        return _check_row(actor, row, location, batch_id, row_number)
    except PolnetError as exc:
        # The results file is in English, as its column names; the list's page reads the
        # reason in the reader's language.
        return {**_checked_values(row), "error": str(exc), REJECTED: rejection(exc, row)}


def rejection(exc: PolnetError, row: dict[str, str]) -> dict[str, Any]:
    """Why a row was refused, to keep with it: the column, the code, the reason in each
    language of the site, and the row's values to correct it."""
    reasons = {}
    for language, _name in settings.LANGUAGES:
        with override(language):
            reasons[language] = str(exc.message)
    field = COLUMN_OF_FIELD.get(exc.field or "", exc.field or "name")
    return {"field": field, "code": exc.code, "reasons": reasons, "values": dict(row)}


def _checked_values(row: dict[str, str]) -> dict[str, Any]:
    return {
        "name": row.get("name") or f"{row.get('given', '')} {row.get('family', '')}".strip(),
        "date_of_birth": row.get("date_of_birth", ""),
        "document_number": row.get("document_number", ""),
        "document_country": row.get("document_country", ""),
        **{f: row.get(f, "") for f in TRAVEL_FIELDS},
    }


def _nothing_to_check(actor: Actor, row: dict[str, str]) -> InvalidInput:
    if policy.may_screen(actor, "document") and not policy.may_screen(actor, "person"):
        message = _("Your access checks passengers by document only, and this row has no document number.")
        return InvalidInput(message, code="batch_row_no_document", field="document_number")
    if policy.may_screen(actor, "person") and not policy.may_screen(actor, "document"):
        message = _("Your access checks passengers by name only, and this row has no name.")
        return InvalidInput(message, code="batch_row_no_name", field="name")
    message = _("The row has neither a name nor a document number: there is nothing to check.")
    return InvalidInput(message, code="batch_row_empty", field="name")


def _check_row(
    actor: Actor, row: dict[str, str], location: str, batch_id: int | None, row_number: int | None
) -> dict[str, Any]:
    out: dict[str, Any] = _checked_values(row)
    hit_ids: list[int] = []
    actions: list[str] = []
    by_name = bool(row["name"] or row["given"] or row["family"]) and policy.may_screen(actor, "person")
    by_document = bool(row["document_number"]) and policy.may_screen(actor, "document")
    if not (by_name or by_document):
        raise _nothing_to_check(actor, row)
    # Every value is read before anything is checked, so that a refused row is checked
    # not at all rather than in part: corrected, it is checked whole, with no hit twice.
    q = None
    if by_name:
        q = services.person_query(
            row["name"],
            given=row["given"],
            family=row["family"],
            date_of_birth=row["date_of_birth"],
            sex=row["sex"],
            nationality=row["nationality"],
        )
    if by_document:  # the document's number and country are read by its engine, before the search
        r = services.screen_document(
            actor,
            row["document_number"],
            row["document_country"] or None,
            location=location,
            batch_id=batch_id,
            batch_row=row_number,
        )
        out["document_hit"], out["document_matches"] = int(r.hit), _matches(r)
        hit_ids += [c.hit_id for c in r.candidates if c.hit_id]
        actions += [c.action or "-" for c in r.candidates if c.hit_id]
    if q is not None:
        r = services.screen_person(actor, q, location=location, batch_id=batch_id, batch_row=row_number)
        out["person_hit"], out["person_matches"] = int(r.hit), _matches(r)
        hit_ids = [c.hit_id for c in r.candidates if c.hit_id] + hit_ids
        actions = [c.action or "-" for c in r.candidates if c.hit_id] + actions
    out["hit_ids"] = " ".join(map(str, hit_ids))
    out["actions"] = " ".join(actions)
    return out


def check_all(
    actor: Actor,
    rows: Iterable[dict[str, str]],
    total: int,
    *,
    location: str = "",
    batch_id: int | None = None,
    start: int = 1,
    rejections: bool = False,
) -> Iterator[dict[str, Any]]:
    """Every row's result, in order, numbered from ``start`` (a resumed list goes on where it
    stopped); ``total`` rows in all. Long lists are checked by worker processes. With
    ``rejections``, a refused row's result also holds why, under REJECTED (not a column)."""
    results = batch_workers.check_rows(
        actor, rows, location=location, batch_id=batch_id, total=total, check=check_row, start=start
    )
    for n, out in enumerate(results, start=start):
        out["row"] = n
        if not rejections:
            out.pop(REJECTED, None)
        yield out
    query_log_writer.flush()


def run_batch(batch_id: int, *, attempt: int = 1) -> None:
    """Check the rows of a list that its results file does not hold yet. Runs as the list's
    job, which one worker at a time holds; a list already finished is left as it is."""
    batch = ScreeningBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status not in (BatchStatus.QUEUED, BatchStatus.RUNNING):
        return
    if attempt > MAX_ATTEMPTS:
        done, _ = completed_rows(results_path(batch_id))
        _fail(batch_id, GAVE_UP.format(attempts=MAX_ATTEMPTS, row=done + 1))
        return
    resumed = batch.status == BatchStatus.RUNNING  # its last worker stopped on the way
    ScreeningBatch.objects.filter(pk=batch_id).update(status=BatchStatus.RUNNING)
    _check_rest(batch_id, resumed=resumed)


def _check_rest(batch_id: int, *, resumed: bool) -> None:
    batch = None
    try:
        batch = ScreeningBatch.objects.get(pk=batch_id)
        if not input_path(batch_id).exists():
            _fail(batch_id, LOST_INPUT)
            return
        actor = batch_actor(batch)
        batch.done, batch.hit_count = completed_rows(results_path(batch_id))
        # The rows kept past the last one in the file are checked again, and kept again.
        BatchRow.objects.filter(batch_id=batch_id, row__gt=batch.done).delete()
        batch.rejected = _still_rejected(batch_id).count()
        batch.save(update_fields=["done", "hit_count", "rejected"])
        if resumed:
            log.warning("passenger list %s resumes at row %s of %s", batch_id, batch.done + 1, batch.total)
        last = time.monotonic()
        with (
            input_path(batch_id).open(encoding="utf-8") as src,
            results_path(batch_id).open("a", newline="", encoding="utf-8") as dst,
        ):
            # The file is neutralised as it is written, so that the download is this file.
            # Going on after a stop reads only the row numbers and hit ids back: digits,
            # which neutralising leaves as they are (`completed_rows`).
            writer = csv_safety.DictWriter(dst, fieldnames=RESULT_FIELDS)
            if dst.tell() == 0:
                writer.writeheader()
            rows = (json.loads(line) for line in itertools.islice(src, batch.done, None))
            left = batch.total - batch.done
            for out in check_all(
                actor,
                rows,
                left,
                location=batch.location,
                batch_id=batch.pk,
                start=batch.done + 1,
                rejections=True,
            ):
                check_lease()  # another worker may have taken the list: it writes the file now
                refused = out.pop(REJECTED, None)
                # Before the file says done.
                keep_row(batch.pk, out["row"], refused, out.get("hit_ids", ""), travel_values(out))
                batch.rejected += refused is not None
                writer.writerow(out)
                # In the file at once: a list cut off by a server stop resumes after this row.
                dst.flush()
                batch.done = out["row"]
                batch.hit_count += int(bool(out.get("hit_ids")))
                if time.monotonic() - last > PROGRESS_EVERY:
                    batch.save(update_fields=["done", "hit_count", "rejected"])
                    last = time.monotonic()
        input_path(batch_id).unlink(missing_ok=True)  # only a cut-off list needs it, to go on
        batch.status, batch.finished_at = BatchStatus.DONE, timezone.now()
        batch.save(update_fields=["done", "hit_count", "rejected", "status", "finished_at"])
    except Exception as exc:  # the batch says it failed; the server carries on
        log.exception("batch %s failed", batch_id)
        progress = (
            {"done": batch.done, "hit_count": batch.hit_count, "rejected": batch.rejected} if batch else {}
        )
        reason = (str(exc) or type(exc).__name__).rstrip(".")
        error = STOPPED.format(row=progress.get("done", 0) + 1, error=reason)
        _fail(batch_id, error, **progress)


def travel_values(out: dict[str, Any]) -> dict[str, str]:
    """The flight and booking of a row, those it has: a hit row keeps them, and hit rows of
    one list with the same flight and booking are co-travellers."""
    return {f: str(out[f]) for f in TRAVEL_FIELDS if out.get(f)}


def keep_row(
    batch_id: int,
    row: int,
    refused: dict[str, Any] | None,
    hit_ids: str,
    travel: dict[str, str] | None = None,
) -> None:
    """Keep a refused row (its values, to correct it), or a row with hits (its flight and
    booking, if any), for the list's page and for analysis."""
    if refused is None and not hit_ids:
        return
    fields: dict[str, Any] = {"hit_ids": [int(h) for h in hit_ids.split()]}
    if refused is None and travel:
        fields["values"] = travel
    if refused is not None:
        fields |= {"state": RowState.REJECTED, **refused}
    BatchRow.objects.update_or_create(batch_id=batch_id, row=row, defaults=fields)


def _still_rejected(batch_id: int) -> QuerySet[BatchRow]:
    return BatchRow.objects.filter(batch_id=batch_id, state__in=[RowState.REJECTED, RowState.PENDING])


def _fail(batch_id: int, error: str, **progress: int) -> None:
    ScreeningBatch.objects.filter(pk=batch_id).update(
        status=BatchStatus.FAILED, error=error[:2000], finished_at=timezone.now(), **progress
    )
    # A failed list is sent again, never resumed: its passenger data has no further use.
    input_path(batch_id).unlink(missing_ok=True)
    results_path(batch_id).unlink(missing_ok=True)


def visible_batches(actor: Actor) -> QuerySet[ScreeningBatch]:
    """The passenger lists the actor may follow: those sent under its own account."""
    if actor.user_id is None:
        return ScreeningBatch.objects.none()
    return ScreeningBatch.objects.filter(created_by_id=actor.user_id)


def recent_batches(actor: Actor, limit: int = 5) -> list[ScreeningBatch]:
    return list(visible_batches(actor).order_by("-id")[:limit])


def get_batch(actor: Actor, batch_id: int) -> ScreeningBatch:
    batch = visible_batches(actor).filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(_("There is no such passenger list."), code="batch_not_found")
    return batch
