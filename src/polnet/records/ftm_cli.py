"""`polnet records ftm export|import`: FollowTheMoney JSON lines, as the acting user may."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from polnet.network.cli_users import AS_USER, cli_actor, refusing_politely

app = typer.Typer(
    help="FollowTheMoney entities (JSON lines) out of and into the records.", no_args_is_help=True
)


@app.command("export")
def export(
    as_user: str = AS_USER,
    kind: list[str] = typer.Option([], "--kind", help="A database to export (repeatable); none: all."),
    state: str = typer.Option("active", help="active, located, recovered, cancelled; empty: any."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="The file to write; none: standard output."
    ),
) -> None:
    """Write the records the user may see as FollowTheMoney entities, one a line."""
    from polnet.records import ftm_io

    actor = cli_actor(as_user)
    filters = {"state": state} if state else {}
    lines = refusing_politely(lambda: ftm_io.export_lines(actor, kind or ftm_io.EXPORT_ORDER, filters))
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        n = 0
        for line in lines:
            out.write(line)
            n += 1
    finally:
        if output:
            out.close()
    typer.echo(f"Exported {n} entities.", err=True)


@app.command("import")
def import_(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="FtM JSON lines."),
    as_user: str = AS_USER,
    purpose: str = typer.Option(..., help="The purpose every imported record is kept for."),
    restriction: str = typer.Option("all", help="all, only_listed or all_except."),
    bureau_only: bool = typer.Option(False, help="Keep the records from extended-access units."),
) -> None:
    """Create the file's Person, Passport, Identification and Vehicle entities as records of
    the user's bureau: all of them, or none with each refused entity named."""
    from polnet.records import ftm_io

    actor = cli_actor(as_user)
    access = {"purpose": purpose, "restriction": restriction, "bureau_only": bureau_only}
    with path.open(encoding="utf-8") as f:
        lines = f.read().splitlines()

    def run() -> list[ftm_io.Imported]:
        try:
            return ftm_io.import_entities(actor, lines, access)
        except ftm_io.ImportRefused as exc:
            for e in exc.errors:
                typer.echo(f"line {e.line}: {e.property or '-'}: {e.code}: {e.message}", err=True)
            raise

    done = refusing_politely(run)
    typer.echo(f"Imported {len(done)} records.")
