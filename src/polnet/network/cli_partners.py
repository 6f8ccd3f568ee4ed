"""`polnet partners ...`: partner organisations and their people, created by the operator.

A partner organisation (a regional police body, a UN office, a police academy) shares the
learning centre and nothing of the police data (`docs/training.md`)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Partner organisations of the learning centre.", no_args_is_help=True)


@app.command("add")
def add(
    name: str = typer.Argument(..., help="The organisation's full name."),
    kind: str = typer.Option(
        ...,
        help="regional_police_body, un_office, international_organisation, "
        "police_academy or training_institution.",
    ),
    short_name: str = typer.Option("", "--short", help="The short name shown in lists."),
    country: str = typer.Option("", help="ISO alpha-2 code of its seat, if any."),
    city: str = typer.Option(""),
) -> None:
    """Add a partner organisation."""
    from polnet.core.actor import system_actor
    from polnet.core.errors import PolnetError
    from polnet.network.services import create_partner

    try:
        partner = create_partner(
            system_actor(), name, kind=kind, short_name=short_name, country_code=country, city=city
        )
    except PolnetError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Partner {partner.pk}: {partner.name}")


@app.command("list")
def list_partners() -> None:
    """The partner organisations and how many people each has."""
    from django.db.models import Count

    from polnet.network.models import Partner

    for partner in Partner.objects.annotate(people=Count("users")).order_by("name"):
        state = "" if partner.active else "  (inactive)"
        typer.echo(f"{partner.pk:>4}  {partner.name}  [{partner.kind}]  {partner.people} people{state}")


@app.command("add-user")
def add_user(
    partner_id: int = typer.Argument(..., help="The partner organisation's number (`polnet partners list`)."),
    username: str = typer.Argument(...),
    role: str = typer.Option("partner", help="partner (takes courses) or trainer (also writes them)."),
    first_name: str = typer.Option("", "--first-name"),
    last_name: str = typer.Option("", "--last-name"),
    email: str = typer.Option(""),
) -> None:
    """Add a person of a partner organisation. They set their password and second factor at
    their first sign-in with the one-time password printed here."""
    import secrets

    from polnet.core.actor import system_actor
    from polnet.core.errors import PolnetError
    from polnet.network.models import Partner
    from polnet.network.services import create_user

    partner = Partner.objects.filter(pk=partner_id, active=True).first()
    if partner is None:
        typer.echo(f"No active partner organisation {partner_id}.", err=True)
        raise typer.Exit(2)
    first_password = secrets.token_urlsafe(12)
    try:
        user = create_user(
            system_actor(),
            username=username,
            password=first_password,
            role=role,
            partner=partner,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
    except PolnetError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    user.must_set_password = True
    user.save(update_fields=["must_set_password"])
    typer.echo(f"User {user.username} ({role}) of {partner.name}; first password: {first_password}")
