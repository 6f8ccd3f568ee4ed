"""`polnet analysis …` commands. Django is set up by the caller before a command runs.

Each command acts for a named analyst (`--as`), with that analyst's access, as the API would:
the same services decide what the analyst may see and do, and audit it with the project as
the purpose.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import typer

from polnet.analysis.graph import cli as graph_cli
from polnet.analysis.reports import cli as reports_cli
from polnet.analysis.resolution import cli as resolution_cli
from polnet.analysis.trends import cli as trends_cli
from polnet.network.cli_users import cli_actor

app = typer.Typer(help="Analysis projects and their contributions.", no_args_is_help=True)

AS_USER = typer.Option(..., "--as", help="The analyst on whose behalf (and with whose access) to act.")


_actor = cli_actor


def _run(act: Any) -> Any:
    from polnet.core.errors import PolnetError

    try:
        return act()
    except PolnetError as exc:
        typer.echo(f"Error ({exc.code}): {exc.as_dict()['detail']}", err=True)
        raise typer.Exit(1 if exc.status == 409 else 2) from None


def _echo(data: dict[str, Any]) -> None:
    typer.echo(json.dumps(data, default=str, ensure_ascii=False))


@app.command("projects")
def list_projects(as_user: str = AS_USER) -> None:
    """The projects the analyst's party takes part in, newest first."""
    from rich.console import Console
    from rich.table import Table

    from polnet.analysis import services

    actor = _actor(as_user)
    _run(lambda: services.require_analyst(actor))
    table = Table(title="Analysis projects")
    for column in ("id", "name", "crime area", "purpose", "handling", "owner", "participants", "closed"):
        table.add_column(column)
    for p in services.projects(actor).prefetch_related("participations"):
        parties = ", ".join(services.party_name(x.country_id) for x in p.participations.all())
        table.add_row(
            str(p.pk),
            p.name,
            p.crime_area,
            p.purpose,
            p.handling_code,
            services.party_name(p.owner_country_id),
            parties,
            f"{p.closed_at:%Y-%m-%d}" if p.closed_at else "",
        )
    Console().print(table)


@app.command("open")
def open_project(
    name: str = typer.Argument(..., help="The project's name."),
    as_user: str = AS_USER,
    purpose: str = typer.Option(..., help="A listed purpose, e.g. investigation, threat_analysis."),
    crime_area: str = typer.Option(..., help="e.g. people_smuggling, drugs, firearms."),
    review_date: str = typer.Option(..., help="YYYY-MM-DD, at most five years ahead."),
    handling_code: str = typer.Option("H0", help="H0, H1, H2 or H3."),
    participant: list[str] = typer.Option([], "--participant", help="A member country invited (repeat)."),
) -> None:
    """Open a project for the analyst's party."""
    from polnet.analysis import services

    actor = _actor(as_user)
    try:
        review = date.fromisoformat(review_date)
    except ValueError:
        typer.echo("Error: --review-date must be YYYY-MM-DD.", err=True)
        raise typer.Exit(2) from None
    project = _run(
        lambda: services.open_project(
            actor,
            name=name,
            purpose=purpose,
            crime_area=crime_area,
            review_date=review,
            handling_code=handling_code,
            participants=[c.upper() for c in participant],
        )
    )
    _echo({"id": project.pk, "name": project.name, "audit_purpose": project.audit_purpose})


@app.command("invite")
def invite(
    project_id: int = typer.Argument(..., help="The project's number."),
    party: str = typer.Argument(..., help="A member country (alpha-2), or 'secretariat'."),
    as_user: str = AS_USER,
) -> None:
    """Invite a bureau, or the secretariat, to take part."""
    from polnet.analysis import services

    actor = _actor(as_user)
    p = _run(lambda: services.invite(actor, project_id, party))
    _echo({"project": project_id, "party": services.party_name(p.country_id), "invited_at": p.invited_at})


@app.command("contribute")
def contribute(
    project_id: int = typer.Argument(..., help="The project's number."),
    kind: str = typer.Argument(
        ..., help="person, document, vehicle, firearm, artwork, notice, hit, list_row, or text."
    ),
    object_id: int | None = typer.Argument(None, help="The object's number (not for a text)."),
    as_user: str = AS_USER,
    note: str = typer.Option("", help="Why an object matters."),
    text: str = typer.Option("", help="The information (kind text)."),
    reliability: str = typer.Option("", help="A text's source: A, B, C or X."),
    accuracy: str = typer.Option("", help="A text's accuracy: 1, 2, 3 or 4."),
    handling_code: str = typer.Option("", help="A text's handling code: H0 to H3."),
    only: list[str] = typer.Option([], "--only", help="A text only for this participant country (repeat)."),
) -> None:
    """Contribute a record, notice, hit or passenger-list result the analyst may see, or a text."""
    from polnet.analysis import contributions

    actor = _actor(as_user)
    data = {
        "kind": kind,
        "object_id": object_id,
        "note": note,
        "text": text,
        "source_reliability": reliability.upper(),
        "information_accuracy": accuracy,
        "handling_code": handling_code.upper(),
        "restriction": "only_listed" if only else "all",
        "listed_countries": [c.upper() for c in only],
    }
    c = _run(lambda: contributions.add(actor, project_id, data))
    _echo({"id": c.pk, "project": project_id, "kind": c.kind, "object_id": c.object_id})


@app.command("contributions")
def list_contributions(
    project_id: int = typer.Argument(..., help="The project's number."),
    as_user: str = AS_USER,
) -> None:
    """The contributions the analyst may read, newest first (audited)."""
    from polnet.analysis import contributions

    actor = _actor(as_user)
    page = _run(lambda: contributions.list_contributions(actor, project_id, limit=contributions.MAX_PAGE))
    for s in page.rows:
        _echo(
            {
                "id": s.contribution.pk,
                "kind": s.kind,
                "object_id": s.contribution.object_id,
                "party": s.party,
                "label": s.label,
                "evaluation": s.evaluation,
                "handling_code": s.handling_code,
            }
        )


# The parts' own commands, at this group's level (polnet analysis trends, report-pdf, ...).
app.add_typer(graph_cli.app)
app.add_typer(resolution_cli.app)
app.add_typer(trends_cli.app)
app.add_typer(reports_cli.app)
