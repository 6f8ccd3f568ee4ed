"""Requests from individuals on the small test network, with a fresh screening index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from polnet.screening import index as screening_index


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


@pytest.fixture(autouse=True)
def own_data_folder(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
