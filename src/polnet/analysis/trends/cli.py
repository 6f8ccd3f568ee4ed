"""`polnet analysis trends`: a trend table in the terminal, as the named analyst may read it;
`polnet analysis fold-trends`: fold the query log into the rollup now (what the job does)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import typer

from polnet.network.cli_users import cli_actor

app = typer.Typer(help="Trends of checks, hits, notices and diffusions.", no_args_is_help=True)

BY = ("week", "kind", "country", "post")


_analyst = cli_actor


def _weekly(tables: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    totals: dict[str, Counter[str]] = {"checks": Counter(), "hits": Counter(), "notices": Counter()}
    for name in totals:
        for row in tables[name].records():
            totals[name][row["week"]] += row[name]
    weeks = sorted(set().union(*totals.values()))
    return ["week", *totals], [[week, *(totals[name][week] for name in totals)] for week in weeks]


def _by_kind(tables: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    checks: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for row in tables["checks"].records():
        checks[row["kind"]] += row["checks"]
    for row in tables["hits"].records():
        hits[row["kind"]] += row["hits"]
    return ["kind", "checks", "hits"], [[k, checks[k], hits[k]] for k in sorted(set(checks) | set(hits))]


@app.command("trends")
def trends(
    as_user: str = typer.Option(..., "--as", help="The analyst whose view to print."),
    since: str = typer.Option("", help="First day, YYYY-MM-DD (default: 26 weeks ago)."),
    until: str = typer.Option("", help="Last day, YYYY-MM-DD (default: today)."),
    by: str = typer.Option("week", help="week, kind, country (hits) or post."),
    country: str = typer.Option("", help="Only checks and hits made in this country."),
    kind: str = typer.Option("", help="Only checks and hits of this kind."),
    csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table."),
) -> None:
    """Print a trend table: totals per week, per kind, hits per country, or the top posts."""
    from rich.console import Console
    from rich.table import Table as RichTable

    from polnet.analysis.trends import services
    from polnet.analysis.trends.filters import make_filters
    from polnet.analysis.trends.tables import Table
    from polnet.core.errors import PolnetError

    if by not in BY:
        typer.echo(f"--by is one of {', '.join(BY)}.", err=True)
        raise typer.Exit(2)
    actor = _analyst(as_user)
    try:
        filters = make_filters(since=since, until=until, country=country, kind=kind)
        if by in ("week", "kind"):
            tables = {n: services.series(actor, n, filters) for n in ("checks", "hits", "notices")}
            columns, rows = _weekly(tables) if by == "week" else _by_kind(tables)
            table = Table(by, columns, rows)
        else:
            table = services.series(actor, "countries" if by == "country" else "posts", filters)
    except PolnetError as exc:
        typer.echo(f"Error ({exc.code}): {exc.as_dict()['detail']}", err=True)
        raise typer.Exit(2) from None
    if csv:
        typer.echo(table.csv(), nl=False)
        return
    shown = RichTable(*table.columns)
    for row in table.rows:
        shown.add_row(*("" if cell is None else str(cell) for cell in row))
    Console().print(shown)


@app.command("fold-trends")
def fold_trends() -> None:
    """Fold the query-log rows not yet in the trends' rollup (the scheduled job does it every minute)."""
    from polnet.analysis.trends import services

    typer.echo(f"folded {services.fold_checks()} query-log ids")
