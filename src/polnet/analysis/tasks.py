"""Analysis's scheduled work: keep the checks rollup of the trends current."""

from __future__ import annotations

from datetime import timedelta

from polnet.analysis.trends import services as trends
from polnet.jobs import every, task


@every(timedelta(minutes=1))
@task()
def fold_check_rollup() -> dict[str, int]:
    """Fold new query-log rows into the trends' rollup (idempotent: by id watermark)."""
    return {"folded": trends.fold_checks()}
