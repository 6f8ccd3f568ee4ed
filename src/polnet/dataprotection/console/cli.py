"""`polnet dataprotection log|export|history|scan-alerts`: the console from the command line,
as the named officer sees it (scan-alerts runs the rules, as the scheduled job does)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from polnet.network.cli_users import cli_actor

_officer = cli_actor


def _filters(**given: Any) -> Any:
    from polnet.core.errors import PolnetError
    from polnet.dataprotection.console.filters import make_filters

    try:
        return make_filters(**given)
    except PolnetError as exc:
        typer.echo(f"{exc.field or 'input'}: {exc}", err=True)
        raise typer.Exit(2) from exc


def _run(act: Any) -> Any:
    from polnet.core.errors import PolnetError

    try:
        return act()
    except PolnetError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc


AS_USER = typer.Option(..., "--as", help="The data-protection officer whose view to use.")
USER = typer.Option("", help="Only this user's acts.")
UNIT = typer.Option("", help="Only this unit's acts (its number).")
PURPOSE = typer.Option("", help="Only acts for this purpose.")
KIND = typer.Option("", help="Kind of record (or object).")
RECORD = typer.Option("", "--record-id", help="Only acts on this record (with --kind).")
SINCE = typer.Option("", help="From, YYYY-MM-DD or an ISO time (UTC).")
UNTIL = typer.Option("", help="Until, YYYY-MM-DD (included) or an ISO time.")


def register(app: typer.Typer) -> None:
    @app.command("log")
    def log_command(
        as_user: str = AS_USER,
        user: str = USER,
        unit: str = UNIT,
        purpose: str = PURPOSE,
        kind: str = KIND,
        record_id: str = RECORD,
        since: str = SINCE,
        until: str = UNTIL,
        page: int = typer.Option(1, min=1),
        per_page: int = typer.Option(50, min=1, max=200),
    ) -> None:
        """Search the processing log; one JSON line per entry, newest first."""
        from polnet.dataprotection.console import services

        officer = _officer(as_user)
        chosen = _filters(
            user=user, unit=unit, purpose=purpose, kind=kind, record_id=record_id, since=since, until=until
        )
        found = _run(lambda: services.search_log(officer, chosen, page=page, per_page=per_page))
        for event in found.events:
            typer.echo(json.dumps(event.as_dict(), ensure_ascii=False, sort_keys=True))
        typer.echo(f"page {found.page} of {found.pages}, {found.total} entries", err=True)

    @app.command("export")
    def export_command(
        output: Path = typer.Argument(
            ..., help="The extract to write (FILE; the signature goes to FILE.sig)."
        ),
        as_user: str = AS_USER,
        user: str = USER,
        unit: str = UNIT,
        purpose: str = PURPOSE,
        kind: str = KIND,
        record_id: str = RECORD,
        since: str = SINCE,
        until: str = UNTIL,
    ) -> None:
        """Export a signed extract of the filtered log: FILE (JSON Lines) and FILE.sig."""
        from polnet.dataprotection.console import services

        officer = _officer(as_user)
        chosen = _filters(
            user=user, unit=unit, purpose=purpose, kind=kind, record_id=record_id, since=since, until=until
        )
        made = _run(lambda: services.export_log(officer, chosen))
        output.write_bytes(made.body)
        signature = output.with_name(output.name + ".sig")
        signature.write_bytes(made.signature)
        typer.echo(f"{made.count} entries to {output}, signature {signature} (key {made.key_id})")

    @app.command("history")
    def history_command(
        kind: str = typer.Argument(..., help="person, document, vehicle, firearm or artwork"),
        record_id: int = typer.Argument(...),
        as_user: str = AS_USER,
        page: int = typer.Option(1, min=1),
    ) -> None:
        """A record's access history; one JSON line per event, newest first."""
        from polnet.dataprotection.console import services

        officer = _officer(as_user)
        _, found = _run(lambda: services.access_history(officer, kind, record_id, page=page))
        for event in found.events:
            typer.echo(json.dumps(event.as_dict(), ensure_ascii=False, sort_keys=True))
        typer.echo(f"page {found.page} of {found.pages}, {found.total} events", err=True)

    @app.command("scan-alerts")
    def scan_alerts_command(
        days: int = typer.Option(1, min=1, max=90, help="How many whole days back to scan."),
        until: str = typer.Option("", help="Scan up to this ISO time (UTC) instead of now."),
    ) -> None:
        """Run the alert rules over the last days; a window that alerted before is not raised again."""
        from polnet.core.actor import system_actor
        from polnet.dataprotection.console.alerts import scan

        end = _filters(until=until).until if until else None
        raised = scan(now=end, days=days, actor=system_actor("cli"))
        for alert in raised:
            typer.echo(f"{alert.pk} {alert.kind} {alert.subject_name} {alert.window_start:%Y-%m-%d %H:%M}")
        typer.echo(f"{len(raised)} new alerts")
