"""Helpers for tests that run the real server (or a command) as a subprocess."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLNET_", "DJANGO_", "DATABASE_URL"))}
    env |= {
        "POLNET_DATA_DIR": str(tmp_path),
        "POLNET_ENV": "production",
        "POLNET_SECRET_KEY": secrets.token_urlsafe(50),
        "POLNET_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "polnet.settings",
        "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}",
    }
    url = os.environ.get("DATABASE_URL", "")
    dbname = ""
    if url:
        import psycopg

        dbname = f"polnet_kill_{secrets.token_hex(4)}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        env["DATABASE_URL"] = urllib.parse.urlsplit(url)._replace(path=f"/{dbname}").geturl()
    yield env
    if dbname:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def run_python(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


class ServerProcess:
    """A server command run in its own process group, so that a kill takes its workers too."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.port = env, log, free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        """The production server as `polnet serve` runs it, with two workers."""
        return [str(BIN / "polnet"), "serve", "--port", str(self.port), "--workers", "2"]

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                self.command(),
                env=self.env,
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL the server and its workers, mid-request: no shutdown, no flushing."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
