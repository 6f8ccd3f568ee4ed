"""`polnet notices …` commands. Django is set up by the caller before a command runs.

`ftm-export` acts as a named user (`--as`) and writes what the notice policy lets that
user read. The others act as the system operator (`system_actor("cli")`), who by the notice policy reads no
notice content. What the operator needs to keep the workflow running is metadata: which
notices exist, their kind, state, owner and dates, and the steps of their lifecycle with
who took them. That is what these commands print, and each use is audited. Content is
read through the signed-in pages and the API, under the notice policy.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from polnet.network.cli_users import AS_USER, cli_actor, refusing_politely

app = typer.Typer(help="Notices and diffusions.", no_args_is_help=True)


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "—"  # type: ignore[attr-defined]


@app.command("list")
def list_notices(
    state: str = typer.Option("", help="Only this state, e.g. requested, published."),
    kind: str = typer.Option("", help="Only this kind, e.g. red, yellow, un."),
    country: str = typer.Option("", help="Only notices of this source country (alpha-2)."),
    limit: int = typer.Option(50, min=1, max=10_000),
) -> None:
    """List notices and diffusions (metadata only), newest first."""
    from polnet.core import audit
    from polnet.core.actor import system_actor
    from polnet.notices import policy
    from polnet.notices.models import Notice

    actor = system_actor("cli")
    assert policy.reads_metadata(actor)
    qs = Notice.objects.select_related("owner_country").order_by("-id")
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(owner_country_id=country.upper())
    total = qs.count()
    rows = list(qs[:limit])
    audit.log(
        actor,
        audit.Action.SEARCH,
        "notice",
        "",
        purpose="operations",
        detail={"metadata_only": True, "state": state, "kind": kind, "country": country, "count": len(rows)},
    )
    table = Table(title=f"Notices and diffusions ({len(rows)} of {total})")
    for col in ("id", "reference", "channel", "kind", "state", "source", "submitted", "published", "review"):
        table.add_column(col)
    for n in rows:
        table.add_row(
            str(n.pk),
            n.entity_id or "—",
            n.channel,
            n.kind,
            n.state,
            n.owner_country_id or "secretariat",
            _when(n.submitted_at),
            _when(n.published_at),
            n.review_date.isoformat(),
        )
    Console().print(table)


@app.command("ftm-export")
def ftm_export(
    as_user: str = AS_USER,
    state: str = typer.Option("", help="Only this state, e.g. published."),
    kind: str = typer.Option("", help="Only this kind, e.g. red."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="The file to write; none: standard output."
    ),
) -> None:
    """Write the notices the user may see (the notice policy) as FollowTheMoney entities."""
    from polnet.notices import ftm

    actor = cli_actor(as_user)
    filters = {k: v for k, v in (("state", state), ("kind", kind)) if v}
    lines = refusing_politely(lambda: ftm.export_lines(actor, filters))
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    n = 0
    try:
        for line in lines:
            out.write(line)
            n += 1
    finally:
        if output:
            out.close()
    typer.echo(f"Exported {n} entities.", err=True)


@app.command("show")
def show_notice(pk: int) -> None:
    """One notice's metadata and lifecycle (who did what, when; not the reasons)."""
    from polnet.core import audit
    from polnet.core.actor import system_actor
    from polnet.notices import history, policy
    from polnet.notices.models import Notice

    actor = system_actor("cli")
    assert policy.reads_metadata(actor)
    notice = Notice.objects.filter(pk=pk).first()
    if notice is None:
        typer.echo(f"No notice or diffusion {pk}.", err=True)
        raise typer.Exit(1)
    audit.log(
        actor, audit.Action.READ, notice.channel, pk, purpose="operations", detail={"metadata_only": True}
    )
    console = Console()
    facts = Table(show_header=False, title=f"{notice.get_kind_display()} {notice.channel} {notice.reference}")
    facts.add_column("field")
    facts.add_column("value")
    for label, value in (
        ("state", notice.state),
        ("source", notice.owner_country_id or "secretariat"),
        ("restriction", notice.restriction + (" (bureaus only)" if notice.bureau_only else "")),
        ("created", _when(notice.created_at)),
        ("submitted", _when(notice.submitted_at)),
        ("published", _when(notice.published_at)),
        ("review date", notice.review_date.isoformat()),
        ("suspended until", notice.suspended_until.isoformat() if notice.suspended_until else "—"),
        ("public extract", notice.extract_status),
        ("pre-check findings", str(len(notice.precheck))),
    ):
        facts.add_row(label, value)
    console.print(facts)
    lifecycle = Table(title="History")
    for col in ("when", "act", "from", "to", "by"):
        lifecycle.add_column(col)
    for e in history.steps(notice):
        lifecycle.add_row(
            _when(e.at), e.act, e.from_state or "—", e.to_state, f"{e.actor_name} ({e.affiliation})"
        )
    console.print(lifecycle)


@app.command("expire")
def expire() -> None:
    """Expire notices past their review date; withdraw suspensions not resumed in time."""
    from polnet.core.actor import system_actor
    from polnet.notices.workflow import expire_overdue

    counts = expire_overdue(system_actor("cli"))
    typer.echo(f"expired: {counts['expired']}, suspensions lapsed: {counts['lapsed']}")
