"""The formats a batch may come in: each reader turns a file into rows of one shape.

A reader takes the file's path and the batch's kind and yields `SourceRow`s: the row's number (1 for the first
record), its operation, the owner's external reference and the record's fields as the API
takes them (`records.schemas.<Kind>In`). A new format registers its reader here
(`register("ftm", read_ftm)`) and is then accepted by the API, the pages and the CLI alike.
A whole file that cannot be read raises `InvalidInput`; one bad line becomes a row with a
`problem`, reported like any invalid row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from polnet.core.errors import InvalidInput
from polnet.records import ftm

UPSERT, DELETE = "upsert", "delete"
OPS = (UPSERT, DELETE)
MAX_REF = 128


@dataclass(frozen=True)
class SourceRow:
    number: int
    op: str
    ref: str
    data: dict[str, Any] = field(default_factory=dict)
    # The line itself could not be read (an FtM entity refused names its property).
    problem: InvalidInput | ftm.RowError | None = None
    kind: str = ""  # another kind than the batch's: the holders in a batch of documents
    holder_ref: str | None = None  # a document's holder, by the person's external reference


Reader = Callable[[Path, str], Iterator[SourceRow]]
FORMATS: dict[str, Reader] = {}


def register(name: str, reader: Reader) -> None:
    FORMATS[name] = reader


def reader_for(name: str) -> Reader:
    try:
        return FORMATS[name]
    except KeyError:
        raise InvalidInput(
            _("This file format is not accepted (%(formats)s)."),
            code="import_format_unknown",
            field="format",
            formats=", ".join(sorted(FORMATS)),
        ) from None


def format_of(file_name: str) -> str:
    """The format a file's name suggests: .csv, .jsonl or .ndjson; else the name's extension."""
    suffix = Path(file_name).suffix.lower().lstrip(".")
    return {"ndjson": "jsonl", "jsonlines": "jsonl"}.get(suffix, suffix)


def _row(number: int, fields: dict[str, Any]) -> SourceRow:
    op = str(fields.pop("op", "") or UPSERT).strip().lower()
    ref = str(fields.pop("external_ref", "") or "").strip()
    problem = None
    if op not in OPS:
        problem = InvalidInput(
            _("The operation must be upsert or delete."), code="import_op_unknown", field="op"
        )
    elif not ref:
        problem = InvalidInput(
            _("Every row needs the owner's external reference."),
            code="import_ref_missing",
            field="external_ref",
        )
    elif len(ref) > MAX_REF:
        problem = InvalidInput(
            _("The external reference is too long (at most %(max)s characters)."),
            code="import_ref_too_long",
            field="external_ref",
            max=MAX_REF,
        )
    return SourceRow(number, op, ref, fields, problem)


# ---- CSV -------------------------------------------------------------------------------------

LIST_COLUMNS = frozenset({"nationalities", "listed_countries"})  # "FR;DE"
JSON_COLUMNS = frozenset({"names", "identifiers"})  # a JSON array in the cell
NAME_COLUMNS = ("given", "family", "full", "script", "language")  # one name form, for persons


def _csv_fields(raw: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for column, value in raw.items():
        value = (value or "").strip()
        if not value or column in NAME_COLUMNS:
            continue  # an empty cell: the field's default, as when the API is not sent it
        if column in LIST_COLUMNS:
            fields[column] = [v.strip() for v in value.split(";") if v.strip()]
        elif column in JSON_COLUMNS:
            fields[column] = json.loads(value)
        else:
            fields[column] = value
    name = {c: raw[c].strip() for c in NAME_COLUMNS if (raw.get(c) or "").strip()}
    if name and "names" not in fields:
        fields["names"] = [name]
    return fields


def read_csv(path: Path, kind: str = "") -> Iterator[SourceRow]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        if "external_ref" not in header:
            raise InvalidInput(
                _("The file's first line must name its columns, external_ref among them."),
                code="import_header_missing",
                field="file",
            )
        for number, raw in enumerate(reader, start=1):
            try:
                fields = _csv_fields({k: v for k, v in raw.items() if k is not None})
            except ValueError:
                ref = (raw.get("external_ref") or "").strip()
                yield SourceRow(number, UPSERT, ref, problem=_bad_line())
                continue
            yield _row(number, fields)


# ---- JSON Lines -------------------------------------------------------------------------------


def _bad_line() -> InvalidInput:
    return InvalidInput(_("This line cannot be read."), code="import_line_unreadable", field="")


def read_jsonl(path: Path, kind: str = "") -> Iterator[SourceRow]:
    with path.open("rb") as handle:
        number = 0
        for line in io.TextIOWrapper(handle, encoding="utf-8"):
            if not line.strip():
                continue
            number += 1
            try:
                fields = json.loads(line)
            except ValueError:
                fields = None
            if not isinstance(fields, dict):
                yield SourceRow(number, UPSERT, "", problem=_bad_line())
                continue
            yield _row(number, fields)


# ---- FollowTheMoney ----------------------------------------------------------------------------

# The schemata a batch of each kind reads: a batch of documents carries their holders.
FTM_SCHEMATA = {
    "person": ("Person",),
    "document": ("Person", "Passport", "Identification"),
    "vehicle": ("Vehicle",),
    "firearm": ("Asset",),
    "artwork": ("Asset",),
}
# FtM has no purpose of processing: a `purpose:` keyword names it, else the kind's usual one.
FTM_PURPOSE = {"document": "border_management", "vehicle": "investigation"}


def _ftm_people(path: Path) -> tuple[set[str], set[str]]:
    """The ids of the file's persons and of its stand-in holders (FtM's required holder that
    names no one), read first: a document may come before its holder."""
    persons: set[str] = set()
    stand_ins: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if '"Person"' not in line:
                continue
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if isinstance(data, dict) and data.get("schema") == "Person" and data.get("id"):
                keywords = (data.get("properties") or {}).get("keywords") or []
                (stand_ins if ftm.STAND_IN in keywords else persons).add(str(data["id"]))
    return persons, stand_ins


def _ftm_ref(line: str) -> str:
    try:
        data = json.loads(line)
    except ValueError:
        return ""
    return str(data.get("id") or "")[:MAX_REF] if isinstance(data, dict) else ""


def _ftm_mapped(line: str, number: int, kind: str) -> tuple[ftm.Mapped | None, str]:
    """The entity as a record of the batch's kind, and the purpose it names."""
    proxy = ftm.parse_entity(line, number, schemata=None)
    schemata = FTM_SCHEMATA.get(kind, ())
    if proxy.schema.name not in schemata:
        raise ftm.EntityRefused(
            ftm.RowError(
                number,
                "schema",
                "import_schema_other",
                _("This batch reads %(schemata)s entities only.") % {"schemata": ", ".join(schemata)},
            )
        )
    tags = dict(w.partition(":")[::2] for w in proxy.get("keywords", quiet=True))
    return ftm.entity_to_record(proxy, number, asset_kind=kind), tags.get("purpose", "")


def read_ftm(path: Path, kind: str = "") -> Iterator[SourceRow]:
    """FollowTheMoney entities, one a line, each checked by the model (`records.ftm`): the
    entity id is the external reference, the row's number its line."""
    persons, stand_ins = _ftm_people(path)
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                mapped, purpose = _ftm_mapped(line, number, kind)
            except ftm.EntityRefused as exc:
                yield SourceRow(number, UPSERT, _ftm_ref(line), problem=exc.error)
                continue
            if mapped is None:
                continue  # a stand-in holder: no one to record
            data = {**mapped.data, "purpose": purpose or FTM_PURPOSE.get(kind, "investigation")}
            holder = mapped.holder_ref if mapped.holder_ref not in stand_ins else None
            row = _row(number, {**data, "external_ref": mapped.external_ref})
            if holder is not None and holder not in persons and row.problem is None:
                dangling = ftm.RowError(
                    number, "holder", "ftm_holder_dangling", _("The holder is not a Person of this file.")
                )
                row = SourceRow(number, UPSERT, row.ref, problem=dangling)
            yield SourceRow(
                row.number,
                row.op,
                row.ref,
                row.data,
                row.problem,
                kind="person" if mapped.kind == "person" and kind != "person" else "",
                holder_ref=holder,
            )


register("csv", read_csv)
register("jsonl", read_jsonl)
register("ftm", read_ftm)
