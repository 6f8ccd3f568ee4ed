"""`polnet analysis report-pdf` and `report-ftm`: a report written to a file as one user may
read it (their own access decides what is in it; each export is audited). Django is set up
by the caller before a command runs."""

from __future__ import annotations

from pathlib import Path

import typer

from polnet.network.cli_users import cli_actor

app = typer.Typer(help="Analytical reports.", no_args_is_help=True)

AS_USER = typer.Option(..., "--as", help="The user whose access decides what the file holds.")


_actor = cli_actor


def _write(output: Path, data: bytes) -> None:
    output.write_bytes(data)
    typer.echo(f"{output} ({len(data)} bytes)")


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(str(getattr(exc, "message", exc)), err=True)
    return typer.Exit(1)


@app.command("report-pdf")
def report_pdf(
    report: int = typer.Argument(..., help="The report's id."),
    username: str = AS_USER,
    output: Path = typer.Option(..., "-o", "--output", help="The PDF file to write."),
) -> None:
    """Write the report as a PDF, as the user may read it."""
    from polnet.analysis.reports import services
    from polnet.core.errors import PolnetError

    try:
        _report, data = services.report_pdf(_actor(username), report)
    except PolnetError as exc:
        raise _fail(exc) from None
    _write(output, data)


@app.command("report-ftm")
def report_ftm(
    report: int = typer.Argument(..., help="The report's id."),
    username: str = AS_USER,
    output: Path = typer.Option(..., "-o", "--output", help="The JSON lines file to write."),
) -> None:
    """Write the report as FollowTheMoney entities (JSON lines), as the user may read it."""
    from polnet.analysis.reports import services
    from polnet.core.errors import PolnetError

    try:
        _report, text = services.report_ftm(_actor(username), report)
    except PolnetError as exc:
        raise _fail(exc) from None
    _write(output, text.encode())
