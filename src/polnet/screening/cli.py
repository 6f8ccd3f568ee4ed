"""`polnet hits …` commands. Django is set up by the caller before a command runs.

`answer` acts for a named user, with that user's access, as the API would: the same service
decides who may answer. `escalate` does at once what the scheduled job does every minute.
"""

from __future__ import annotations

import json

import typer

app = typer.Typer(help="Hits: the owner's answer and overdue hits.", no_args_is_help=True)


@app.command("answer")
def answer(
    hit_id: int = typer.Argument(..., help="The hit's number."),
    as_user: str = typer.Option(..., "--as", help="The user who answers (of the owner bureau)."),
    state: str = typer.Option(..., help="confirmed, not_same or withdrawn."),
    reason: str = typer.Option("", help="Required for not_same and withdrawn."),
) -> None:
    """Confirm a hit, say it is not the same, or withdraw it."""
    from polnet.core.errors import PolnetError
    from polnet.network.actors import actor_for
    from polnet.network.models import User
    from polnet.screening.confirmation import answer_hit

    user = User.objects.filter(username=as_user, is_active=True).first()
    if user is None:
        typer.echo(f"No active user {as_user!r}.", err=True)
        raise typer.Exit(2)
    try:
        hit = answer_hit(actor_for(user, origin="cli"), hit_id, state, reason)
    except PolnetError as exc:
        typer.echo(f"Error ({exc.code}): {exc.as_dict()['detail']}", err=True)
        raise typer.Exit(1 if exc.status == 409 else 2) from None
    typer.echo(json.dumps({"id": hit.pk, "state": hit.state, "at": str(hit.state_at)}))


@app.command("escalate")
def escalate() -> None:
    """Send the hits not answered by their deadline to the secretariat's queue now."""
    from polnet.screening.confirmation import escalate_overdue

    typer.echo(f"Hits escalated: {escalate_overdue()}")
