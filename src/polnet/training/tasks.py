"""The learning centre's scheduled jobs."""

from __future__ import annotations

from datetime import timedelta

from polnet.core.actor import system_actor
from polnet.jobs import every, task
from polnet.training.certificates import services


@every(timedelta(hours=6))
@task()
def remind_certificate_renewals() -> int:
    """Mark (once) and audit certificates that expire within 60 days; their holders see them
    on the certificates page until renewed."""
    return services.remind_renewals(system_actor("jobs"))


@every(timedelta(hours=1))
@task()
def close_session_registrations() -> int:
    """Sessions past their registration deadline show as closed for registration."""
    from polnet.training.classroom import services as classroom

    return classroom.close_registrations(system_actor("jobs"))
