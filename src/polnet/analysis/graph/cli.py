"""`polnet analysis graph …` and `polnet analysis path …`: the graph from the command line,
for a named analyst with that analyst's access. Django is set up by the caller."""

from __future__ import annotations

import json
from typing import Any

import typer

from polnet.network.cli_users import cli_actor

app = typer.Typer(help="The link graph of an analysis project.", no_args_is_help=True)

AS_USER = typer.Option(..., "--as", help="The analyst on whose behalf (and with whose access) to read.")


_actor = cli_actor


def _print(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not data["found"]:
        typer.echo("No path links them.")
        return
    typer.echo(f"Entities ({len(data['nodes'])}):")
    for n in data["nodes"]:
        where = " ".join(p for p in (n["country"] or "", n["date"] or "") if p)
        more = f", {n['more']}{'+' if n['at_least'] else ''} more" if n["more"] else ""
        kind = f"{n['kind_label']} {where}".strip()
        typer.echo(f"  {n['key']}  {n['label']}  [{kind}] links {n['degree']}{more}")
    typer.echo(f"Links ({len(data['edges'])}):")
    for e in data["edges"]:
        note = f" ({e['note']})" if e["note"] else ""
        typer.echo(f"  {e['source']} -- {e['target']}: {e['label']}{note}")
    if data["truncated"]:
        typer.echo("The entity limit stopped the walk; narrow it with --kinds or fewer --hops.")


def _run(call: Any, as_json: bool) -> None:
    from polnet.analysis.graph.services import as_data
    from polnet.core.errors import PolnetError

    try:
        answer = call()
    except PolnetError as exc:
        typer.echo(f"Error ({exc.code}): {exc.as_dict()['detail']}", err=True)
        raise typer.Exit(1 if exc.status == 404 else 2) from None
    _print(as_data(answer), as_json)


def _query(hops: int, kinds: str, countries: str) -> Any:
    from polnet.analysis.graph.services import GraphQuery

    def items(text: str) -> frozenset[str] | None:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        return frozenset(parts) if parts else None

    codes = items(countries)
    return GraphQuery(
        hops=hops, kinds=items(kinds), countries=frozenset(c.upper() for c in codes) if codes else None
    )


@app.command("graph")
def graph(
    project: int = typer.Argument(..., help="The project's number."),
    key: str = typer.Argument(..., help="The entity to start from, e.g. person:12."),
    as_user: str = AS_USER,
    hops: int = typer.Option(2, help="Links to walk, 1 to 4."),
    kinds: str = typer.Option("", help="Kinds to show, comma-separated (person,document,hit,…)."),
    countries: str = typer.Option("", help="Countries to show, comma-separated."),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON."),
) -> None:
    """The entities within N links of one entity, with the reason of every link."""
    from polnet.analysis.graph import services

    _run(
        lambda: services.neighbourhood(_actor(as_user), project, key, _query(hops, kinds, countries)), as_json
    )


@app.command("path")
def path(
    project: int = typer.Argument(..., help="The project's number."),
    source: str = typer.Argument(..., help="One entity, e.g. person:12."),
    target: str = typer.Argument(..., help="The other, e.g. vehicle:7."),
    as_user: str = AS_USER,
    as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON."),
) -> None:
    """A shortest chain of links between two entities."""
    from polnet.analysis.graph import services

    _run(lambda: services.path(_actor(as_user), project, source, target), as_json)
