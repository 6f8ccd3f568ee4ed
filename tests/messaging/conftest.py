"""The messaging browser tests use the run's one Chromium (`tests/browser.py`): a second
Playwright session in the same process cannot start while the first is open, and a test that
skipped itself for that reason would pass without running."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def chromium(browser: Any) -> Any:
    return browser
