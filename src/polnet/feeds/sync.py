"""The sync of one batch: rows checked with the records' own rules, written many at a time.

A chunk of rows is read, the records they name by external reference loaded in one query,
each row checked as a single create or change would be (`records.services.prepare`), and
compared with what is stored: a row that changes nothing writes nothing, so the same batch
sent twice changes nothing the second time. A chunk's writes (`records.bulk`: one
`executemany` per table), its history, audit entries and change-feed entries commit in one
transaction: a row is written whole or not at all. The screening index of every process
follows the change feed, as after a single edit; a chunk adds one range for its new records.
"""

from __future__ import annotations

import copy
import enum
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from polnet.core import audit, erasure, policy, review
from polnet.core.actor import Actor
from polnet.core.countries import to_alpha2
from polnet.core.errors import Forbidden, InvalidInput, PolnetError
from polnet.core.forms import SHARING_MESSAGES, schema_message
from polnet.feeds.readers import DELETE, UPSERT, SourceRow
from polnet.records import ftm, history, kinds, photos, schemas, services
from polnet.records.bulk import BulkInserter, BulkUpdater, lookup, reset_sequences
from polnet.records.models import (
    Person,
    PersonName,
    Record,
    RecordChange,
    RecordEvent,
    RecordPhoto,
    TravelDocument,
)

CHUNK = 2000
ANALYZE_EVERY = 10_000  # rows a batch inserts before it renews PostgreSQL's statistics
# Columns a sync never compares or sets from a row: identity, bookkeeping, the record's life.
_KEPT = frozenset(
    {
        "id",
        "owner_country_id",
        "created_by_id",
        "created_at",
        "updated_at",
        "version",
        "state",
        "state_reason",
        "state_changed_at",
        "state_changed_by_id",
        "review_warned_for",
        "external_ref",
    }
)
NAME_FIELDS = ("given", "family", "full", "script", "language", "is_alias")


class Spool:
    """A batch's check, chunk by chunk, for its apply pass in the same run: an anonymous
    temporary file (it has no name on disk), read back in the order it was written."""

    def __init__(self, folder: Path) -> None:
        self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115  # closed by close()
        self._written = False

    def keep(self, checked: Checked) -> None:
        # Plans as plain tuples: half the cost of pickling objects.
        plans = [(p.number, p.ref, p.pk, p.version, p.values, p.listed, p.children) for p in checked.planned]
        pickle.dump((replace(checked, planned=[]), plans), self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._written = True

    def replay(self) -> Iterator[Checked]:
        self._file.seek(0)
        while True:
            try:
                # Written by this process in this run, to a file no other can open.
                kept, plans = pickle.load(self._file)  # noqa: S301
            except EOFError:
                return
            kept.planned = [Planned(*plan) for plan in plans]
            yield kept

    @property
    def empty(self) -> bool:
        return not self._written

    def close(self) -> None:
        self._file.close()


@dataclass(frozen=True)
class RowError:
    row: int
    ref: str
    field: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "ref": self.ref,
            "field": self.field,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class Tally:
    read: int = 0
    failed: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def applied(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class Planned:
    """One valid row, ready to write."""

    number: int
    ref: str
    pk: int | None  # None: a new record
    version: int
    values: tuple[Any, ...]  # the record's values of `Sync.columns`, in that order
    listed: list[str]
    children: tuple[Any, ...] | None  # a person's names and nationalities

    @property
    def new(self) -> bool:
        return self.pk is None


@dataclass
class Checked:
    """What the check of one chunk found, kept for the apply pass (`Spool`): applied as
    planned while the stored records it was planned against are unchanged."""

    count: int  # rows read
    rows: tuple[int, int]  # the chunk's first and last row numbers
    refs: list[str]
    holder_refs: list[str]
    seen: dict[str, tuple[int, int, Any]]  # stored records by reference: id, version, updated_at
    holders: dict[str, int]
    today: date
    planned: list[Planned]
    deletions: list[str]  # references
    unchanged: int


def _pydantic_error(row: SourceRow, exc: ValidationError) -> RowError:
    first = exc.errors()[0]
    message, fallback = schema_message(first, SHARING_MESSAGES)
    loc = ".".join(str(p) for p in first.get("loc", ()))
    return RowError(row.number, row.ref, loc or fallback, str(first["type"]), message)


def _polnet_error(row: SourceRow, exc: PolnetError | ftm.RowError) -> RowError:
    if isinstance(exc, ftm.RowError):  # an FtM entity refused: its property is named
        return RowError(row.number, row.ref, exc.property, exc.code, str(exc.message))
    return RowError(row.number, row.ref, exc.field or "", exc.code, str(exc.message))


def _person_children(payload: dict[str, Any]) -> tuple[Any, ...]:
    names = tuple(
        tuple((n.get(f).strip() if isinstance(n.get(f), str) else n.get(f)) for f in NAME_FIELDS)
        for n in payload.get("names", [])
    )
    nationalities = tuple(sorted({to_alpha2(c) or c for c in payload.get("nationalities", [])}))
    return names, nationalities


class Sync:
    """The rows of one owner and kind, checked (`write=False`) or applied, chunk by chunk."""

    def __init__(
        self,
        actor: Actor,
        kind: str,
        *,
        batch_id: int,
        field_names: Mapping[str, str] | None = None,
        pending_holders: frozenset[str] = frozenset(),
    ) -> None:
        """`field_names`: how the report names a record's field (an FtM batch: the property);
        `pending_holders`: persons of the batch not written yet (a check before applying)."""
        assert actor.country is not None
        self.actor = actor
        self.owner = actor.country
        self.kind = kind
        self.spec = kinds.spec_for(kind)
        self.model = self.spec.model
        self.schema = schemas.for_plain_rows(self.spec.schema_in)
        self.batch_id = batch_id
        fields = [f for f in self.model._meta.concrete_fields if f.attname not in _KEPT]
        self.columns = [f.attname for f in fields]
        self._values_of = itemgetter(*self.columns)  # a record's __dict__ -> its values, in one call
        # Where a model default or a schema's choice may leave an enum member, stored as its value.
        self._choices = [i for i, f in enumerate(fields) if f.choices]
        self._column = {name: i for i, name in enumerate(self.columns)}
        self.refs: set[str] = set()  # every reference the batch names, for a full sync
        self._numbers: set[int] = set()  # documents: (kind, number) taken earlier in the batch
        self.field_names = field_names or {}
        self.pending_holders = pending_holders
        self._holders: dict[str, int] = {}
        self.changeable = policy.changeability(actor)  # built once: a tree of conditions
        self._analysed: int | None = None  # PostgreSQL: the rows the table held when last analysed
        self._since_analysed = 0
        blank = self.model(owner_country_id=self.owner, created_by_id=actor.user_id)  # type: ignore[misc]
        self._blank = {k: v for k, v in blank.__dict__.items() if k != "_state"}
        self._mutable = [k for k, v in self._blank.items() if isinstance(v, list | dict)]

    def _new_record(self, ref: str) -> Record:
        """A new unsaved record of the owner, copied from one built once: `Model.__init__`
        sets every field's default, three times the cost of a copy."""
        rec = self.model.__new__(self.model)
        rec.__dict__.update(self._blank)
        for attname in self._mutable:
            rec.__dict__[attname] = copy.copy(self._blank[attname])
        rec._state = ModelState()
        rec.external_ref = ref
        return rec

    def chunks(self, rows: Iterable[SourceRow]) -> Iterator[list[SourceRow]]:
        chunk: list[SourceRow] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    # ---- one chunk -------------------------------------------------------------------------

    def run_chunk(
        self, rows: list[SourceRow], tally: Tally, *, write: bool, spool: Spool | None = None
    ) -> None:
        """Check a chunk (`write=False`; its plan kept in `spool` when given) or apply it."""
        tally.read += len(rows)
        unread: list[RowError] = []  # an FtM entity refused names its property already
        errors: list[RowError] = []
        wanted = self._readable(rows, unread)
        refs = [r.ref for r in wanted]
        holder_refs = sorted({r.holder_ref for r in wanted if r.holder_ref})
        existing, seen = self._stored(refs, holder_refs)
        today = timezone.localdate()
        planned, deletions, unchanged = self._plan_rows(wanted, existing, errors, today)
        planned = self._finish(planned, deletions, unchanged, errors, unread, tally, write=write)
        if spool is not None and not write:
            gone = [r.external_ref or "" for r in deletions]
            span = (rows[0].number, rows[-1].number)
            spool.keep(
                Checked(
                    len(rows), span, refs, holder_refs, seen, self._holders, today, planned, gone, unchanged
                )
            )

    def apply_checked(
        self, kept: Checked, tally: Tally, rows_between: Callable[[int, int], list[SourceRow]]
    ) -> None:
        """Apply a chunk as its check planned it, if the stored records it was planned against
        are unchanged; else read its rows again (`rows_between`) and plan them again."""
        existing, seen = self._stored(kept.refs, kept.holder_refs)
        if (seen, self._holders, timezone.localdate()) != (kept.seen, kept.holders, kept.today):
            self.run_chunk(rows_between(*kept.rows), tally, write=True)
            return
        tally.read += kept.count
        self.refs.update(kept.refs)
        deletions = [existing[ref] for ref in kept.deletions]
        self._finish(kept.planned, deletions, kept.unchanged, [], [], tally, write=True)

    def _stored(
        self, refs: list[str], holder_refs: list[str]
    ) -> tuple[dict[str, Record], dict[str, tuple[int, int, Any]]]:
        """The stored records these references name, and what tells whether they changed."""
        existing = self._load(set(refs))
        self._holders = self._holder_ids(set(holder_refs))
        return existing, {ref: (r.pk, r.version, r.updated_at) for ref, r in existing.items()}

    def _finish(
        self,
        planned: list[Planned],
        deletions: list[Record],
        unchanged: int,
        errors: list[RowError],
        unread: list[RowError],
        tally: Tally,
        *,
        write: bool,
    ) -> list[Planned]:
        """Document numbers checked across the batch, the errors reported, the chunk written."""
        tally.unchanged += unchanged
        planned = self._document_checks(planned, errors)
        if self.field_names:
            errors = [self._renamed(e) for e in errors]
        errors = sorted(unread + errors, key=lambda e: e.row)
        tally.failed += len(errors)
        tally.errors += errors
        if write:
            self._write(planned, deletions)
        tally.created += sum(1 for p in planned if p.new)
        tally.updated += sum(1 for p in planned if not p.new)
        tally.deleted += len(deletions)
        return planned

    def _plan_rows(
        self, wanted: list[SourceRow], existing: dict[str, Record], errors: list[RowError], today: date
    ) -> tuple[list[Planned], list[Record], int]:
        """Each row checked against what is stored: the plans, the deletions, the unchanged count."""
        planned: list[Planned] = []
        deletions: list[Record] = []
        unchanged = 0
        with kinds.many_rows(), review.one_day(today):
            for row in wanted:
                rec = existing.get(row.ref)
                try:
                    if rec is not None and not self.changeable.holds(rec.access_facts()):
                        raise Forbidden(
                            _("Only the bureau that owns this record may change it."),
                            code="record_owner_only",
                        )
                    plan = None if row.op == DELETE else self._plan(row, rec)
                except ValidationError as exc:
                    errors.append(_pydantic_error(row, exc))
                    continue
                except PolnetError as exc:
                    errors.append(_polnet_error(row, exc))
                    continue
                if row.op == DELETE and rec is not None:
                    deletions.append(rec)
                elif plan is not None:
                    planned.append(plan)
                else:  # the same as stored, or a deletion of what is gone: nothing to do
                    unchanged += 1
        return planned, deletions, unchanged

    def _readable(self, rows: list[SourceRow], errors: list[RowError]) -> list[SourceRow]:
        """The rows that were read whole and name a reference not met before in the batch."""
        wanted = []
        for row in rows:
            if row.problem is not None:
                errors.append(_polnet_error(row, row.problem))
            elif row.ref in self.refs:
                repeated = InvalidInput(
                    _("This external reference is already in the batch."),
                    code="import_ref_repeated",
                    field="external_ref",
                )
                errors.append(_polnet_error(row, repeated))
            else:
                wanted.append(row)
            if row.ref:
                self.refs.add(row.ref)
        return wanted

    def _renamed(self, e: RowError) -> RowError:
        top, dot, rest = e.field.partition(".")
        name = self.field_names.get(top, top)
        return RowError(e.row, e.ref, f"{name}{dot}{rest}", e.code, e.message)

    def _holder_ids(self, refs: set[str]) -> dict[str, int]:
        if not refs:
            return {}
        found = lookup(
            Person, ("external_ref", "id"), "external_ref", refs, not_null=True, owner_country_id=self.owner
        )
        return {ref: pk for ref, pk in found if ref is not None}

    def _row_data(self, row: SourceRow) -> dict[str, Any]:
        """The row's fields as the API takes them: a holder named by reference becomes its id,
        a document issued by another country is refused (the SLTD rule of the API)."""
        data = dict(row.data)
        issuing = data.pop("issuing_country", None)
        if self.model is TravelDocument and issuing and to_alpha2(str(issuing)) != self.owner:
            raise InvalidInput(
                _("Only the issuing country records its documents."),
                code="import_document_foreign",
                field="issuing_country",
            )
        if row.holder_ref is not None:
            holder = self._holders.get(row.holder_ref)
            if holder is None and row.holder_ref not in self.pending_holders:
                raise InvalidInput(
                    _("The holder was not imported: its row is refused."),
                    code="import_holder_missing",
                    field="holder_id",
                )
            data["holder_id"] = holder
        return data

    def _load(self, refs: set[str]) -> dict[str, Record]:
        if not refs:
            return {}
        # "not null" spelt out: the planner then takes the partial unique index
        ids = [
            pk
            for (pk,) in lookup(
                self.model, ("id",), "external_ref", refs, not_null=True, owner_country_id=self.owner
            )
        ]
        if not ids:
            return {}
        found: dict[str, Record] = {
            r.external_ref: r for r in self.model.objects.filter(pk__in=ids) if r.external_ref is not None
        }
        pks = [r.pk for r in found.values()]
        listed: dict[int, set[str]] = {pk: set() for pk in pks}
        through: Any = self.model.listed_countries.through
        fk = f"{self.model._meta.model_name}_id"
        for pk, code in through.objects.filter(**{f"{fk}__in": pks}).values_list(fk, "country_id"):
            listed[pk].add(code)
        children: dict[int, tuple[list[Any], set[str]]] = {pk: ([], set()) for pk in pks}
        if self.model is Person:
            for pk, *name in (
                PersonName.objects.filter(person_id__in=pks)
                .order_by("person_id", "position")
                .values_list("person_id", *NAME_FIELDS)
            ):
                children[pk][0].append(tuple(name))
            nat: Any = Person.nationalities.through
            for pk, code in nat.objects.filter(person_id__in=pks).values_list("person_id", "country_id"):
                children[pk][1].add(code)
        for rec in found.values():
            rec._listed_cache = frozenset(listed[rec.pk])  # type: ignore[attr-defined]
            if self.model is Person:
                names, nationalities = children[rec.pk]
                rec._children = (tuple(names), tuple(sorted(nationalities)))  # type: ignore[attr-defined]
        return found

    def _plan(self, row: SourceRow, rec: Record | None) -> Planned | None:
        """The row checked as the API checks a create or a change; None if it changes nothing."""
        payload = self.schema.model_validate(self._row_data(row)).model_dump()
        new = rec is None
        if rec is None:
            rec = self._new_record(row.ref)
            before: tuple[Any, ...] | None = None
            listed_now: frozenset[str] = frozenset()
        else:
            before = self._values_of(rec.__dict__)
            listed_now = rec.listed_codes()
        listed = services.prepare(
            self.actor,
            self.kind,
            payload,
            rec,
            new=new,
            listed_now=listed_now,
            changeable=self.changeable,
        )
        # The instance's own values: attribute access goes through each field's descriptor.
        values = self._values_of(rec.__dict__)
        if any(isinstance(values[i], enum.Enum) for i in self._choices):
            as_stored = list(values)
            for i in self._choices:
                if isinstance(as_stored[i], enum.Enum):
                    as_stored[i] = as_stored[i].value
            values = tuple(as_stored)
        children = _person_children(payload) if self.model is Person else None
        if (
            before is not None
            and before == values
            and frozenset(listed) == listed_now
            and children == getattr(rec, "_children", None)
        ):
            return None
        return Planned(row.number, row.ref, None if new else rec.pk, rec.version, values, listed, children)

    def _document_checks(self, planned: list[Planned], errors: list[RowError]) -> list[Planned]:
        """A document number once per issuing country and kind: against the stored documents
        (one query) and the rows before it in the batch."""
        if self.model is not TravelDocument:
            return planned
        at_kind, at_number = self._column["kind"], self._column["number"]
        held = kinds.document_clashes(
            self.owner, [(p.pk, p.values[at_kind], p.values[at_number]) for p in planned]
        )
        kept = []
        for p in planned:
            key = (p.values[at_kind], p.values[at_number])
            digest = hash(key)
            if key in held or digest in self._numbers:
                exc = kinds.document_duplicate()
                errors.append(_polnet_error(SourceRow(p.number, UPSERT, p.ref), exc))
                continue
            self._numbers.add(digest)
            kept.append(p)
        return kept

    # ---- writing ---------------------------------------------------------------------------

    def _write(self, planned: list[Planned], deletions: list[Record]) -> None:
        now = timezone.now()
        updates = [p for p in planned if not p.new]
        inserts = [p for p in planned if p.new]
        with transaction.atomic():
            if updates:
                self._update(updates, now)
            if deletions:
                self._delete(deletions)
            if inserts:
                self._insert(inserts, now)
        if inserts:
            self._keep_statistics(len(inserts))

    def _keep_statistics(self, inserted: int) -> None:
        """PostgreSQL plans each chunk's lookups from the table's statistics, which its
        autovacuum renews only now and then: a table a batch fills from empty still looks empty,
        and the lookup by reference scans the owner's whole share (a quarter of a second a
        chunk at a million rows). The batch analyses the table each time it has written as many
        rows as the table held when last analysed (at least ANALYZE_EVERY)."""
        if connection.vendor != "postgresql":
            return
        table = self.model._meta.db_table
        if self._analysed is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
                self._analysed = max(int(cursor.fetchone()[0]), 0)
        self._since_analysed += inserted
        if self._since_analysed >= max(ANALYZE_EVERY, self._analysed):
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
            self._analysed += self._since_analysed
            self._since_analysed = 0

    def _listed(self, pairs: list[tuple[int, list[str]]]) -> None:
        through: Any = self.model.listed_countries.through
        fk = f"{self.model._meta.model_name}_id"
        BulkInserter(through).insert([{fk: pk, "country_id": c} for pk, listed in pairs for c in listed])

    def _children(self, pairs: list[tuple[int, tuple[Any, ...]]]) -> None:
        BulkInserter(PersonName).insert(
            [
                {"person_id": pk, "position": i, **dict(zip(NAME_FIELDS, name, strict=True))}
                for pk, (names, _) in pairs
                for i, name in enumerate(names)
            ]
        )
        nat: Any = Person.nationalities.through
        BulkInserter(nat).insert(
            [{"person_id": pk, "country_id": c} for pk, (_, codes) in pairs for c in codes]
        )

    def _update(self, updates: list[Planned], now: Any) -> None:
        pks = [p.pk for p in updates if p.pk is not None]
        BulkUpdater(self.model, [*self.columns, "version", "updated_at"]).update(
            [(pk, (*p.values, p.version + 1, now)) for pk, p in zip(pks, updates, strict=True)]
        )
        through: Any = self.model.listed_countries.through
        fk = f"{self.model._meta.model_name}_id"
        through.objects.filter(**{f"{fk}__in": pks}).delete()
        self._listed([(pk, p.listed) for pk, p in zip(pks, updates, strict=True)])
        if self.model is Person:
            PersonName.objects.filter(person_id__in=pks).delete()
            Person.nationalities.through.objects.filter(person_id__in=pks).delete()
            self._children([(pk, p.children or ((), ())) for pk, p in zip(pks, updates, strict=True)])
        history.record_events(self.actor, self.kind, pks, "update")
        RecordChange.objects.bulk_create([RecordChange(kind=self.kind, record_id=pk) for pk in pks])
        audit.log(
            self.actor,
            "bulk_update",
            self.kind,
            "",
            detail={"batch": self.batch_id, "count": len(pks), "ids": pks[:1000]},
        )

    def _delete(self, deletions: list[Record]) -> None:
        """As the owner's deletion of one record (`records.services.erase_record`), for many."""
        pks = [r.pk for r in deletions]
        self.model.objects.filter(pk__in=pks).delete()
        RecordEvent.objects.filter(kind=self.kind, record_id__in=pks).delete()
        with_photos = set(
            RecordPhoto.objects.filter(kind=self.kind, record_id__in=pks).values_list("record_id", flat=True)
        )
        for pk in with_photos:
            photos.forget(self.kind, pk)
        derived = erasure.erase(self.kind, pks, self.actor)
        RecordChange.objects.bulk_create(
            [RecordChange(kind=self.kind, record_id=pk, deleted=True) for pk in pks]
        )
        audit.log(
            self.actor,
            "bulk_delete",
            self.kind,
            "",
            detail={
                "batch": self.batch_id,
                "count": len(pks),
                "ids": pks[:1000],
                "cause": "owner",
                "derived": {name: n for name, n in derived.items() if n},
            },
        )

    def _insert(self, inserts: list[Planned], now: Any) -> None:
        if connection.vendor == "postgresql":  # ids are allocated here: keep other writers out
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {self.model._meta.db_table} IN EXCLUSIVE MODE")
        same = {
            "owner_country_id": self.owner,
            "created_by_id": self.actor.user_id,
            "created_at": now,
            "updated_at": now,
        }
        ids = BulkInserter(self.model).insert_tuples(
            [*self.columns, "external_ref"],
            [(*p.values, p.ref) for p in inserts],
            same=same,
            allocate_ids=True,
        )
        if connection.vendor == "postgresql":  # a single create after the batch takes the next id
            reset_sequences([self.model])
        self._listed([(pk, p.listed) for pk, p in zip(ids, inserts, strict=True)])
        if self.model is Person:
            self._children([(pk, p.children or ((), ())) for pk, p in zip(ids, inserts, strict=True)])
        history.record_events(self.actor, self.kind, ids, "create")
        RecordChange.objects.create(kind=self.kind, record_id=ids[0], last_record_id=ids[-1])
        audit.log(
            self.actor,
            audit.Action.BULK_CREATE,
            self.kind,
            f"{ids[0]}-{ids[-1]}",
            detail={"batch": self.batch_id, "count": len(ids), "source": "feed"},
        )

    # ---- full sync -------------------------------------------------------------------------

    def left_out(self) -> list[int]:
        """The owner's records of this kind that carry an external reference the batch did not name."""
        stored = self.model.objects.filter(owner_country_id=self.owner, external_ref__isnull=False)
        return [
            pk
            for pk, ref in stored.values_list("pk", "external_ref").iterator(chunk_size=20_000)
            if ref not in self.refs
        ]

    def sweep(self, pks: list[int]) -> int:
        """Delete these records (a confirmed full sync), chunk by chunk; how many."""
        done = 0
        for start in range(0, len(pks), CHUNK):
            part = pks[start : start + CHUNK]
            recs = list(self.model.objects.filter(pk__in=part, owner_country_id=self.owner))
            with transaction.atomic():
                self._delete(recs)
            done += len(recs)
        return done
