"""The migration that starts the versions gives every notice already published its version 1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from polnet.notices.models import NoticeVersion
from tests.factories import network
from tests.notices.helpers import draft, published


def _migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def _latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture(autouse=True)
def back_to_latest() -> Iterator[None]:
    yield
    _latest()


@pytest.mark.django_db(transaction=True)
def test_published_notices_get_their_first_version() -> None:
    net = network()
    notice = published(net)
    mine = draft(net)
    NoticeVersion.objects.all().delete()  # as before versions were kept
    _migrate([("notices", "0006_after_publication")])
    _migrate([("notices", "0007_first_versions")])
    [version] = NoticeVersion.objects.filter(notice=notice)
    assert (version.number, version.act, version.at) == (1, "publish", notice.published_at)
    assert [n["family"] for n in version.content["names"]] == ["Petrenko", "Петренко"]
    assert version.content["warrants"][0]["charge"] == "Armed robbery"
    assert not NoticeVersion.objects.filter(notice=mine).exists()  # a draft has no version
