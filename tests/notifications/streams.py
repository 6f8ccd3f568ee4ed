"""Reading an event stream answered to Django's test client."""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync


def read_stream(response: Any) -> str:
    """The whole stream (until its life ends) as text; the stream is an async iterator."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/event-stream"

    async def collect() -> bytes:
        return b"".join([part async for part in response.streaming_content])

    return async_to_sync(collect)().decode()
