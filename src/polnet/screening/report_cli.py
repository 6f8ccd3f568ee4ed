"""`polnet hits report …`: send and read a hit's report on a user's behalf, with that user's
access (the same service, policy and audit as the pages and the API). Django is set up by
the caller before a command runs."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from polnet.network.cli_users import cli_actor

app = typer.Typer(
    help="Hit reports: what the bureau where a hit was made tells its owner.", no_args_is_help=True
)


_actor = cli_actor


def _print(report: Any) -> None:
    from polnet.screening.report_api import report_out

    typer.echo(json.dumps(report_out(report), default=str, ensure_ascii=False, indent=2))


@app.command("show")
def show(
    hit_id: int = typer.Argument(..., help="The hit's number."),
    as_user: str = typer.Option(..., "--as", help="The user on whose behalf to read (audited)."),
) -> None:
    """Print the report of a hit (the owner's and the reporting bureaus only)."""
    from polnet.core.errors import PolnetError
    from polnet.screening import hit_reports

    try:
        report = hit_reports.get_report(_actor(as_user), hit_id)
    except PolnetError as exc:
        typer.echo(f"Error: {exc.as_dict()['detail']}", err=True)
        raise typer.Exit(2) from None
    _print(report)


@app.command("send")
def send(
    hit_id: int = typer.Argument(..., help="The hit's number."),
    as_user: str = typer.Option(..., "--as", help="An officer of the bureau where the hit was made."),
    place: str = typer.Option(..., help="Where the check was made."),
    when: datetime = typer.Option(..., help="When, in UTC (YYYY-MM-DDTHH:MM)."),
    check: str = typer.Option(..., help="The check performed: discreet_check, specific_check, arrest, …"),
    outcome: str = typer.Option(..., help="located, arrested, detained, refused_entry, seized, …"),
    accompanying: str = typer.Option("", help="Persons accompanying."),
    transport: str = typer.Option("none", help="none, vehicle, flight, vessel, train, on_foot."),
    transport_id: str = typer.Option("", help="Plate or VIN, flight number, vessel name or IMO number."),
    items: str = typer.Option("", help="Documents or objects found."),
    seized: bool = typer.Option(False, help="The documents or objects were seized."),
    remarks: str = typer.Option("", help="Free-text remarks."),
    photo: list[Path] = typer.Option([], help="A photo to send with it (repeat for more)."),
) -> None:
    """Send the report of a hit to its owner, with its photos, all or nothing."""
    from pydantic import ValidationError

    from polnet.core.errors import PolnetError
    from polnet.screening import hit_reports
    from polnet.screening.report_api import HitReportIn

    fields = {
        "place": place,
        "occurred_at": when,
        "check_performed": check,
        "outcome": outcome,
        "accompanying": accompanying,
        "transport": transport,
        "transport_identifier": transport_id,
        "items": items,
        "items_seized": seized,
        "remarks": remarks,
    }
    try:
        data = HitReportIn.model_validate(fields).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        typer.echo(f"Error: {'.'.join(map(str, first['loc']))}: {first['msg']}", err=True)
        raise typer.Exit(2) from None
    try:
        report = hit_reports.create_report(_actor(as_user), hit_id, data, [p.read_bytes() for p in photo])
    except PolnetError as exc:
        typer.echo(f"Error: {exc.as_dict()['detail']}", err=True)
        raise typer.Exit(2) from None
    _print(report)
