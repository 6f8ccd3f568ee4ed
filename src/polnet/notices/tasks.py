"""Notices' scheduled jobs (`polnet notices expire` runs the same at once)."""

from __future__ import annotations

from datetime import timedelta

from polnet.core.actor import system_actor
from polnet.jobs import every, task
from polnet.notices import workflow


@every(timedelta(hours=1))
@task()
def expire_overdue_notices() -> dict[str, int]:
    """Expire notices past their review date and end suspensions not resumed in time."""
    return workflow.expire_overdue(system_actor("jobs"))
