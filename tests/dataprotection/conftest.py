"""Planting processing at chosen times (the audit log's clock is set by the test, and the
query-log and hit rows are written as the screening service writes them), and requests from
individuals on the small test network, with a fresh screening index."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.network.models import Unit, User
from polnet.screening.models import Hit, QueryLog


@pytest.fixture(autouse=True)
def own_signing_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Each test signs with a key of its own, made in its own folder."""
    path = tmp_path / "signing-key.pem"
    monkeypatch.setenv("POLNET_SIGNING_KEY_FILE", str(path))
    return path


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], Any]:
    """`with clock(moment):` the audit entries written inside carry that time."""

    @contextmanager
    def at(moment: datetime) -> Iterator[None]:
        monkeypatch.setattr(audit, "timezone", SimpleNamespace(now=lambda: moment))
        try:
            yield
        finally:
            monkeypatch.undo()

    return at


def log_query(
    actor: Actor,
    kind: str,
    query: dict[str, Any],
    at: datetime,
    *,
    records: list[int] = (),  # type: ignore[assignment]
    hits: list[int] = (),  # type: ignore[assignment]
    purpose: str = "",
) -> QueryLog:
    """A query-log row as `screening.services._finish` writes it."""
    return QueryLog.objects.create(
        at=at,
        user_id_ref=actor.user_id,
        actor_name=actor.username,
        affiliation=actor.affiliation,
        origin=actor.origin,
        kind=kind,
        query=query,
        result={"hit": bool(records), "records": list(records), "hits": list(hits), "disclosed": True},
        purpose=purpose,
    )


def make_hit(actor: Actor, kind: str, record_id: int, owner: str, at: datetime) -> Hit:
    """A hit as the screening service records it."""
    unit = Unit.objects.get(pk=actor.unit.unit_id) if actor.unit else None
    return Hit.objects.create(
        kind=kind,
        record_id=record_id,
        owner_country_id=owner,
        score=0.97,
        screened_by=User.objects.get(pk=actor.user_id),
        unit=unit,
        screening_country_id=actor.country,
        location="Gate 4",
        at=at,
    )


@pytest.fixture(autouse=True)
def fresh_index(fresh_screening_index: None) -> None:
    """Every test here searches the screening index: a fresh one (`tests/conftest.py`)."""


@pytest.fixture(autouse=True)
def own_data_folder(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
