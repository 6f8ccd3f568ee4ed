"""Fast inserts for large imports (the seed): plain tuples through one `executemany` per chunk.

The ORM's bulk_create prepares every value of every row through the field machinery,
which dominates an import of a million rows. Here each column gets one converter,
chosen once per field type, and ids are allocated inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from operator import itemgetter
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return lambda v: json.dumps(v, ensure_ascii=False)
    if isinstance(field, models.DateTimeField):
        cache: dict[Any, Any] = {}  # a chunk's rows share their timestamps: convert each once

        def convert(v: Any) -> Any:
            if v not in cache:
                cache[v] = None if v is None else ops.adapt_datetimefield_value(v)
            return cache[v]

        return convert
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return None  # the value as it is


class BulkInserter:
    """Inserts rows given as dicts of attribute names (``owner_country_id``, …) into one table."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.pk_column = str(model._meta.pk.column)

    def _defaults(self) -> dict[str, Any]:
        out = {}
        for f in self.fields:
            if f.has_default():
                out[f.attname] = f.get_default()
            elif f.null:
                out[f.attname] = None
        return out

    def insert(self, rows: Sequence[dict[str, Any]], *, allocate_ids: bool = False) -> list[int]:
        """Insert the rows; with ``allocate_ids`` return their new primary keys, in order."""
        if not rows:
            return []
        defaults = self._defaults()
        names = [f.attname for f in self.fields]
        base = {name: defaults.get(name) for name in names}
        # A whole row in one call (most columns need no converting); one name gives no tuple.
        row_values = itemgetter(*names) if len(names) > 1 else (lambda d: (d[names[0]],))
        return self.insert_tuples(
            names, [row_values({**base, **row}) for row in rows], allocate_ids=allocate_ids
        )

    def insert_tuples(
        self,
        names: Sequence[str],
        rows: Sequence[tuple[Any, ...]],
        *,
        same: Mapping[str, Any] | None = None,
        allocate_ids: bool = False,
    ) -> list[int]:
        """Insert rows given as tuples of the attributes ``names``, in that order. Every row also
        takes ``same`` and the other columns' defaults, each converted once for all rows."""
        if not rows:
            return []
        by_attname = {f.attname: f for f in self.fields}
        given = set(names)
        fixed = {**self._defaults(), **(same or {})}
        others = [f for f in self.fields if f.attname not in given]
        tail = tuple(
            conv(fixed.get(f.attname)) if (conv := _converter(f)) else fixed.get(f.attname) for f in others
        )
        converted = [
            (i, conv) for i, n in enumerate(names) if (conv := _converter(by_attname[n])) is not None
        ]
        values: list[tuple[Any, ...]]
        if converted:
            values = []
            for row in rows:
                value = list(row)
                for i, conv in converted:
                    value[i] = conv(value[i])
                values.append((*value, *tail))
        else:
            values = [row + tail for row in rows]
        qn = connection.ops.quote_name
        columns = [qn(str(by_attname[n].column)) for n in names] + [qn(str(f.column)) for f in others]
        return self._write(columns, values, allocate_ids)

    def _write(self, columns: list[str], values: list[tuple[Any, ...]], allocate_ids: bool) -> list[int]:
        qn = connection.ops.quote_name
        ids: list[int] = []
        with connection.cursor() as cursor:
            if allocate_ids:
                pk = qn(self.pk_column)
                cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {self.table}")  # noqa: S608
                start = int(cursor.fetchone()[0]) + 1
                ids = list(range(start, start + len(values)))
                columns = [pk, *columns]
                values = [(i, *v) for i, v in zip(ids, values, strict=True)]
            if connection.vendor == "postgresql":
                # COPY: the rows stream in one command, where an INSERT a row costs a round trip
                # of its own (five times slower for a chunk of 2,000).
                with cursor.cursor.copy(f"COPY {self.table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for line in values:
                        copy.write_row(line)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                    values,
                )
        return ids


def lookup(
    model: type[models.Model],
    columns: Sequence[str],
    in_field: str,
    values: Collection[Any],
    *,
    not_null: bool = False,
    **equal: Any,
) -> list[tuple[Any, ...]]:
    """The `columns` (attribute names) of the rows whose `in_field` is one of `values` and whose
    `equal` fields hold those values: one query, without the ORM's preparation of each value of
    an IN list, which costs more than the query for a chunk's 2,000 references. `not_null`
    spells out `in_field IS NOT NULL`, for a partial index on it."""
    if not values:
        return []
    qn = connection.ops.quote_name
    by_attname = {f.attname: f for f in model._meta.concrete_fields}

    def column(attname: str) -> str:
        return qn(str(by_attname[attname].column))

    where = [f"{column(name)} = %s" for name in equal]
    if connection.vendor == "postgresql":  # one array parameter: planned once, not 2,000 values
        where.append(f"{column(in_field)} = ANY(%s)")
        params: list[Any] = [*equal.values(), list(values)]
    else:
        where.append(f"{column(in_field)} IN ({', '.join(['%s'] * len(values))})")
        params = [*equal.values(), *values]
    if not_null:
        where.append(f"{column(in_field)} IS NOT NULL")
    sql = (
        f"SELECT {', '.join(column(c) for c in columns)} FROM {qn(model._meta.db_table)} "  # noqa: S608
        f"WHERE {' AND '.join(where)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def reset_sequences(model_list: Sequence[type[models.Model]]) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequences past them (SQLite needs nothing)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(model_list)):
            cursor.execute(sql)


class BulkUpdater:
    """Updates named columns of many rows of one table: one `executemany` of
    ``UPDATE … SET a = %s, … WHERE id = %s``, with the same converters as `BulkInserter`."""

    def __init__(self, model: type[models.Model], attnames: Sequence[str]) -> None:
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        self.fields = [by_attname[name] for name in attnames]
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.pk_column = connection.ops.quote_name(str(model._meta.pk.column))

    def update(self, rows: Sequence[tuple[int, tuple[Any, ...]]]) -> None:
        """Set each row's values (a tuple in the order of ``attnames``) on the row of that
        primary key."""
        if not rows:
            return
        qn = connection.ops.quote_name
        converted = [(i, conv) for i, f in enumerate(self.fields) if (conv := _converter(f)) is not None]
        sets = ", ".join(f"{qn(str(f.column))} = %s" for f in self.fields)
        values = []
        for pk, row in rows:
            value = list(row)
            for i, conv in converted:
                value[i] = conv(value[i])
            values.append((*value, pk))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {self.table} SET {sets} WHERE {self.pk_column} = %s",  # noqa: S608
                values,
            )
