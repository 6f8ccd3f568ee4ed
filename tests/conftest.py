"""Shared fixtures: a small real network (countries, bureaus, units, users of every role).

The database is whatever DATABASE_URL names (PostgreSQL in CI's second run) or SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation
from hypothesis import HealthCheck, settings

from tests.factories import Network, build_network
from tests.servers import server_env  # noqa: F401  # a fixture for tests that run the real server

# Property tests judge results, never time: an example slowed by a busy machine is no failure.
settings.register_profile("polnet", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("polnet")

# The real-browser fixtures (one Chromium for the whole run, whichever directory asks).
pytest_plugins = ["tests.browser"]


@pytest.fixture
def net(db: None) -> Network:
    return build_network()


@pytest.fixture
def fresh_screening_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A screening index built anew for the test and kept current at every search, not one
    an earlier test left in this process."""
    from polnet.screening import index as screening_index

    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A page request leaves its reader's language active in this thread; the next test
    starts from the default language again, as a new process would."""
    yield
    translation.deactivate()


# A real browser on a busy two-core machine now and then misses a wait or a screenshot for
# reasons outside the code under test. Such a test runs once more (pytest shows an "R");
# a failure for any other reason, or twice, fails the run.
BROWSER_HICCUPS = [
    "TimeoutError",
    "Unable to capture screenshot",
    "Target page, context or browser has been closed",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=1, only_rerun=BROWSER_HICCUPS))
