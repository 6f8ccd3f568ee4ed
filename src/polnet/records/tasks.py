"""Records' scheduled jobs (`polnet records expire` runs the same at once)."""

from __future__ import annotations

from datetime import timedelta

from polnet.core.actor import system_actor
from polnet.jobs import every, task
from polnet.records import photos, services


@every(timedelta(hours=1))
@task()
def expire_overdue_records() -> dict[str, int]:
    """Mark records past their review date as expired."""
    return services.expire_overdue(system_actor("jobs"))


@every(timedelta(hours=6))
@task()
def sweep_photo_files() -> int:
    """Delete photo files that no record's photo names any more (`records.photos`)."""
    return photos.sweep_orphan_files(system_actor("jobs"))
