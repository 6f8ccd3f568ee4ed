from __future__ import annotations

from collections.abc import Iterator

import pytest

from polnet.notifications import live


@pytest.fixture(autouse=True)
def _close_stream_connections() -> Iterator[None]:
    """The streams' reading threads keep their connections, as in a server: closed after each
    test, so that the test database can be dropped at the end."""
    yield
    live.close_pool_connections()
