from __future__ import annotations

from collections.abc import Iterator

import pytest

from polnet.screening import index as screening_index


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test's database is new: so is the process's index, and it follows changes at once."""
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()
