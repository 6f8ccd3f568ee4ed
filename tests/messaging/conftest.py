"""Chromium for the messaging browser tests.

Playwright's synchronous API keeps an event loop running in the thread while a session is
open. Run first, these tests start their own session and close it with the module, so later
asynchronous tests (the live notifications) find no loop in the thread. Run after another
suite opened the run's one browser (`tests/browser.py`), they use that one: a second session
cannot start beside it, and a test that skipped itself would pass without running."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import CHROMIUM as CHROMIUM_PATH
from tests.browser import CHROMIUM_ARGS, _playwright_or_skip


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture(scope="module")
def chromium(request: pytest.FixtureRequest) -> Iterator[Any]:
    if _loop_running():  # the run's browser is open: share it
        yield request.getfixturevalue("browser")
        return
    sync_playwright = _playwright_or_skip()
    with sync_playwright() as pw:
        own = pw.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
        yield own
        own.close()
