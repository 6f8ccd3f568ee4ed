"""The user a command acts as (`--as NAME`): their own access decides what it may do.

Imports Django's models only when called, so that a command module may import this before
Django starts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer

from polnet.core.actor import Actor

T = TypeVar("T")

# The `--as NAME` option of a command that acts as a user.
AS_USER = typer.Option(..., "--as", help="The user acting (their access decides).")


def cli_actor(username: str) -> Actor:
    """The active user of that name as an actor from the command line; exits 2 if none."""
    from polnet.network.actors import actor_for
    from polnet.network.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        typer.echo(f"No active user {username!r}.", err=True)
        raise typer.Exit(2)
    return actor_for(user, origin="cli")


def refusing_politely(act: Callable[[], T]) -> T:
    """Run ``act``; a refusal (bad input, no access) is printed as its code and message, exit 1."""
    from polnet.core.errors import PolnetError

    try:
        return act()
    except PolnetError as exc:
        typer.echo(f"{exc.code}: {exc.message}", err=True)
        raise typer.Exit(1) from None
