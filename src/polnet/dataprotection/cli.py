"""`polnet dataprotection ...`: each part adds its commands to this group."""

from __future__ import annotations

import typer

from polnet.dataprotection.console import cli as console_cli
from polnet.dataprotection.requests import cli as requests_cli

app = typer.Typer(help="Data protection: requests, the processing log, retention.", no_args_is_help=True)
console_cli.register(app)
app.add_typer(requests_cli.app, name="requests")
app.command("escalate-requests")(requests_cli.escalate_requests)
