"""The kernel's scheduled job: a signed checkpoint of the audit chain (docs/audit.md)."""

from __future__ import annotations

import logging
from datetime import timedelta

from polnet.core import audit_anchor, audit_witness
from polnet.jobs import every, task

log = logging.getLogger(__name__)


@every(timedelta(minutes=10))
@task()
def checkpoint_audit_chain() -> dict[str, object]:
    """Checkpoint the chain if its head moved, then bring every witness up to date."""
    written: int | None = None
    refused = ""
    try:
        cp = audit_anchor.write_checkpoint(only_if_moved=True)
        written = cp.seq if cp else None
    except audit_anchor.CheckpointRefused as e:
        refused = str(e)
        log.error("Audit checkpoint refused: %s. Run `polnet audit verify`.", e)
    # Witnesses are brought up to date even when nothing new was written: a failed send is retried.
    try:
        delivered = audit_witness.deliver()
    except Exception as e:  # a witness's trouble never fails the checkpoint; the next run tries again
        log.exception("Audit checkpoints not delivered to the witnesses")
        delivered = {"error": str(e)}
    return {"written": written, "refused": refused, "witnesses": delivered}
