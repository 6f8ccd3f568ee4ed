"""`polnet import FILE --kind KIND --as USER` and `polnet feeds list|show|confirm`: the same
services and access as the API and the pages, with a progress bar.
Django is set up before a command runs."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from polnet.network.cli_users import AS_USER, cli_actor, refusing_politely

app = typer.Typer(help="Bulk sync from national systems: batches and full syncs.", no_args_is_help=True)


def _file_chunks(path: Path) -> list[bytes]:
    return [path.read_bytes()]


def _report(batch: object) -> None:
    from polnet.feeds.schemas import batch_out

    out = batch_out(batch)  # type: ignore[arg-type]
    errors = out.pop("errors")
    typer.echo(json.dumps(out, indent=2, default=str, ensure_ascii=False))
    for e in errors:  # type: ignore[attr-defined]
        typer.echo(f"row {e['row']}\t{e['ref']}\t{e['field']}\t{e['code']}: {e['message']}")


def import_file(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV or JSON Lines"),
    kind: str = typer.Option(..., "--kind", help="person, document, vehicle, firearm or artwork"),
    username: str = AS_USER,
    fmt: str = typer.Option("", "--format", help="csv or jsonl; by default from the file's name"),
    full_sync: bool = typer.Option(
        False, "--full-sync", help="Delete what the file leaves out, once confirmed"
    ),
    apply_valid_only: bool = typer.Option(
        False, "--apply-valid-only", help="Apply the valid rows of a batch with invalid ones"
    ),
) -> None:
    """Import a batch here and now (as its job would), showing its progress and report."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from polnet.feeds import services

    actor = cli_actor(username)
    with path.open("rb") as handle:
        batch = refusing_politely(
            lambda: services.submit(
                actor,
                kind,
                iter(lambda: handle.read(1 << 20), b""),
                file_name=path.name,
                fmt=fmt,
                full_sync=full_sync,
                apply_valid_only=apply_valid_only,
                enqueue=False,
            )
        )
    columns = (
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns) as progress:
        tasks: dict[str, object] = {}

        def show(b: object) -> None:
            status = str(b.status)  # type: ignore[attr-defined]
            if status not in tasks:
                tasks[status] = progress.add_task(status, total=None, counts="")
            counts = f"applied {b.rows_applied:,} · unchanged {b.unchanged:,} · invalid {b.rows_failed:,}"  # type: ignore[attr-defined]
            progress.update(tasks[status], completed=b.rows_read, counts=counts)  # type: ignore[arg-type,attr-defined]

        batch = services.run(batch.pk, on_progress=show)
    _report(batch)
    if batch.status == "awaiting":
        typer.echo(
            f"{batch.would_delete} records would be deleted: confirm with "
            f"`polnet feeds confirm {batch.pk} {batch.would_delete} --as {username}`"
        )
    if batch.status in ("rejected", "failed"):
        raise typer.Exit(1)


@app.command("list")
def list_batches(username: str = AS_USER) -> None:
    """The bureau's batches: id, database, status, rows read, applied, invalid."""
    from polnet.feeds import services

    for b in services.visible_batches(cli_actor(username))[:200]:
        typer.echo(f"{b.pk}\t{b.kind}\t{b.status}\t{b.rows_read}\t{b.rows_applied}\t{b.rows_failed}")


@app.command("show")
def show(batch_id: int, username: str = AS_USER) -> None:
    """A batch: counts and error report."""
    from polnet.feeds import services

    actor = cli_actor(username)
    _report(refusing_politely(lambda: services.get_batch(actor, batch_id)))


@app.command("confirm")
def confirm(batch_id: int, count: int, username: str = AS_USER) -> None:
    """Confirm a full sync's deletions by their number, and delete them now."""
    from polnet.feeds import services

    actor = cli_actor(username)
    refusing_politely(lambda: services.confirm(actor, batch_id, count, enqueue=False))
    _report(services.sweep(batch_id))
