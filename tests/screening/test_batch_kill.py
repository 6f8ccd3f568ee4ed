"""SIGKILL `polnet serve` while its job worker checks a passenger list; the list goes on when
the server starts again.

The real server (granian, two workers, and the job worker it starts) runs as a subprocess
against a file SQLite database (or a fresh PostgreSQL database when DATABASE_URL is set), with
a list stored and queued as an upload stores it. The job worker picks the list up; a third of
the way through, the whole process group is killed and `polnet serve` started again. Once the
dead worker's lease has run out (a few seconds here), the new worker takes the list again. In
the end every row is in the results once, in order, and only the row in flight at the kill can
have been checked twice.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.servers import ServerProcess, run_python

pytestmark = [pytest.mark.slow, pytest.mark.drill]
ROWS = 4_000
DEADLINE = 120.0  # seconds for each wait


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _wait_for(what: str, ready: Callable[[], bool], server: ServerProcess) -> None:
    deadline = time.monotonic() + DEADLINE
    while not ready():
        assert server.proc is not None and server.proc.poll() is None, server.log.read_text()[-3000:]
        assert time.monotonic() < deadline, f"{what}: " + server.log.read_text()[-3000:]
        time.sleep(0.02)


def resumed_lines(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines() if "resumes at row" in line]


def test_a_killed_server_goes_on_with_the_list_where_it_stopped(
    server_env: dict[str, str],
    tmp_path: Path,
) -> None:
    env = {**server_env, "POLNET_BATCH_WORKERS": "1", "POLNET_JOB_LEASE_SECONDS": "3"}
    setup = run_python(env, "-m", "tests.screening.killtest_batch", "setup", str(ROWS))
    made = json.loads(setup.splitlines()[-1])
    batch_id, hit_rows = made["id"], made["hit_rows"]
    results = tmp_path / "batches" / f"{batch_id}.results.csv"
    server = ServerProcess(env, tmp_path / "server.log")
    server.start()
    try:
        _wait_for("the list did not start", lambda: _lines(results) > ROWS // 3, server)
        server.kill()
        at_kill = _lines(results) - 1
        server.start()
        _wait_for("the list did not finish", lambda: _lines(results) > ROWS, server)
        for _ in range(100):  # the results are written before the list is marked done
            answer = run_python(env, "-m", "tests.screening.killtest_batch", "state", str(batch_id))
            state = json.loads(answer)
            if state["status"] != "running":
                break
            time.sleep(0.2)
    finally:
        server.stop()

    print(f"killed after row {at_kill}; {state}; the log says: {resumed_lines(server.log)}")
    assert ROWS // 3 <= at_kill < ROWS  # the kill landed in the middle of the list
    with results.open(newline="", encoding="utf-8") as f:
        written = list(csv.DictReader(f))
    assert [r["row"] for r in written] == [str(n) for n in range(1, ROWS + 1)]
    assert [int(r["row"]) for r in written if r["hit_ids"]] == hit_rows
    assert (state["status"], state["done"], state["hit_count"]) == ("done", ROWS, len(hit_rows))
    # One hit per hit row: only a row in flight at the kill (checked, not yet written) is
    # checked again, and that adds a hit only if it is a hit row.
    assert len(hit_rows) <= state["hits"] <= len(hit_rows) + 1
    log = server.log.read_text()
    resumed = resumed_lines(server.log)
    assert len(resumed) == 1, log[-3000:]  # started at the first start, resumed at the second
    assert int(resumed[0].split("resumes at row ")[1].split()[0]) > at_kill
    assert "stopped renewing its lease; it runs again" in log
