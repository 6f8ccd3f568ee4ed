"""The table behind every chart: named columns and rows, with its CSV, and ISO weeks."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from polnet.core import csv_safety


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "columns": self.columns, "rows": self.rows}

    def csv(self) -> str:
        out = io.StringIO()
        rows = csv_safety.writer(out)
        rows.writerow(self.columns)
        rows.writerows(self.rows)
        return out.getvalue()


def week_start(day: date) -> date:
    """The Monday of the day's ISO week."""
    return day - timedelta(days=day.weekday())


def week_label(day: date) -> str:
    """The ISO week of a day: "2026-W23" (the ISO year, which may differ from the day's)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
