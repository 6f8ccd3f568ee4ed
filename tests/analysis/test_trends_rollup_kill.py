"""A fold killed with SIGKILL in the middle of a step, then run again, counts each row once."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.analysis.killtest_rollup import ROWS, STEP
from tests.servers import REPO, run_python

pytestmark = [pytest.mark.slow, pytest.mark.drill]


def test_a_killed_fold_run_again_counts_each_check_once(server_env: dict[str, str]) -> None:
    run_python(server_env, "-m", "tests.analysis.killtest_rollup", "setup")
    died = subprocess.run(
        [sys.executable, "-m", "tests.analysis.killtest_rollup", "die"],
        env=server_env,
        cwd=Path(REPO),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert died.returncode == -signal.SIGKILL, died.stderr
    state = json.loads(
        run_python(server_env, "-m", "tests.analysis.killtest_rollup", "fold").splitlines()[-1]
    )
    first = state["last_id"] - ROWS  # the ids are consecutive from the first row
    assert state["watermark_before"] == first + STEP  # the first step stayed, the second left nothing
    assert state["watermark"] == state["last_id"]
    assert (state["checks"], state["hits"]) == (ROWS, ROWS // 10) == (state["rows"], 5)
