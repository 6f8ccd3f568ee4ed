"""`polnet post …`: the offline side on a post's machine. No Django, no database server."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any, NoReturn

import typer

from polnet.post.i18n import N_, Refusal, catalog, cli_language
from polnet.post.store import Post, PostError

app = typer.Typer(help="A disconnected post: apply packages, check, sync hits.", no_args_is_help=True)

REFUSED = N_("Refused (%(code)s): %(message)s")
OPEN_TO_NETWORK = N_(
    "Warning: the page is open to the network at %(address)s, without sign-in: anyone who reaches "
    "it can run checks. Prefer 127.0.0.1 unless the network is the post's own."
)


def _post() -> Post:
    return Post(Path(os.environ.get("POLNET_POST_DIR", "polnet-post")).resolve())


def _(msgid: str) -> str:
    """In the terminal's language (`i18n.cli_language`)."""
    return catalog(cli_language()).gettext(msgid)


def _fail(exc: Refusal) -> NoReturn:
    message = exc.message_in(catalog(cli_language()))
    typer.echo(_(REFUSED) % {"code": exc.code, "message": message}, err=True)
    raise typer.Exit(2)


@app.command("init")
def init(
    public_key: str = typer.Option(..., help="The bureau's public key (base64)."),
    fingerprint: str = typer.Option(..., help="Its fingerprint, as your bureau gave it out of band."),
    unit: int = typer.Option(..., help="This post's unit number."),
    bureau: str = typer.Option(..., help="The bureau's country code."),
    server: str = typer.Option("", help="The server's address, for sync."),
) -> None:
    """Trust the bureau's key (after comparing its fingerprint)."""
    try:
        key = base64.b64decode(public_key, validate=True)
    except ValueError:
        _fail(
            PostError(
                "public_key_invalid", "This is not a bureau public key: copy it again from your bureau."
            )
        )
    try:
        _post().init(key, fingerprint, unit=unit, bureau=bureau, server=server)
    except PostError as exc:
        _fail(exc)
    typer.echo(_("The bureau key is trusted."))


@app.command("apply")
def apply(file: Path = typer.Argument(..., help="The package file.")) -> None:
    """Verify and apply a full package or a delta."""
    try:
        data = file.read_bytes()
    except OSError:
        _fail(PostError("file_unreadable", "This file cannot be read: %(file)s.", file=str(file)))
    try:
        m = _post().apply(data)
    except Refusal as exc:
        _fail(exc)
    # Both feeds' positions: the bureau builds the next delta since them (--since, --notice-since).
    held = {"version": m["version"], "notice_version": m.get("notice_version")}
    typer.echo(json.dumps({**held, "expires_at": m["expires_at"], "counts": m["counts"]}))


def _show(results: list[Any]) -> None:
    cat = catalog(cli_language())
    for r in results:
        for warning in r.warnings:
            typer.echo(warning.render(cat), err=True)
        typer.echo(json.dumps(r.public(cat), ensure_ascii=False))


@app.command("check")
def check(
    name: str = typer.Option("", help="A person's name."),
    dob: str = typer.Option("", help="Their date of birth (YYYY, YYYY-MM or YYYY-MM-DD)."),
    document: str = typer.Option("", help="A document number."),
    country: str = typer.Option("", help="The document's issuing country."),
    mrz: str = typer.Option("", help="A whole machine-readable zone."),
    vin: str = typer.Option("", help="A vehicle's VIN."),
    plate: str = typer.Option("", help="A number plate."),
    serial: str = typer.Option("", help="A firearm's serial number."),
    location: str = typer.Option("", help="Where the check is made."),
) -> None:
    """Screen locally; hits wait in the queue for sync."""
    from polnet.post import check as local

    post = _post()
    try:
        if mrz:
            _show(local.check_mrz(post, mrz, location))
        elif document:
            _show([local.check_document(post, document, country, location)])
        elif name:
            _show([local.check_person(post, name, dob, location)])
        elif vin or plate:
            _show([local.check_vehicle(post, vin, plate, location)])
        elif serial:
            _show([local.check_firearm(post, serial, location)])
        else:
            raise PostError(
                "nothing_to_check", "Give a name, a document, an MRZ, a VIN or plate, or a serial."
            )
    except PostError as exc:
        _fail(exc)


@app.command("sync")
def sync(token: str = typer.Option(..., envvar="POLNET_POST_TOKEN", help="The unit's API token.")) -> None:
    """Upload the queued hits; each is made once on the server."""
    from polnet.post.sync import upload

    try:
        typer.echo(json.dumps(upload(_post(), token)))
    except PostError as exc:
        if exc.code == "server_unreachable":  # try again later: not a refusal
            typer.echo(exc.message_in(catalog(cli_language())), err=True)
            raise typer.Exit(1) from None
        _fail(exc)


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", help="The address to listen at (this machine only by default)."),
    port: int = typer.Option(8765, help="The port."),
    token: str = typer.Option("", envvar="POLNET_POST_TOKEN", help="The unit's API token, to upload hits."),
) -> None:
    """A local web page for the checks, the hit queue and sync (standard library only)."""
    from polnet.post import web

    try:
        language = os.environ.get("POLNET_POST_LANG", "")
        httpd, page = web.server(_post().folder, host, port, token=token, language=language)
    except PostError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(PostError("port_unavailable", "The page cannot listen there (%(reason)s).", reason=str(exc)))
    if host not in web.LOOPBACK:
        typer.echo(_(OPEN_TO_NETWORK) % {"address": page.origin}, err=True)
    typer.echo(_("The post's page: %(address)s/ (Ctrl-C stops it).") % {"address": page.origin})
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
