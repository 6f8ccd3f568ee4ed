"""SQLite is set up the same way whether it is the default file or named by DATABASE_URL:
write-ahead log, a busy timeout and immediate transactions, so concurrent writers wait
instead of failing with "database is locked"."""

from __future__ import annotations

import pytest

from polnet import settings


def test_a_sqlite_database_named_by_url_gets_the_same_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/polnet-by-url.sqlite3")
    named = settings._databases()["default"]
    assert named["OPTIONS"] == settings.SQLITE_OPTIONS
    monkeypatch.delenv("DATABASE_URL")
    assert settings._databases()["default"]["OPTIONS"] == settings.SQLITE_OPTIONS


def test_postgresql_gets_no_sqlite_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/polnet")
    assert "OPTIONS" not in settings._databases()["default"] or "init_command" not in str(
        settings._databases()["default"].get("OPTIONS")
    )
