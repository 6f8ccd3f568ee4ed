"""The browser fixtures live in `tests/browser.py`, loaded for the whole suite by
`tests/conftest.py`, so that every directory's browser tests share one Chromium."""

from __future__ import annotations

from tests.browser import DESKTOP, NARROW  # noqa: F401  # the viewports, imported by the tests here
