"""`polnet offline …`: a bureau builds a unit's package and shows its public key."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(help="Offline packages for disconnected posts.", no_args_is_help=True)


@app.command("build")
def build(
    unit: int = typer.Option(..., "--unit", help="The unit's number."),
    as_user: str = typer.Option(..., "--as", help="A bureau administrator of the unit's bureau."),
    since: int | None = typer.Option(None, "--since", help="Build a delta since this version."),
    notice_since: int | None = typer.Option(
        None, "--notice-since", help="With --since: only the notices changed since this notices' version."
    ),
    out: Path = typer.Option(Path("package.pkg"), "--out", help="Where to write the package."),
) -> None:
    """Build a unit's signed package (full, or a delta with --since and --notice-since)."""
    from polnet.core.errors import PolnetError
    from polnet.network.cli_users import cli_actor
    from polnet.offline.services import build_package

    try:
        data = build_package(cli_actor(as_user), unit, since, notice_since)
    except PolnetError as exc:
        typer.echo(f"Error ({exc.code}): {exc.as_dict()['detail']}", err=True)
        raise typer.Exit(2) from None
    out.write_bytes(data)
    manifest = json.loads(data.split(b"\n", 1)[0])["manifest"]
    typer.echo(json.dumps({"file": str(out), "bytes": len(data), **manifest}))


@app.command("key")
def key(bureau: str = typer.Argument(..., help="The bureau's country code.")) -> None:
    """The bureau's public key and fingerprint, to give a post out of band."""
    import base64

    from polnet.offline.services import public_key

    public, fp, hours = public_key(bureau)
    typer.echo(
        json.dumps(
            {"public_key": base64.b64encode(public).decode(), "fingerprint": fp, "max_age_hours": hours}
        )
    )
