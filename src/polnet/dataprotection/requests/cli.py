"""`polnet dataprotection requests ...` and `polnet dataprotection escalate-requests`. Each
command acts as a named user (`--as`), whose access decides, as on the pages. Django is set
up by the group's callback before a command runs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer

from polnet.network.cli_users import cli_actor

app = typer.Typer(help="Requests from individuals: access, correction, deletion.", no_args_is_help=True)
AS_USER = typer.Option(..., "--as", help="The user acting (their access decides).")


_actor = cli_actor


def _run(act: Any) -> Any:
    from polnet.core.errors import PolnetError

    try:
        return act()
    except PolnetError as exc:
        typer.echo(f"{exc.code}: {exc.message}", err=True)
        raise typer.Exit(1) from None


def _echo(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@app.command("list")
def list_requests(username: str = AS_USER) -> None:
    """The requests the user may open, newest first."""
    from polnet.dataprotection.requests import services
    from polnet.dataprotection.requests.schemas import summary_out

    for r in services.visible_requests(_actor(username))[:500]:
        s = summary_out(r)
        typer.echo(f"{s['id']}\t{s['reference']}\t{s['kind']}\t{s['state']}\t{s['deadline']}")


@app.command("register")
def register(
    name: list[str] = typer.Option(..., "--name", help="A name of the requester, as written (repeat)."),
    kind: str = typer.Option("access", help="access, correction or deletion."),
    language: str = typer.Option("en", help="The letter's language: ar, en, es or fr."),
    received: str = typer.Option(..., help="The date received, YYYY-MM-DD."),
    date_of_birth: str = typer.Option("", help="YYYY, YYYY-MM or YYYY-MM-DD."),
    nationality: str = typer.Option("", help="ISO alpha-2."),
    document_number: str = typer.Option("", help="The number of the identity document given."),
    document: list[Path] = typer.Option(
        [], "--document", help="A copy of an identity document (PDF, JPEG, PNG)."
    ),
    username: str = AS_USER,
) -> None:
    """Register a request received by the user's bureau or by the control body."""
    from polnet.dataprotection.requests import services

    try:
        received_on = date.fromisoformat(received)
    except ValueError:
        typer.echo("--received: use YYYY-MM-DD.", err=True)
        raise typer.Exit(2) from None
    req = _run(
        lambda: services.register(
            _actor(username),
            kind=kind,
            names=name,
            language=language,
            received_on=received_on,
            date_of_birth=date_of_birth,
            nationality=nationality,
            document_number=document_number,
            documents=[p.read_bytes() for p in document],
        )
    )
    typer.echo(f"{req.pk}\t{req.reference}\tdeadline {req.deadline}")


@app.command("show")
def show(request: int = typer.Argument(..., help="The request's id."), username: str = AS_USER) -> None:
    """The case as JSON: findings with score and owner, consultations, decision."""
    from polnet.dataprotection.requests import services
    from polnet.dataprotection.requests.schemas import request_out

    actor = _actor(username)
    _echo(request_out(_run(lambda: services.open_request(actor, request)), actor))


@app.command("find")
def find(request: int = typer.Argument(..., help="The request's id."), username: str = AS_USER) -> None:
    """Search every database for the requester (the control body)."""
    from polnet.dataprotection.requests import services

    for f in _run(lambda: services.find(_actor(username), request)):
        typer.echo(f"{f.pk}\t{f.item_kind}:{f.item_id}\t{f.owner_country_id or '-'}\t{f.score:.3f}\t{f.why}")


@app.command("consult")
def consult(request: int = typer.Argument(..., help="The request's id."), username: str = AS_USER) -> None:
    """Ask each owner bureau about its items."""
    from polnet.dataprotection.requests import services

    for c in _run(lambda: services.consult(_actor(username), request)):
        typer.echo(f"{c.pk}\t{c.owner_country_id}\tdeadline {c.deadline}")


@app.command("consultations")
def consultations(username: str = AS_USER) -> None:
    """The consultations the user's bureau is asked to answer."""
    from polnet.dataprotection.requests import services

    for c in services.my_consultations(_actor(username)):
        typer.echo(f"{c.pk}\t{c.request.reference}\t{c.deadline}\t{c.answer or '-'}")


@app.command("answer")
def answer(
    consultation: int = typer.Argument(..., help="The consultation's id."),
    verdict: str = typer.Option(..., "--answer", help="disclose, correct, delete or refuse."),
    reasons: str = typer.Option("", help="Why (required unless disclose)."),
    username: str = AS_USER,
) -> None:
    """The owner bureau's answer about its data."""
    from polnet.dataprotection.requests import services

    c = _run(
        lambda: services.answer_consultation(_actor(username), consultation, answer=verdict, reasons=reasons)
    )
    typer.echo(f"{c.pk}\t{c.answer}")


@app.command("decide")
def decide(
    request: int = typer.Argument(..., help="The request's id."),
    verdicts: Path = typer.Option(
        ..., help='A JSON file: {"<finding id>": {"verdict", "reasons", "correction"}}.'
    ),
    reasons: str = typer.Option("", help="The decision's reasons."),
    username: str = AS_USER,
) -> None:
    """Record the decision on every item; corrections and deletions are carried out."""
    from polnet.dataprotection.requests import services

    try:
        raw = json.loads(verdicts.read_text())
        items = {
            int(k): services.ItemVerdict(v["verdict"], v.get("reasons", ""), v.get("correction"))
            for k, v in raw.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        typer.echo("--verdicts: not a readable JSON object of verdicts.", err=True)
        raise typer.Exit(2) from None
    req = _run(lambda: services.decide(_actor(username), request, items, reasons=reasons))
    typer.echo(f"{req.reference}\t{req.outcome}")


@app.command("letter")
def letter(
    request: int = typer.Argument(..., help="The request's id."),
    output: Path = typer.Option(..., "-o", "--output", help="The PDF file to write."),
    username: str = AS_USER,
) -> None:
    """Write the answer letter, in the requester's language."""
    from polnet.dataprotection.requests import services

    _req, data = _run(lambda: services.letter(_actor(username), request))
    output.write_bytes(data)
    typer.echo(f"{output} ({len(data)} bytes)")


@app.command("answered")
def answered(request: int = typer.Argument(..., help="The request's id."), username: str = AS_USER) -> None:
    """Record that the letter went out."""
    from polnet.dataprotection.requests import services

    req = _run(lambda: services.mark_answered(_actor(username), request))
    typer.echo(f"{req.reference}\tanswered {req.answered_on}")


@app.command("stats")
def stats(username: str = AS_USER) -> None:
    """Requests received, answered on time, outcomes."""
    from polnet.dataprotection.requests import services

    _echo(services.statistics(_actor(username)))


def escalate_requests() -> None:
    """Flag to the control body the owners' consultations past their deadline (once each)."""
    from polnet.dataprotection.requests import services

    typer.echo(f"escalated {services.escalate_overdue()}")
