"""Reading an event stream as the ASGI server serves it (an async iterator), in tests."""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from django.test import AsyncClient, Client


def asgi(client: Client) -> AsyncClient:
    """The same signed-in browser, asking through Django's ASGI handler: its streams wait in
    the event loop, as under `polnet serve`."""
    other = AsyncClient()
    other.cookies = client.cookies
    return other


async def collect(response: Any) -> str:
    """The whole stream, until its life ends."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/event-stream" and response.is_async
    return b"".join([part async for part in response.streaming_content]).decode()


def read_stream(client: Client, path: str, **headers: str) -> str:
    async def run() -> str:
        return await collect(await asgi(client).get(path, headers=headers))

    return async_to_sync(run)()
