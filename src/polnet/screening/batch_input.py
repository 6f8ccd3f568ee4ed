"""Reading a passenger list: CSV with a header row, or JSON.

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

from polnet.core.errors import InvalidInput

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
}
MAX_VALUE = 400  # characters in one value: the longest a single check takes (a full name)
# Control characters but tab and line breaks (an MRZ has two or three lines); PostgreSQL
# cannot even store a NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_rows(content: bytes, content_type: str) -> Iterator[dict[str, str]]:
    """Each passenger as its fields; CSV (with a header row) or JSON (a list of objects, or
    {"rows": [...]}). InvalidInput for the first thing that cannot be read."""
    if "json" in content_type:
        return _json_rows(content)
    return _csv_rows(content)


def _text(content: bytes, kind: str, field: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise InvalidInput(f"The {kind} file must be UTF-8: line {line} is not.", field=field) from None


def _json_rows(content: bytes) -> Iterator[dict[str, str]]:
    try:
        data = json.loads(_text(content, "JSON", "rows"))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"The JSON is not valid: {exc}", field="rows") from None
    except RecursionError:
        raise InvalidInput("The JSON is not valid: it is nested too deeply.", field="rows") from None
    except ValueError:  # Python reads no whole number of more than 4,300 digits
        raise InvalidInput("The JSON is not valid: a number in it is too long.", field="rows") from None
    rows = data.get("rows") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise InvalidInput("Send a list of passenger objects.", field="rows")
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise InvalidInput(f"Row {n} of the list is not a passenger object.", field="rows")
        yield _fields(row, f"Row {n} of the list", "rows")


def _csv_rows(content: bytes) -> Iterator[dict[str, str]]:
    # newline="": the csv module reads line ends itself, a lone carriage return included.
    reader = csv.DictReader(io.StringIO(_text(content, "CSV", "file"), newline=""))
    rows = -1  # rows read whole; -1 while the header is read
    try:
        header = reader.fieldnames
        rows = 0
        if not header or not any(_column(str(name)) for name in header):
            raise InvalidInput(
                "The CSV needs a header row with columns such as name, date_of_birth, nationality, "
                "document_number, document_country or mrz.",
                field="file",
            )
        for values in reader:
            rows += 1
            yield _fields(values, _csv_place(rows, reader.line_num), "file")
    except csv.Error as exc:
        # reader.reader: DictReader counts a line only once its row is read whole.
        where = "The CSV header" if rows < 0 else _csv_place(rows + 1, reader.reader.line_num)
        raise InvalidInput(f"{where} cannot be read: {_reason(exc)}.", field="file") from None


def _csv_place(row: int, line: int) -> str:
    return f"Row {row} of the list (line {line} of the CSV)"


def _reason(exc: csv.Error) -> str:
    if "field limit" in str(exc):
        return f"a value is longer than {csv.field_size_limit():,} characters"
    return str(exc)


def _column(name: str) -> str | None:
    """The field a column holds, or None for a column that is not read."""
    name = name.strip().lower()
    return next((field for field, names in COLUMNS.items() if name in names), None)


def _fields(row: dict[Any, Any], where: str, field: str) -> dict[str, str]:
    """The passenger's fields, each from the first of its columns that has a value."""
    values = {str(name).strip().lower(): value for name, value in row.items()}
    out = dict.fromkeys(COLUMNS, "")
    for column, names in COLUMNS.items():
        texts = (_value(values[name], f"{where}: {name}", field) for name in names if name in values)
        out[column] = next((text for text in texts if text), "")
    return out


def _value(value: Any, what: str, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidInput(f"{what} must be text.", field=field)
    text = str(value).strip()
    if len(text) > MAX_VALUE:
        raise InvalidInput(f"{what} is longer than {MAX_VALUE} characters.", field=field)
    if _CONTROL.search(text):
        raise InvalidInput(f"{what} holds a control character.", field=field)
    return text
