"""The analysis app's background jobs."""

from __future__ import annotations

from polnet.jobs import task


@task()
def resolve_duplicates(run_id: int) -> None:
    """Entity resolution over what the analyst who started the run may see."""
    from polnet.analysis.resolution import services

    services.execute_run(run_id)
