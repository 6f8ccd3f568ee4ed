"""Shared fixtures: a small real network (countries, bureaus, units, users of every role).

The database is whatever DATABASE_URL names (PostgreSQL in CI's second run) or SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation
from hypothesis import HealthCheck, settings

from tests.factories import Network, build_network, network
from tests.servers import server_env  # noqa: F401  # a fixture for tests that run the real server

# Property tests judge results, never time: an example slowed by a busy machine is no failure.
settings.register_profile("polnet", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("polnet")

# The real-browser fixtures (one Chromium for the whole run, whichever directory asks).
pytest_plugins = ["tests.browser"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test network, built once in the new test database and committed. Each test reads
    it afresh (:func:`tests.factories.load_network`) and its own changes roll back with it.
    Tests that commit run after the others (pytest-django orders them so) and empty the
    database when they end; the next one builds the network again."""
    with django_db_blocker.unblock():
        build_network()


@pytest.fixture
def net(db: None) -> Network:
    return network()


@pytest.fixture
def empty_database(transactional_db: None) -> None:
    """A database without the test network, for what must start from nothing: an audit chain
    from its first entry, a demo seeded into a new installation. Such a test commits, so it
    runs among the last, and the database is emptied before it as after it."""
    call_command("flush", interactive=False, verbosity=0)


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


# What a test asks for when it reads or writes a database (pytest-django refuses any other
# test database access, and the real-server fixture hands the server the test's database).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "server_env",
    }
)


def uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=1, only_rerun=BROWSER_HICCUPS))
        only_postgresql = any(item.get_closest_marker(m) for m in ("drill", "fuzz"))
        if not uses_database(item) and not only_postgresql:
            # The same on every database: CI runs it once (on SQLite), not once per database.
            item.add_marker(pytest.mark.no_database)
