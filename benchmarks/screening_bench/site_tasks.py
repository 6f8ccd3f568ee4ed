"""Steps of the HTTP benchmark that need Django, run as a separate process against a data folder.

    python site_tasks.py token            -> JSON {"token": ..., "username": ...}
    python site_tasks.py batch ROWS.json  -> JSON {"rows": ..., "seconds": ..., ...}

The environment (POLNET_DATA_DIR, POLNET_ENV, POLNET_SECRET_KEY ...) says which network.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Any

UNIT_USER = "bench-border-unit"


def _setup() -> None:
    from polnet.cli import setup_django

    setup_django()


def token() -> dict[str, Any]:
    """A border-crossing unit of the first bureau, its officer, and a `screening` token."""
    from polnet.core.actor import Role, system_actor
    from polnet.network.actors import actor_for
    from polnet.network.models import Bureau
    from polnet.network.services import create_unit, create_user, issue_token

    bureau = Bureau.objects.order_by("country_id").first()
    if bureau is None:
        raise SystemExit("no bureau: seed the network first")
    admin = create_user(
        system_actor("benchmark"),
        username="bench-admin",
        password=None,
        role=Role.BUREAU_ADMIN,
        bureau=bureau,
    )
    as_admin = actor_for(admin, origin="benchmark")
    unit = create_unit(
        as_admin,
        bureau,
        name="Benchmark border crossing",
        kind="border_crossing",
        databases=["person", "document", "vehicle"],
        result_level="hit_only",
    )
    user = create_user(
        as_admin, username=UNIT_USER, password=None, role=Role.UNIT_OFFICER, unit=unit, is_machine=True
    )
    # A border system: its checks state the purpose its bureau set on the token.
    _, secret = issue_token(
        as_admin, user, name="benchmark", scopes=["screening"], days=1, default_purpose="border_management"
    )
    return {"token": secret, "username": UNIT_USER, "country": bureau.country_id}


def _children_cpu() -> float:
    """CPU seconds of this process's finished child processes (batch workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def batch(path: str) -> dict[str, Any]:
    """Check every row of a passenger list as a background batch does, timing the rows only."""
    from polnet.core.actor import TokenScope
    from polnet.network.actors import actor_for
    from polnet.network.models import User
    from polnet.screening import index as screening_index
    from polnet.screening.batches import runs as batches
    from polnet.screening.batches import workers as batch_workers

    started = time.perf_counter()
    screening_index.current()
    loaded = time.perf_counter() - started
    user = User.objects.select_related("unit__bureau").get(username=UNIT_USER)
    actor = actor_for(
        user,
        origin="benchmark",
        token_scopes=frozenset({TokenScope.SCREENING}),
        default_purpose="border_management",  # the list's purpose, as an upload states it
    )
    with open(path, "rb") as f:
        rows = list(batches.parse_rows(f.read(), "application/json"))
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    # As a running batch checks them: in worker processes when the list is long enough.
    results = batches.check_all(actor, rows, len(rows), location="benchmark")
    hits = sum(bool(out.get("hit_ids")) for out in results)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu + _children_cpu() - children
    return {
        "rows": len(rows),
        "seconds": wall,
        "cpu_seconds": cpu,
        "hits": hits,
        "min_rows": batch_workers.MIN_ROWS,
        "processes": batch_workers.worker_count() if len(rows) >= batch_workers.MIN_ROWS else 1,
        "index_load_s": loaded,
        "load": os.getloadavg()[0],
    }


if __name__ == "__main__":
    _setup()
    command, *args = sys.argv[1:]
    result = token() if command == "token" else batch(*args)
    print(json.dumps(result))
