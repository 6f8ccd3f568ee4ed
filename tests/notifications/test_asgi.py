"""`polnet serve`'s ASGI handler answers on a few long-lived threads, not one new thread each."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.db import connections

from polnet.core import middleware


@pytest.mark.django_db
def test_answers_are_made_on_the_long_lived_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLNET_WARM_INDEX", "0")  # no index warm-up thread in a test
    monkeypatch.setenv("POLNET_THREADS", "2")
    from polnet.asgi import Handler

    handler = Handler()
    seen: list[str] = []
    request_id_of = middleware.request_id_of

    def spy(request: Any) -> str:
        seen.append(threading.current_thread().name)
        return request_id_of(request)

    monkeypatch.setattr(middleware, "request_id_of", spy)

    async def get(path: str) -> int:
        scope = {
            "type": "http",
            "method": "GET",
            "path": path,
            "query_string": b"",
            "headers": [(b"host", b"testserver")],
            "server": ("testserver", 80),
            "client": ("127.0.0.1", 5000),
            "scheme": "http",
            "http_version": "1.1",
            "asgi": {"version": "3.0"},
        }
        sent: list[dict[str, Any]] = []
        asked = asyncio.Event()  # the body is read once; then the client stays until answered

        async def receive() -> dict[str, Any]:
            if asked.is_set():
                await asyncio.Event().wait()
            asked.set()
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await handler(scope, receive, send)
        return int(sent[0]["status"])

    async def three() -> list[int]:
        return [await get("/login/") for _ in range(3)]

    try:
        assert async_to_sync(three)() == [200, 200, 200]
    finally:
        for free in handler.free.values():
            while not free.empty():
                free.get_nowait().submit(connections.close_all).result()
    assert len(seen) == 3 and all(name.startswith("polnet-request-") for name in seen)
    assert len(set(seen)) == 2 and seen[2] == seen[0]  # two threads, used again with their connections
