"""Analysis's background work: keep the checks rollup of the trends current, and run
entity resolution over large sets."""

from __future__ import annotations

from datetime import timedelta

from polnet.analysis.trends import services as trends
from polnet.jobs import every, task


@every(timedelta(minutes=1))
@task()
def fold_check_rollup() -> dict[str, int]:
    """Fold new query-log rows into the trends' rollup (idempotent: by id watermark)."""
    return {"folded": trends.fold_checks()}


@task()
def resolve_duplicates(run_id: int) -> None:
    """Entity resolution over what the analyst who started the run may see."""
    from polnet.analysis.resolution import services

    services.execute_run(run_id)
