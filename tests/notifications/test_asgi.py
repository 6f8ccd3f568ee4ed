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


def _scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 5000),
        "scheme": "http",
        "http_version": "1.1",
        "asgi": {"version": "3.0"},
    }


def _close_threads(handler: Any) -> None:
    for free in handler.free.values():
        while not free.empty():
            free.get_nowait().submit(connections.close_all).result()


@pytest.mark.django_db(transaction=True)
def test_an_api_answer_is_made_in_one_hop_with_its_status_and_body(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLNET_WARM_INDEX", "0")
    from polnet.asgi import Handler

    handler = Handler()
    body = b'{"number": "X1"}'
    scope = _scope("POST", "/api/screening/document", [(b"content-type", b"application/json")])

    async def post() -> list[dict[str, Any]]:
        sent: list[dict[str, Any]] = []
        messages = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop()
            await asyncio.Event().wait()
            return {}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await handler(scope, receive, send)
        return sent

    try:
        sent = async_to_sync(post)()
    finally:
        _close_threads(handler)
    # No token: the API's own 401, in JSON, with the security headers of every answer.
    assert sent[0]["status"] == 401
    headers = {name.lower(): value for name, value in sent[0]["headers"]}
    assert headers[b"content-type"].startswith(b"application/json")
    assert b"x-content-type-options" in headers
    assert b"detail" in b"".join(m.get("body", b"") for m in sent[1:])


@pytest.mark.django_db(transaction=True)
def test_a_stream_is_sent_from_the_loop_and_closed_when_the_client_leaves(
    monkeypatch: pytest.MonkeyPatch, net: Any
) -> None:
    from polnet.asgi import Handler
    from polnet.notifications import live
    from tests.factories import signed_in_client

    monkeypatch.setenv("POLNET_WARM_INDEX", "0")
    monkeypatch.setenv("POLNET_THREADS", "1")  # the stream must not hold the only thread
    handler = Handler()
    browser = signed_in_client(net.users["FR-officer"])
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in browser.cookies.items())
    stream = _scope("GET", "/api/notifications/stream", [(b"cookie", cookie.encode())])
    page = _scope("GET", "/login/", [])

    async def scenario() -> tuple[list[dict[str, Any]], int, int]:
        sent: list[dict[str, Any]] = []
        leave = asyncio.Event()
        asked = asyncio.Event()

        async def receive() -> dict[str, Any]:
            if not asked.is_set():
                asked.set()
                return {"type": "http.request", "body": b"", "more_body": False}
            await leave.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        streaming = asyncio.create_task(handler(stream, receive, send))
        while len(live.bell().listeners) < 1:  # the stream is open and listening
            await asyncio.sleep(0.01)
        # Meanwhile another request gets the one thread: the open stream holds none.
        other: list[dict[str, Any]] = []

        async def receive_page() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send_page(message: dict[str, Any]) -> None:
            other.append(message)

        await asyncio.wait_for(handler(page, receive_page, send_page), 10)
        leave.set()
        await asyncio.wait_for(streaming, 10)  # the client left: the stream ends at once
        return sent, int(other[0]["status"]), len(live.bell().listeners)

    try:
        sent, page_status, listening = async_to_sync(scenario)()
    finally:
        _close_threads(handler)
    headers = {name.lower(): value for name, value in sent[0]["headers"]}
    assert sent[0]["status"] == 200 and headers[b"content-type"] == b"text/event-stream"
    assert b"retry: " in b"".join(m.get("body", b"") for m in sent[1:])
    assert page_status == 200
    assert listening == 0  # closed: the stream left the bell
