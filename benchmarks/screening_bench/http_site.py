"""A polnet site for the HTTP benchmark: its data folder, the commands that fill it, its server."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from .measure import log

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Site:
    """A data folder, the commands that fill it, and the server that serves it."""

    def __init__(self, folder: Path, database_url: str | None) -> None:
        self.folder = folder
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "POLNET_DATA_DIR": str(folder),
            "POLNET_ENV": "production",
            "POLNET_SECRET_KEY": secrets.token_urlsafe(50),
            "POLNET_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "POLNET_LOG_LEVEL": "ERROR",
        }
        self.env.pop("DATABASE_URL", None)  # SQLite in the folder, unless asked otherwise
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.database = "PostgreSQL" if database_url else "SQLite (WAL)"
        self.server: subprocess.Popen[bytes] | None = None

    def run(self, *args: str) -> str:
        with open(self.folder / "setup.log", "ab") as out:
            done = subprocess.run(args, env=self.env, stdout=subprocess.PIPE, stderr=out, check=True)
        return done.stdout.decode()

    def polnet(self, *args: str) -> str:
        return self.run(str(BIN / "polnet"), *args)

    def task(self, *args: str) -> dict[str, Any]:
        out = self.run(sys.executable, str(HERE / "site_tasks.py"), *args)
        return dict(json.loads(out.strip().splitlines()[-1]))

    def start(self, timeout: float) -> None:
        log(f"starting polnet serve on port {self.port} (it writes the index snapshot first)")
        command = [str(BIN / "polnet"), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        self._launch([*command, "--workers", "2"], self.env, timeout)

    def _launch(self, command: list[str], env: dict[str, str], timeout: float) -> None:
        with open(self.folder / "server.log", "ab") as out:
            self.server = subprocess.Popen(
                command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(
                    f"{command[0]} exited with {self.server.returncode}; see {self.folder / 'server.log'}"
                )
            if self.ready():
                return
            time.sleep(1)
        raise TimeoutError(f"{command[0]} did not answer in time")

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.base + "/api/openapi.json", timeout=2) as answer:
                return bool(answer.status == 200)
        except (OSError, urllib.error.URLError):
            return False

    def stop(self) -> None:
        if self.server is None or self.server.poll() is not None:
            return
        log("stopping the server")
        os.killpg(self.server.pid, signal.SIGTERM)
        try:
            self.server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait(10)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server's processes (its own process group)."""
        assert self.server is not None
        ticks, total = os.sysconf("SC_CLK_TCK"), 0
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
            if int(fields[2]) == self.server.pid:  # process group
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def post(self, path: str, body: dict[str, Any], token: str) -> tuple[int, float]:
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                answer.read()
                status = answer.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        return status, time.perf_counter() - started


class MinimalSite(Site):
    """The minimal Django site (``minimal_django.py``) under polnet's server and handler.

    Same granian interface (ASGI), workers and handler (``polnet.asgi:application``) as
    ``polnet serve``; only the Django project differs."""

    PATH = "/echo"

    def start(self, timeout: float) -> None:
        log(f"starting the minimal Django site on port {self.port}")
        env = {
            **self.env,
            "DJANGO_SETTINGS_MODULE": "screening_bench.minimal_django",
            "PYTHONPATH": os.pathsep.join(filter(None, (str(HERE.parent), self.env.get("PYTHONPATH")))),
            "POLNET_WARM_INDEX": "0",
        }
        # The interface `polnet serve` uses (cli._run_granian): ASGI unless POLNET_INTERFACE=wsgi.
        if self.env.get("POLNET_INTERFACE", "asgi").strip().lower() == "wsgi":
            threads = self.env.get("POLNET_THREADS", "4")
            command = [str(BIN / "granian"), "--interface", "wsgi", "--blocking-threads", threads]
            application = "polnet.wsgi:application"
        else:
            command = [str(BIN / "granian"), "--interface", "asginl"]
            application = "polnet.asgi:application"
        command += ["--workers", "2", "--host", "127.0.0.1", "--port", str(self.port), application]
        self._launch(command, env, timeout)

    def ready(self) -> bool:
        try:
            return self.post(self.PATH, {}, "")[0] == 200
        except OSError:  # not listening yet
            return False
