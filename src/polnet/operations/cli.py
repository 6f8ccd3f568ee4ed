"""`polnet operations list|show|phase|results|analyse --as USER`: the same services and access as
the pages.
Django is set up by the group's callback before a command runs."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from polnet.network.cli_users import AS_USER, cli_actor, refusing_politely

app = typer.Typer(help="Joint operations: the plan, its participants and targets.", no_args_is_help=True)


@app.command("list")
def list_operations(username: str = AS_USER) -> None:
    """The operations the user takes part in: id, code name, phase, active dates."""
    from polnet.operations import policy

    for op in policy.visible_operations(cli_actor(username))[:500]:
        typer.echo(f"{op.pk}\t{op.code_name}\t{op.phase}\t{op.active_on}\t{op.active_until}")


@app.command("show")
def show(operation_id: int, username: str = AS_USER) -> None:
    """The plan as the user may read it (targets only for those who read personal data)."""
    from polnet.operations.plan import services
    from polnet.operations.plan.schemas import detail_out

    actor = cli_actor(username)
    op = refusing_politely(lambda: services.get_operation(actor, operation_id))
    typer.echo(json.dumps(detail_out(actor, op), indent=2, ensure_ascii=False, default=str))


@app.command("phase")
def phase(operation_id: int, to: str, username: str = AS_USER) -> None:
    """Move the operation forward to a phase: active, closing or closed (the coordinator)."""
    from polnet.operations.plan import services

    actor = cli_actor(username)
    op = refusing_politely(lambda: services.move_phase(actor, operation_id, to))
    typer.echo(f"{op.code_name}: {op.phase}")


@app.command("results")
def results(
    operation_id: int,
    username: str = AS_USER,
    pdf: Path | None = typer.Option(None, help="Write the final report's PDF to this file."),
    csv: Path | None = typer.Option(None, help="Write the seizures and arrests as CSV (participants only)."),
) -> None:
    """The results as the user may read them: the headline, totals by category and country."""
    from polnet.operations.plan import services
    from polnet.operations.reports import export
    from polnet.operations.reports import results as computed
    from polnet.operations.reports import services as reports

    actor = cli_actor(username)
    op = refusing_politely(lambda: services.get_operation(actor, operation_id))
    r = computed.results_for(actor, op)
    typer.echo(f"{op.code_name} ({op.handling_code}): {r.headline}")
    for row in export.category_rows(r)[1:]:
        typer.echo("  " + "\t".join(str(v) for v in row))
    for c in r.countries:
        typer.echo(f"  {c['country']}\t{c['reports']}\t{c['value_eur']} EUR\t{c['arrests']}")
    if csv is not None:
        csv.write_text(refusing_politely(lambda: reports.report_csv(actor, op)), encoding="utf-8")
        typer.echo(f"CSV: {csv}")
    if pdf is not None:
        pdf.write_bytes(export.pdf(op, r))
        typer.echo(f"PDF: {pdf}")


@app.command("analyse")
def analyse(operation_id: int, username: str = AS_USER) -> None:
    """Open the operation's analysis project (an analyst of a bureau taking part, once the
    operation is closing or closed), or find it if it is open: its id, what was added, what
    was left out."""
    from polnet.operations import handover

    actor = cli_actor(username)
    opened = refusing_politely(lambda: handover.open_analysis(actor, operation_id))
    state = "opened" if opened.created else "already open"
    typer.echo(f"{opened.project.pk}\t{opened.project.name}\t{state}")
    for kind, n in sorted(opened.added.items()):
        typer.echo(f"added\t{kind}\t{n}")
    for reason, n in sorted(opened.left_out.items()):
        typer.echo(f"left out\t{reason}\t{n}")
