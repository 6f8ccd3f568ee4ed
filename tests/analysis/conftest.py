"""Projects opened and filled through the real services on the small test network."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from polnet.analysis import services
from polnet.analysis.models import Project
from polnet.screening import index as screening_index
from tests.factories import Network


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test's database is new: so is the screening index the hits come from."""
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


@pytest.fixture(autouse=True)
def own_data_folder(settings: Any, tmp_path: Path) -> None:
    """Passenger-list files of each test in a folder of its own: a list of another test with
    the same id (a rolled-back database gives ids again) must not pass for this one's."""
    settings.DATA_DIR = tmp_path


def review() -> date:
    return date.today() + timedelta(days=365)


def open_fr_project(net: Network, participants: tuple[str, ...] = ("DE", "IT")) -> Project:
    """FR's analyst opens a project with DE and IT taking part (ES does not)."""
    return services.open_project(
        net.actor("FR-analyst"),
        name="Smuggling ring",
        purpose="investigation",
        crime_area="people_smuggling",
        review_date=review(),
        handling_code="H1",
        participants=list(participants),
    )
