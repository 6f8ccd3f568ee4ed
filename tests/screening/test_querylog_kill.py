"""An answered check is a logged check: SIGKILL `polnet serve` under a stream of document checks.

The real server (granian, two workers) runs as a subprocess against a file SQLite database (or a
fresh PostgreSQL database when DATABASE_URL is set). Four clients send document checks, each
with its own number, over keep-alive connections with an API token; one in fifty is a stolen
passport, so hits are written too. When some hundreds are answered, the whole process group is
killed with SIGKILL. Every check that got its answer must be in the query log; the rows the
kill left unsealed get their seal when the server starts again, and the audit chain that seals
the log is intact.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from pathlib import Path

import pytest

from tests.servers import ServerProcess, run_python

pytestmark = [pytest.mark.slow, pytest.mark.drill]
CLIENTS = 4
ANSWERED_BEFORE_KILL = 400
DEADLINE = 60.0


def _wait_until_serving(server: ServerProcess) -> None:
    deadline = time.monotonic() + DEADLINE
    while True:
        assert server.proc is not None and server.proc.poll() is None, server.log.read_text()[-3000:]
        assert time.monotonic() < deadline, "the server did not start: " + server.log.read_text()[-3000:]
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)


def test_a_killed_server_has_logged_every_check_it_answered(
    server_env: dict[str, str], tmp_path: Path
) -> None:
    made = json.loads(
        run_python(server_env, "-m", "tests.screening.killtest_querylog", "setup").splitlines()[-1]
    )
    headers = {"Authorization": f"Bearer {made['token']}", "Content-Type": "application/json"}
    server = ServerProcess(server_env, tmp_path / "server.log")
    server.start()
    answered: list[str] = []
    hits = 0
    refused: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(n: int) -> None:
        nonlocal hits
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        i = 0
        while not stop.is_set():
            i += 1
            number = made["hit_number"] if i % 50 == 0 else f"K{n}{i:07d}"
            try:
                conn.request("POST", "/api/screening/document", json.dumps({"number": number}), headers)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                return  # the server is gone: this check was never answered
            with lock:
                if response.status != 200:
                    refused.append(f"{response.status} {body[:200]!r}")
                    return
                answered.append(number)
                hits += json.loads(body)["hit"]

    try:
        _wait_until_serving(server)
        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + DEADLINE
        while len(answered) < ANSWERED_BEFORE_KILL and not refused and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()
        stop.set()
        for t in threads:
            t.join(timeout=DEADLINE)
    finally:
        stop.set()
        server.stop()

    assert not refused, refused
    assert len(answered) >= ANSWERED_BEFORE_KILL and hits > 0
    logged = json.loads(run_python(server_env, "-m", "tests.screening.killtest_querylog", "logged"))
    in_log = set(logged)
    missing = [n for n in answered if n != made["hit_number"] and n not in in_log]
    print(f"{len(answered)} answered, {len(logged)} logged, {len(missing)} answered but not logged")
    assert missing == []
    assert logged.count(made["hit_number"]) >= hits
    sealed_at_start = json.loads(run_python(server_env, "-m", "tests.screening.killtest_querylog", "seal"))
    print(f"{sealed_at_start} rows sealed at the next start")
    assert "intact" in run_python(server_env, "-m", "polnet.cli", "audit", "verify")
    assert json.loads(run_python(server_env, "-m", "tests.screening.killtest_querylog", "seal")) == 0
