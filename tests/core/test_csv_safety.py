"""CSV files that polnet writes cannot carry spreadsheet formulas."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pytest

from polnet.core import csv_safety

SRC = Path(csv_safety.__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("https://example.org","open")',
        "+cmd|' /C calc'!A0",
        "-1+1",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
        "  =1+1",
        "\u00a0@SUM(1)",
    ],
)
def test_a_cell_that_could_run_as_a_formula_is_written_as_text(value: str) -> None:
    assert csv_safety.neutralise(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["Anna Berg", "1974-08-12", "-12", "-0.5", "a=b", "", "'quoted", None, 7, -3, 2.5]
)
def test_data_that_cannot_run_is_written_as_it_is(value: object) -> None:
    assert csv_safety.neutralise(value) == value


def test_every_cell_of_a_written_row_is_neutralised() -> None:
    out = io.StringIO(newline="")
    rows = csv_safety.writer(out)
    rows.writerow(["=1+1", "Anna", -4, None])
    table = csv_safety.DictWriter(out, fieldnames=["name", "n"])
    table.writerows([{"name": "@SUM(1)", "n": "-1"}, {"name": ["=x"], "n": 1}])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["'=1+1", "Anna", "-4", ""],
        ["'@SUM(1)", "-1"],
        ["['=x']", "1"],
    ]


def _writes_csv(tree: ast.AST) -> list[str]:
    """Where a module reaches csv.writer or csv.DictWriter (by attribute or by import)."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("writer", "DictWriter")
            and isinstance(node.value, ast.Name)
            and node.value.id == "csv"
        ):
            found.append(f"line {node.lineno}: csv.{node.attr}")
        if isinstance(node, ast.ImportFrom) and node.module == "csv":
            names = [a.name for a in node.names if a.name in ("writer", "DictWriter", "*")]
            found += [f"line {node.lineno}: from csv import {name}" for name in names]
    return found


def test_no_module_writes_csv_but_through_csv_safety() -> None:
    own = Path(csv_safety.__file__).resolve()
    offenders = {
        str(path.relative_to(SRC)): found
        for path in sorted(SRC.rglob("*.py"))
        if path.resolve() != own and (found := _writes_csv(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}, "write CSV with polnet.core.csv_safety"
    assert _writes_csv(ast.parse("import csv\ncsv.DictWriter(f, ['a'])\n"))  # the check sees one
