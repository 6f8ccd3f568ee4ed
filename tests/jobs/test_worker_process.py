"""`polnet worker` as its own process: it checks a queued passenger list, and when told to stop
mid-list it hands the list back at once, for the next worker to go on with."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.servers import BIN, REPO, run_python

pytestmark = [pytest.mark.slow, pytest.mark.drill]
ROWS = 4_000
DEADLINE = 120.0


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _wait_for(what: str, ready: Callable[[], bool], worker: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while not ready():
        assert worker.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, f"{what}: " + log.read_text()[-3000:]
        time.sleep(0.05)


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(BIN / "polnet"), "worker"], env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT
        )


def _state(env: dict[str, str], batch_id: int) -> dict[str, object]:
    return json.loads(run_python(env, "-m", "tests.screening.killtest_batch", "state", str(batch_id)))  # type: ignore[no-any-return]


def test_a_stopped_worker_hands_its_list_to_the_next_at_once(
    server_env: dict[str, str], tmp_path: Path
) -> None:
    # A lease far longer than the test: the list can only go on because it was handed back.
    env = {**server_env, "POLNET_BATCH_WORKERS": "1", "POLNET_JOB_LEASE_SECONDS": "3600"}
    made = json.loads(
        run_python(env, "-m", "tests.screening.killtest_batch", "setup", str(ROWS)).splitlines()[-1]
    )
    batch_id = made["id"]
    results = tmp_path / "batches" / f"{batch_id}.results.csv"
    log = tmp_path / "worker.log"

    first = _worker(env, log)
    try:
        _wait_for("the list did not start", lambda: _lines(results) > ROWS // 4, first, log)
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=60) == 0
    finally:
        first.kill()
    at_stop = _lines(results) - 1
    assert _state(env, batch_id)["status"] == "running"

    second = _worker(env, log)
    try:
        _wait_for(
            "the list did not finish", lambda: _state(env, batch_id)["status"] != "running", second, log
        )
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=60) == 0
    finally:
        second.kill()

    state = _state(env, batch_id)
    assert (state["status"], state["done"], state["hit_count"]) == ("done", ROWS, len(made["hit_rows"]))
    resumed = [line for line in log.read_text().splitlines() if "resumes at row" in line]
    assert len(resumed) == 1 and int(resumed[0].split("resumes at row ")[1].split()[0]) == at_stop + 1
    assert at_stop < ROWS
