"""The feeds' jobs: a batch checked and applied, a confirmed full sync's deletions."""

from __future__ import annotations

from polnet.jobs import task


@task()
def run_import(batch_id: int) -> None:
    """Check and apply a batch; run again after a worker died, it goes on (`services.run`)."""
    from polnet.feeds import services

    services.run(batch_id)


@task()
def sweep_import(batch_id: int) -> None:
    from polnet.feeds import services

    services.sweep(batch_id)
