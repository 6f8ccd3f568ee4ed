"""Messaging's scheduled jobs (`polnet messages purge-uploads` runs the same at once)."""

from __future__ import annotations

from datetime import timedelta

from polnet.core.actor import system_actor
from polnet.jobs import every, task
from polnet.messaging import services

UNCLAIMED_UPLOAD_AGE = timedelta(days=1)


@every(timedelta(hours=1))
@task()
def purge_unsent_uploads() -> int:
    """Delete encrypted uploads that no message claimed within a day (abandoned drafts)."""
    return services.purge_unsent_uploads(system_actor("jobs"), older_than=UNCLAIMED_UPLOAD_AGE)
