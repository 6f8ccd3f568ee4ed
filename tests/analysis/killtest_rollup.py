"""Run in a subprocess by the rollup kill test, with production settings on a file database.

`setup`: the schema, a bureau with its administrator, and ROWS query-log rows of checks in his name.
`die`: fold in steps of STEP rows, and SIGKILL the process inside the second step, after its
counts are written and before its transaction commits.
`fold`: fold what is left; print the rollup's totals, the watermark and the query-log count.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from datetime import UTC, datetime, timedelta

from polnet.cli import setup_django

ROWS = 50
STEP = 20


def setup() -> None:
    from django.core.management import call_command

    from polnet.core.actor import Role, system_actor
    from polnet.network.actors import actor_for
    from polnet.network.services import create_bureau, create_user, sync_countries
    from polnet.screening.querylog import writer
    from tests.factories import PASSWORD

    call_command("migrate", interactive=False, verbosity=0)
    sync_countries()
    bureau = create_bureau(system_actor("test"), "FR")
    officer = create_user(
        system_actor("test"), username="fr-admin", password=PASSWORD, role=Role.BUREAU_ADMIN, bureau=bureau
    )
    actor = actor_for(officer, origin="test")
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for n in range(ROWS):
        writer.add(actor, "person", {"n": n}, {"hit": n % 10 == 0}, at=start + timedelta(hours=7 * n))


def die() -> None:
    from polnet.analysis.trends import rollup

    add = rollup._add
    steps = []

    def add_then_die(counts: object) -> None:
        add(counts)  # type: ignore[arg-type]
        steps.append(1)
        if len(steps) == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    rollup._add = add_then_die  # type: ignore[assignment]
    rollup.fold(step_rows=STEP)


def fold() -> None:
    from django.db.models import Sum

    from polnet.analysis.trends import rollup
    from polnet.analysis.trends.models import CheckRollup
    from polnet.screening.models import QueryLog

    before = rollup.watermark()
    rollup.fold(step_rows=STEP)
    totals = CheckRollup.objects.aggregate(checks=Sum("checks"), hits=Sum("hits"))
    print(
        json.dumps(
            {
                "watermark_before": before,
                "watermark": rollup.watermark(),
                "last_id": QueryLog.objects.order_by("-pk").values_list("pk", flat=True).first(),
                "rows": QueryLog.objects.count(),
                **totals,
            }
        )
    )


if __name__ == "__main__":
    setup_django()
    {"setup": setup, "die": die, "fold": fold}[sys.argv[1]]()
