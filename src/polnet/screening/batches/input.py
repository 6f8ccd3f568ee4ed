"""Reading a passenger list: CSV with a header row, JSON, or an airline's PAXLST message
(`paxlst`).

A list is read whole when it is uploaded, before anything is queued: a list that cannot be
read is refused with InvalidInput saying what is wrong and in which row (and line of a CSV),
so that a list is never checked in part. A row whose values read but that a check refuses
(a date that is not a date) is checked with the rest and gets its error in the results.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from polnet.core.errors import InvalidInput, lazy_message
from polnet.screening.batches import paxlst

# Accepted column names (lower case) for each field.
COLUMNS = {
    "name": ("name", "full_name", "passenger"),
    "family": ("family", "surname", "last_name", "family_name"),
    "given": ("given", "given_names", "first_name", "forename"),
    "date_of_birth": ("date_of_birth", "dob", "birth_date"),
    "nationality": ("nationality",),
    "sex": ("sex", "gender"),
    "document_number": ("document_number", "passport_number", "document"),
    "document_country": ("document_country", "issuing_country", "issuing_state"),
    "mrz": ("mrz",),
    "document_type": ("document_type",),  # P passport, I identity card … (not checked)
    # Not checked: kept with a hit row, so that an analyst finds who travelled together.
    "flight": ("flight", "flight_number"),
    "booking": ("booking", "booking_reference", "pnr"),
    "flight_date": ("flight_date", "date_of_flight"),
}
TRAVEL_FIELDS = ("flight", "booking", "flight_date")
# The longest field of a CSV that is read at all (the csv module's own default). The module's
# limit is one setting for the whole process, which a library may raise when it is imported,
# so the list's reader checks its own.
CSV_FIELD_LIMIT = 131_072
MAX_VALUE = 400  # characters in one value: the longest a single check takes (a full name)
# Control characters but tab and line breaks (an MRZ has two or three lines); PostgreSQL
# cannot even store a NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_rows(content: bytes, content_type: str, filename: str = "") -> Iterator[dict[str, str]]:
    """Each passenger as its fields; CSV (with a header row), JSON (a list of objects, or
    {"rows": [...]}) or PAXLST (by its media type, file name or first segment). InvalidInput
    for the first thing that cannot be read."""
    if paxlst.is_paxlst(content, content_type, filename):
        return _paxlst_rows(content)
    if "json" in content_type:
        return _json_rows(content)
    return _csv_rows(content)


def list_format(content: bytes, content_type: str, filename: str = "") -> str:
    """The format parse_rows reads a list in: paxlst, json or csv."""
    if paxlst.is_paxlst(content, content_type, filename):
        return "paxlst"
    return "json" if "json" in content_type or filename.lower().endswith(".json") else "csv"


def _paxlst_rows(content: bytes) -> Iterator[dict[str, str]]:
    for segment, row in paxlst.paxlst_rows(content):
        where = lazy_message(_("Segment %(segment)s (NAD) of the PAXLST message"), {"segment": segment})
        yield _fields(row, where, "file")


def _text(content: bytes, kind: str, field: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        message = _("The %(kind)s file must be UTF-8: line %(line)s is not.")
        raise InvalidInput(message, code="batch_not_utf8", field=field, kind=kind, line=line) from None


def _json_rows(content: bytes) -> Iterator[dict[str, str]]:
    try:
        data = json.loads(_text(content, "JSON", "rows"))
    except json.JSONDecodeError as exc:
        message = _("The JSON is not valid: %(reason)s")  # the reason in the JSON reader's words
        raise InvalidInput(message, code="batch_json_invalid", field="rows", reason=exc) from None
    except RecursionError:
        message = _("The JSON is not valid: it is nested too deeply.")
        raise InvalidInput(message, code="batch_json_too_deep", field="rows") from None
    except ValueError:  # Python reads no whole number of more than 4,300 digits
        message = _("The JSON is not valid: a number in it is too long.")
        raise InvalidInput(message, code="batch_json_number_too_long", field="rows") from None
    rows = data.get("rows") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise InvalidInput(_("Send a list of passenger objects."), code="batch_json_not_list", field="rows")
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            message = _("Row %(row)s of the list is not a passenger object.")
            raise InvalidInput(message, code="batch_row_not_object", field="rows", row=n)
        yield _fields(row, lazy_message(_("Row %(row)s of the list"), {"row": n}), "rows")


def _csv_rows(content: bytes) -> Iterator[dict[str, str]]:
    # newline="": the csv module reads line ends itself, a lone carriage return included.
    reader = csv.DictReader(io.StringIO(_text(content, "CSV", "file"), newline=""))
    rows = -1  # rows read whole; -1 while the header is read
    try:
        header = reader.fieldnames
        rows = 0
        if not header or not any(_column(str(name)) for name in header):
            raise InvalidInput(
                _(
                    "The CSV needs a header row with columns such as name, date_of_birth, nationality, "
                    "document_number, document_country or mrz."
                ),
                code="batch_csv_header",
                field="file",
            )
        for values in reader:
            if any(len(v) > CSV_FIELD_LIMIT for v in _raw_values(values)):
                raise csv.Error(f"field larger than field limit ({CSV_FIELD_LIMIT})")
            rows += 1
            yield _fields(values, _csv_place(rows, reader.line_num), "file")
    except csv.Error as exc:
        # reader.reader: DictReader counts a line only once its row is read whole.
        if rows < 0:
            message = _("The CSV header cannot be read: %(reason)s.")  # the csv reader's words
            raise InvalidInput(
                message, code="batch_csv_header_unreadable", field="file", reason=exc
            ) from None
        row, line = rows + 1, reader.reader.line_num
        if "field limit" in str(exc):
            message = _(
                "Row %(row)s of the list (line %(line)s of the CSV) cannot be read: a value is longer "
                "than %(limit)s characters."
            )
            limit = f"{min(csv.field_size_limit(), CSV_FIELD_LIMIT):,}"
            raise InvalidInput(
                message, code="batch_csv_field_limit", field="file", row=row, line=line, limit=limit
            ) from None
        message = _("Row %(row)s of the list (line %(line)s of the CSV) cannot be read: %(reason)s.")
        raise InvalidInput(
            message, code="batch_row_unreadable", field="file", row=row, line=line, reason=exc
        ) from None


def _raw_values(values: dict[Any, Any]) -> Iterator[str]:
    """Every value of a CSV row as read, the extra ones of a too-long row included."""
    for value in values.values():
        if isinstance(value, list):  # DictReader keeps a row's extra fields in a list
            yield from (str(v) for v in value)
        elif value is not None:
            yield str(value)


def corrected_row(values: dict[str, Any], row: int) -> dict[str, str]:
    """A row as an officer corrected it, read by the same rules as the list's rows."""
    return _fields(values, lazy_message(_("Row %(row)s of the list"), {"row": row}), "")


def _csv_place(row: int, line: int) -> str:  # lazy: read in the language that shows it
    return lazy_message(_("Row %(row)s of the list (line %(line)s of the CSV)"), {"row": row, "line": line})


def _column(name: str) -> str | None:
    """The field a column holds, or None for a column that is not read."""
    name = name.strip().lower()
    return next((field for field, names in COLUMNS.items() if name in names), None)


def _fields(row: dict[Any, Any], where: str, field: str) -> dict[str, str]:
    """The passenger's fields, each from the first of its columns that has a value."""
    values = {str(name).strip().lower(): value for name, value in row.items()}
    out = dict.fromkeys(COLUMNS, "")
    for column, names in COLUMNS.items():
        texts = (_value(values[name], where, name, field) for name in names if name in values)
        out[column] = next((text for text in texts if text), "")
    return out


def _value(value: Any, where: str, column: str, field: str) -> str:
    field = field or column  # a corrected row's refusal is about its own field
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        message = _("%(where)s: %(column)s must be text.")
        raise InvalidInput(message, code="batch_value_not_text", field=field, where=where, column=column)
    text = str(value).strip()
    if len(text) > MAX_VALUE:
        message = _("%(where)s: %(column)s is longer than %(limit)s characters.")
        raise InvalidInput(
            message, code="batch_value_too_long", field=field, where=where, column=column, limit=MAX_VALUE
        )
    if _CONTROL.search(text):
        message = _("%(where)s: %(column)s holds a control character.")
        raise InvalidInput(message, code="batch_value_control", field=field, where=where, column=column)
    return text
