"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

The live server runs in a thread of the test process, so the tests are transactional (data
is committed and visible to it) on SQLite and PostgreSQL alike. Each flow saves screenshots
under test-artifacts/screenshots/, which the run names in its summary.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A run beside another (CI tests SQLite and PostgreSQL side by side) names its own folder.
_DEFAULT_SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
SCREENSHOTS = Path(os.environ.get("POLNET_SCREENSHOTS") or _DEFAULT_SCREENSHOTS).resolve()
DESKTOP = {"width": 1280, "height": 860}
NARROW = {"width": 390, "height": 844}

# Playwright's synchronous API keeps an event loop in this thread; the test's own database
# calls are still ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _playwright_or_skip() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    return sync_playwright


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_playwright = _playwright_or_skip()
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture(scope="module")
def chromium(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Chromium for the browser tests of one module that need no live Django server.

    Playwright's synchronous API keeps an event loop running in the thread while a session is
    open. Run before the live-server suites, these tests start their own session and close it
    with the module, so later asynchronous tests (the live notifications) find no loop in the
    thread. Run after the run's one browser opened (`browser`), they use that one: a second
    session cannot start beside it, and a test that skipped itself would pass without running."""
    if _loop_running():  # the run's browser is open: share it
        yield request.getfixturevalue("browser")
        return
    sync_playwright = _playwright_or_skip()
    with sync_playwright() as pw:
        own = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield own
        own.close()


class Tab:
    """A browser tab on the live server that records console errors (a content-policy
    violation shows up there) and saves screenshots."""

    def __init__(self, browser: Any, base_url: str, *, viewport: dict[str, int], locale: str) -> None:
        self.context = browser.new_context(viewport=viewport, locale=locale)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def _console(self, message: Any) -> None:
        # A refused page (403, 404) is logged as a failed load: expected in access tests.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(message.text)

    def go(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    def shot(self, name: str, *, full_page: bool = True) -> Path:
        """Save a screenshot. Chromium sometimes refuses a capture while it is still laying out
        (after a resize, on a busy machine): wait a moment and try again, then the viewport alone."""
        path = SCREENSHOTS / f"{name}.png"
        for attempt in range(4):
            try:
                self.page.screenshot(path=str(path), full_page=full_page and attempt < 3)
                return path
            except Exception as exc:
                if "Unable to capture screenshot" not in str(exc) or attempt == 3:
                    raise
                self.page.wait_for_timeout(300)
        return path

    def narrow(self) -> None:
        self.page.set_viewport_size(NARROW)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab_factory(browser: Any, live_server: Any) -> Iterator[Any]:
    tabs: list[Tab] = []

    def make(viewport: dict[str, int] | None = None, locale: str = "en-GB") -> Tab:
        tab = Tab(browser, live_server.url, viewport=viewport or DESKTOP, locale=locale)
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        errors = list(tab.console_errors)
        tab.close()
        assert not errors, f"browser console errors: {errors}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SCREENSHOTS.exists() and any(SCREENSHOTS.iterdir()):
        count = len(list(SCREENSHOTS.glob("*.png")))
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"{count} screenshots in {SCREENSHOTS}")
