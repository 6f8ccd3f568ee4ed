"""Each test's database is new: so is the process's screening index, and it follows changes at
once (checks made here must find what the test just wrote, not what an earlier test's index held)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_index(fresh_screening_index: None) -> None:
    return None
