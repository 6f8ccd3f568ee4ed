"""Data protection's background work: raise the console's alerts on unusual processing."""

from __future__ import annotations

from datetime import timedelta

from polnet.jobs import every, task


@every(timedelta(hours=1))
@task()
def scan_processing_alerts() -> dict[str, int]:
    """Run the alert rules over the last whole day and hours (idempotent: one alert per window)."""
    from polnet.core.actor import system_actor
    from polnet.dataprotection.console.alerts import scan

    return {"raised": len(scan(days=1, actor=system_actor("job")))}
