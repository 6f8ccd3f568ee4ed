"""CSV files that a spreadsheet opens as data, never as formulas.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (tab and
carriage return can start one too), so a record or a passenger name such as
``=HYPERLINK("https://…")`` would act on the reader's machine. As OWASP recommends, such a
cell gets a leading single quote, which the spreadsheet shows as text. Every CSV polnet writes
goes through `writer` or `DictWriter` here (a test checks that no other module writes CSV).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterable
from numbers import Number
from typing import IO, TYPE_CHECKING, Any

__all__ = ["DictWriter", "neutralise", "writer"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number (-12, -0.5) is read as a number, not run: it stays as it is.
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def neutralise(value: Any) -> Any:
    """The value as a cell that cannot run: text that a spreadsheet would read as a formula,
    even after leading spaces, gets a leading single quote. Numbers are left alone."""
    if value is None or isinstance(value, Number):
        return value
    value = str(value)  # what the csv module would write
    formula = value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    return "'" + value if formula and not _NUMBER.fullmatch(value) else value


class _SafeRows:
    """A csv writer whose every cell is neutralised."""

    def __init__(self, rows: Any) -> None:
        self._rows = rows

    @property
    def dialect(self) -> Any:
        return self._rows.dialect

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._rows.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(file: IO[str], **options: Any) -> _SafeRows:
    return _SafeRows(csv.writer(file, **options))


if TYPE_CHECKING:
    _DictWriter = csv.DictWriter[str]
else:
    _DictWriter = csv.DictWriter  # not subscriptable at run time


class DictWriter(_DictWriter):
    """csv.DictWriter whose rows, header included, reach the file through `neutralise`."""

    def __init__(self, file: IO[str], fieldnames: Collection[str], **options: Any) -> None:
        super().__init__(file, fieldnames, **options)
        self.writer = _SafeRows(self.writer)  # type: ignore[assignment]
