"""`polnet training ...`: course packages and learning records from the command line. Each
command acts as a named user (`--as`), whose access decides, as on the pages. Django is set up
by the group's callback before a command runs."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

import typer

from polnet.network.cli_users import AS_USER, cli_actor
from polnet.network.cli_users import refusing_politely as _run
from polnet.training.certificates import cli as certificates_cli

app = typer.Typer(
    help="The learning centre: course packages, xAPI statements, certificates.", no_args_is_help=True
)
app.add_typer(certificates_cli.app, name="certificates")


@app.command("export")
def export(
    code: str = typer.Argument(..., help="The course's code (its translations come along)."),
    target: Path = typer.Argument(..., help="The zip file to write."),
    username: str = AS_USER,
) -> None:
    """Write a course and its translations as a package."""
    from polnet.training.packages.export import export_by_code

    package = _run(lambda: export_by_code(cli_actor(username), code))
    target.write_bytes(package.data)
    typer.echo(f"{target}\t{len(package.data)} bytes")


@app.command("import")
def import_(
    source: Path = typer.Argument(..., exists=True, dir_okay=False, help="The package (zip) to read."),
    username: str = AS_USER,
) -> None:
    """Create a package's course and translations as drafts of the user's party."""
    from polnet.training.packages.importer import import_package

    actor = cli_actor(username)
    with source.open("rb") as stream:
        result = _run(lambda: import_package(actor, stream))
    for course in (result.course, *result.translations):
        typer.echo(f"{course.pk}\t{course.code}\t{course.language}\t{course.title}")
    for old, new in result.renamed.items():
        typer.echo(f"{old} exists here: imported as {new}", err=True)


@app.command("statements")
def statements(
    since: str = typer.Option(..., help="From this date (YYYY-MM-DD) or ISO 8601 time."),
    bureau: str = typer.Option("", help="Only the people of this bureau (its country code)."),
    partner: int | None = typer.Option(
        None, help="Only the people of this partner organisation (its number)."
    ),
    username: str = AS_USER,
) -> None:
    """Print the xAPI statements of the learners the user may export, as one JSON array."""
    from polnet.training import xapi

    actor = cli_actor(username)
    start = _run(lambda: xapi.parse_since(since))
    found: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        page = _run(
            partial(
                xapi.statements,
                actor,
                since=start,
                bureau=bureau,
                partner=partner,
                offset=offset,
                limit=xapi.MAX_LIMIT,
            )
        )
        found.extend(page.statements)
        offset = page.next_offset
    typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
