"""The user a command acts as (`--as NAME`): their own access decides what it may do.

Imports Django's models only when called, so that a command module may import this before
Django starts."""

from __future__ import annotations

import typer

from polnet.core.actor import Actor


def cli_actor(username: str) -> Actor:
    """The active user of that name as an actor from the command line; exits 2 if none."""
    from polnet.network.actors import actor_for
    from polnet.network.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        typer.echo(f"No active user {username!r}.", err=True)
        raise typer.Exit(2)
    return actor_for(user, origin="cli")
