"""The post's page served for a test: a real HTTP server on a free port, in this process.

The server is bound before its thread starts, so a request made at once waits in the
socket's queue: no sleeps. Its thread has its own connection to the post's folder; a test
reads the hit queue through another, as the command line would beside the page.
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest

from polnet.post import web
from polnet.post.store import Post


@dataclass
class Answer:
    status: int
    headers: Any
    body: str

    def section(self, ident: str) -> str:
        match = re.search(rf'<section id="{ident}".*?</section>', self.body, re.S)
        assert match, f"no #{ident} in the page"
        return match.group(0)


@dataclass
class Page:
    origin: str
    host: str
    app: web.App

    def get(self, path: str = "/", headers: dict[str, str] | None = None) -> Answer:
        return self._send(urllib.request.Request(self.origin + path, headers=headers or {}))

    def post(self, path: str, form: dict[str, str], headers: dict[str, str] | None = None) -> Answer:
        request = urllib.request.Request(
            self.origin + path,
            data=urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
            method="POST",
        )
        return self._send(request)

    def csrf(self) -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.get().body)
        assert found
        return found.group(1)

    def check(self, kind: str, **fields: str) -> Answer:
        return self.post("/check", {"csrf": self.csrf(), "kind": kind, **fields})

    @staticmethod
    def _send(request: urllib.request.Request) -> Answer:
        try:
            with urllib.request.urlopen(request, timeout=30) as r:  # a local test server
                return Answer(r.status, r.headers, r.read().decode())
        except urllib.error.HTTPError as exc:
            return Answer(exc.code, exc.headers, exc.read().decode())


@pytest.fixture
def serve() -> Iterator[Callable[..., Page]]:
    running: list[tuple[Any, threading.Thread]] = []

    def start(post: Post, **options: Any) -> Page:
        httpd, app = web.server(post.folder, "127.0.0.1", 0, **options)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        running.append((httpd, thread))
        return Page(app.origin, app.address, app)

    yield start
    for httpd, thread in running:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
