"""`polnet analysis duplicates <project> --as <analyst>`: entity resolution from the terminal.

It runs as the named analyst, with that analyst's access: the persons compared and the pairs
printed are those the analyst may see, and the run is audited in the project like one
started from the page. Django is set up by the caller before a command runs.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="Entity resolution across bureaus.", no_args_is_help=True)


@app.command("duplicates")
def duplicates(
    project: int = typer.Argument(..., help="The project's id."),
    username: str = typer.Option(
        ..., "--as", help="The analyst on whose behalf (and with whose access) to run."
    ),
    threshold: float = typer.Option(0.8, min=0.01, max=0.99, help="Keep pairs from this match probability."),
    queue: bool = typer.Option(False, help="Leave the run to the job queue instead of running it here."),
    show: int = typer.Option(20, min=0, max=10_000, help="How many pairs to print."),
) -> None:
    """Look for persons recorded by several bureaus (or in notices) who are one human being."""
    from polnet.analysis.resolution import labels, services
    from polnet.core.errors import PolnetError
    from polnet.network.actors import actor_for
    from polnet.network.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        typer.echo(f"No active user {username!r}.", err=True)
        raise typer.Exit(2)
    actor = actor_for(user, origin="cli")
    try:
        run = services.start_run(actor, project, threshold=threshold, at_once=not queue)
    except PolnetError as exc:
        typer.echo(f"{exc.code}: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    console = Console()
    state = services.run_state(actor, run)
    console.print(
        f"Run {run.pk}: {run.status}; persons compared: {state['persons']}; pairs: {state['pairs']}; "
        f"backend {run.backend}; {labels.training_label(run.training_note)}"
    )
    if run.status != "done" or not show:
        return
    table = Table(title=f"Candidate pairs (probability >= {run.threshold})")
    for column in ("pair", "left", "right", "probability", "same country", "comparisons"):
        table.add_column(column)
    for pair in services.list_pairs(actor, project, run_id=run.pk, limit=show):
        levels = ", ".join(f"{c['comparison']}={c['level']}" for c in pair.comparisons)
        same = "yes" if pair.same_country else ""
        table.add_row(str(pair.pk), pair.left, pair.right, f"{pair.probability:.4f}", same, levels)
    console.print(table)
