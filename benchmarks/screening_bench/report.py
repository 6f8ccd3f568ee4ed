"""Tables of figures: printed with rich, saved as JSON and markdown, and checked against targets."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table as RichTable

# key -> (title, columns); tables print in this order.
TABLES: dict[str, tuple[str, list[str]]] = {
    "run": ("Run", ["item", "value"]),
    "build": (
        "Index build, in-process",
        ["kind", "records", "build s", "records/s", "RSS MiB", "B/record", "save s", "file MiB", "load s"],
    ),
    "speed": (
        "Speed, in-process (one query at a time per process)",
        ["kind", "call", "mix", "procs", "checks", "per s (wall)", "per CPU-s", "p50 ms", "p99 ms", "load"],
    ),
    "quality": (
        "Quality at the default threshold",
        ["kind", "true q.", "false q.", "recall", "precision", "false alarms", "other record only"],
    ),
    "corruptions": (
        "Person recall by corruption (a query may carry several)",
        ["corruption", "queries", "missed", "recall"],
    ),
    "baselines": (
        "Person matching on a common random subset of the labelled queries",
        ["method", "true q.", "false q.", "recall", "precision", "recall / ceiling", "ms/query", "notes"],
    ),
    "febrl": (
        "FEBRL4: 5,000 x 5,000 records, given name + surname + date of birth, one-to-one links",
        ["method", "links", "precision", "recall", "F1", "seconds", "notes"],
    ),
    "http": (
        "HTTP API on loopback (token auth, access policy, query log; polnet serve, 2 workers)",
        [
            "endpoint",
            "requests",
            "req/s",
            "req/server CPU-s",
            "p50 ms",
            "p99 ms",
            "non-2xx",
            "client",
            "load",
        ],
    ),
    "batch": (
        "Passenger list through the service layer",
        ["rows", "processes", "seconds", "rows/s", "rows/CPU-s", "1 M rows", "load"],
    ),
    "targets": ("Targets", ["target", "goal", "wall clock", "CPU-time basis", "status"]),
}


def integer(value: float) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:,.0f}"


def fixed(value: float, digits: int = 2) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:,.{digits}f}"


def ms(value: float) -> str:
    return fixed(value, 2 if value < 100 else 0)


def ratio(value: float) -> str:
    return fixed(value, 4)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    tables: dict[str, Table] = field(default_factory=dict)
    figures: dict[str, float] = field(default_factory=dict)
    pending: dict[str, list[str]] = field(default_factory=dict)  # rows being filled in

    def table(self, key: str) -> Table:
        if key not in self.tables:
            title, columns = TABLES[key]
            self.tables[key] = Table(title, list(columns))
        return self.tables[key]

    def add(self, key: str, *cells: str) -> None:
        """Append a row to a table."""
        self.table(key).rows.append(list(cells))

    def note(self, key: str, text: str) -> None:
        self.table(key).notes.append(text)

    def ordered(self) -> list[Table]:
        return [self.tables[k] for k in TABLES if k in self.tables and self.tables[k].rows]

    def print(self, console: Console) -> None:
        for t in self.ordered():
            rich = RichTable(title=t.title, title_justify="left", title_style="bold")
            for i, column in enumerate(t.columns):
                rich.add_column(column, justify="left" if i == 0 else "right", overflow="fold")
            for row in t.rows:
                rich.add_row(*row)
            console.print(rich)
            for text in t.notes:
                console.print(f"  {text}", style="dim", soft_wrap=True)
            console.print()

    def markdown(self) -> str:
        out: list[str] = []
        for t in self.ordered():
            out += [f"### {t.title}", "", "| " + " | ".join(t.columns) + " |"]
            out.append("|" + "|".join(" --- " for _ in t.columns) + "|")
            out += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in t.rows]
            out += [f"- {text}" for text in t.notes] + [""]
        return "\n".join(out)

    def save(self, folder: Path, stem: str) -> tuple[Path, Path]:
        folder.mkdir(parents=True, exist_ok=True)
        as_json, as_md = folder / f"{stem}.json", folder / f"{stem}.md"
        body: dict[str, Any] = {
            "figures": self.figures,
            "tables": {k: asdict(t) for k, t in self.tables.items()},
        }
        as_json.write_text(json.dumps(body, indent=1, default=str))
        as_md.write_text(self.markdown())
        return as_json, as_md


# ---- targets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    label: str
    figure: str  # key in Report.figures, measured on the wall clock
    goal: float
    at_least: bool  # True: measured >= goal; False: measured <= goal
    unit: str = ""
    cpu_figure: str = ""  # the same on a CPU-time basis: what free cores would give


TARGETS = (
    Target(
        "in-process documents, checks/s, border mix (check_many, 2 processes)",
        "documents.check_many_2proc",
        500_000,
        True,
        cpu_figure="documents.check_many_2cpu",
    ),
    Target(
        "in-process persons, queries/s per core, border mix",
        "persons.qps_wall",
        2_000,
        True,
        cpu_figure="persons.qps_core",
    ),
    Target("in-process persons, p99 latency, border mix", "persons.p99_ms", 20, False, " ms"),
    Target(
        "HTTP documents, requests/s", "http.document.rps", 5_000, True, cpu_figure="http.document.rps_2cpu"
    ),
    Target("HTTP documents, p99 latency", "http.document.p99_ms", 10, False, " ms"),
    Target("HTTP persons, requests/s", "http.person.rps", 1_000, True, cpu_figure="http.person.rps_2cpu"),
    Target("HTTP persons, p99 latency", "http.person.p99_ms", 50, False, " ms"),
    Target("person recall / brute-force ceiling (same subset)", "persons.recall_vs_ceiling", 0.99, True),
    Target("person precision (all labelled queries)", "persons.precision", 0.95, True),
    Target("FEBRL4 F1 minus best baseline F1", "febrl.margin", 0.0, True),
    Target("1 M-row passenger list, seconds", "batch.million_s", 600, False, " s", "batch.million_cpu_s"),
)


def _value(value: float, unit: str) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}{unit}"
    return f"{value:.4g}{unit}"


def _status(target: Target, value: float) -> str:
    if value >= target.goal if target.at_least else value <= target.goal:
        return "met"
    if target.goal == 0:
        return f"missed by {abs(value):.4f}"
    return f"missed by {abs(value - target.goal) / target.goal:.0%}"


def check_targets(report: Report) -> None:
    for t in TARGETS:
        value = report.figures.get(t.figure, float("nan"))
        cpu = report.figures.get(t.cpu_figure, float("nan")) if t.cpu_figure else float("nan")
        goal = ("≥ " if t.at_least else "≤ ") + _value(t.goal, t.unit)
        measured = "-" if math.isnan(value) else _value(value, t.unit)
        on_cpu = "-" if math.isnan(cpu) else _value(cpu, t.unit)
        status = "not measured" if math.isnan(value) else _status(t, value)
        if not math.isnan(cpu):
            status += f" (CPU basis: {_status(t, cpu)})"
        report.add("targets", t.label, goal, measured, on_cpu, status)
    report.note(
        "targets",
        "Wall clock: what this shared machine delivered. CPU-time basis: the same work per CPU-second "
        "of the measured processes, times the cores the target allows (2 for the machine, 1 per core): "
        "what the code would deliver on free cores.",
    )
