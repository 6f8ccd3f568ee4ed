"""`polnet training certificates ...`: list and revoke certificates from the command line.
Each command acts as a named user (`--as`), whose access decides, as on the pages. Django is
set up by the group's callback before a command runs."""

from __future__ import annotations

import json

import typer

from polnet.network.cli_users import AS_USER, cli_actor
from polnet.network.cli_users import refusing_politely as _run

app = typer.Typer(help="Certificates: list, revoke.", no_args_is_help=True)


@app.command("list")
def list_certificates(
    username: str = AS_USER,
    renewals: bool = typer.Option(False, "--renewals", help="Only the user's own certificates to renew."),
) -> None:
    """The certificates the user may read (their own, their staff's), newest first, as JSON."""
    from polnet.training.certificates import services
    from polnet.training.certificates.schemas import certificate_out

    actor = cli_actor(username)
    rows = services.renewals_due(actor) if renewals else list(services.readable(actor)[:1000])
    typer.echo(json.dumps([certificate_out(c) for c in rows], indent=2, ensure_ascii=False, default=str))


@app.command("revoke")
def revoke(
    certificate_id: int = typer.Argument(..., help="The certificate's number."),
    reason: str = typer.Option(..., "--reason", help="Why it is revoked (kept in the audit log)."),
    username: str = AS_USER,
) -> None:
    """Revoke a certificate the user's party issued."""
    from polnet.training.certificates import services

    cert = _run(lambda: services.revoke(cli_actor(username), certificate_id, reason))
    typer.echo(f"{cert.code}\trevoked")
