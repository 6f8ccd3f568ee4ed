"""`polnet dataprotection ...`: each part adds its commands to this group."""

from __future__ import annotations

import typer

app = typer.Typer(help="Data protection: requests, the processing log, retention.", no_args_is_help=True)
