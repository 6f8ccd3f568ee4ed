"""The data-protection app's background and scheduled work; each part names its tasks clearly."""

from __future__ import annotations

from datetime import timedelta

from polnet.jobs import every, task


@every(timedelta(hours=1))
@task()
def escalate_overdue_request_consultations() -> dict[str, int]:
    """Flag to the control body, once each, the owners' consultations past their deadline."""
    from polnet.dataprotection.requests import services

    return {"escalated": services.escalate_overdue()}
