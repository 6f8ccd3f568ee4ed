"""Data protection's scheduled jobs: retention (`polnet housekeeping` does all of it at once),
the console's alerts on unusual processing (`polnet dataprotection scan-alerts`) and the
requests' consultations past their deadline (`polnet dataprotection escalate-requests`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from polnet.core.actor import system_actor
from polnet.dataprotection import retention
from polnet.jobs import every, task


@every(timedelta(days=1))
@task()
def warn_of_review_dates() -> dict[str, int]:
    """Tell each owner bureau what reaches its review date within the notice period."""
    return vars(retention.warn(system_actor("jobs")))


@every(timedelta(hours=1))
@task()
def purge_past_retention() -> dict[str, Any]:
    """Delete records and notices past their review date for longer than the grace."""
    return retention.purge(system_actor("jobs")).as_dict()


@every(timedelta(hours=1))
@task()
def scan_processing_alerts() -> dict[str, int]:
    """Run the alert rules over the last whole day and hours (idempotent: one alert per window)."""
    from polnet.dataprotection.console.alerts import scan

    return {"raised": len(scan(days=1, actor=system_actor("job")))}


@every(timedelta(hours=1))
@task()
def escalate_overdue_request_consultations() -> dict[str, int]:
    """Flag to the control body, once each, the owners' consultations past their deadline."""
    from polnet.dataprotection.requests import services

    return {"escalated": services.escalate_overdue()}
