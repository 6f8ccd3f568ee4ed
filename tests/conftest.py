"""Shared fixtures: a small real network (countries, bureaus, units, users of every role).

The database is whatever DATABASE_URL names (PostgreSQL in CI's second run) or SQLite.
"""

from __future__ import annotations

import pytest

from tests.factories import Network, build_network


@pytest.fixture
def net(db: None) -> Network:
    return build_network()
