"""The screening query log is committed before a check's answer is given (group commit)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.utils import timezone

from polnet.core import audit
from polnet.core.models import AuditEntry
from polnet.screening import services
from polnet.screening.models import QueryLog
from polnet.screening.querylog import SEAL_TYPE, writer
from tests.factories import Network, make_record


def _committed_rows() -> int:
    """The query-log rows another connection sees: those committed."""
    seen: list[int] = []

    def count() -> None:
        try:
            seen.append(QueryLog.objects.count())
        finally:
            connections.close_all()

    reader = threading.Thread(target=count)
    reader.start()
    reader.join()
    return seen[0]


@pytest.mark.django_db(transaction=True)
def test_a_check_answers_once_its_query_is_committed(net: Network) -> None:
    de = net.actor("DE-officer")
    passport = make_record(net.actor("FR-officer"), "document")
    assert not services.screen_document(de, "ZZ0000001", None).hit
    assert _committed_rows() == 1
    assert services.screen_document(de, passport.number, None).hit
    assert _committed_rows() == 2
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_rows_queued_meanwhile_go_in_the_same_write_under_one_seal(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    de = net.actor("DE-officer")
    monkeypatch.setattr(writer, "wait", False)  # as in a passenger-list worker process
    for n in (1, 2):
        writer.add(de, "document", {"number": f"Q{n}"}, {"hit": False})
    assert QueryLog.objects.count() == 0
    monkeypatch.setattr(writer, "wait", True)
    writer.add(de, "document", {"number": "Q3"}, {"hit": False})
    assert [q["number"] for q in QueryLog.objects.order_by("id").values_list("query", flat=True)] == [
        "Q1",
        "Q2",
        "Q3",
    ]
    [seal] = AuditEntry.objects.filter(object_type=SEAL_TYPE)
    assert seal.detail["count"] == 3
    assert writer.flush() == 0  # nothing left behind
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_rows_left_unsealed_by_a_failed_seal_or_a_crash_are_sealed_by_the_next(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    from polnet.screening import querylog

    de = net.actor("DE-officer")
    monkeypatch.setattr(querylog.settings, "POLNET_QUERY_LOG_INLINE", False)
    monkeypatch.setattr(writer, "_sealer", object())  # as if its thread ran: this test seals by hand
    real_log = querylog.audit.log

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(querylog.audit, "log", broken)
    for n in (1, 2):
        writer.add(de, "document", {"number": f"Q{n}"}, {"hit": False})  # committed, not yet sealed
    with pytest.raises(RuntimeError):
        querylog.seal_pending()
    assert QueryLog.objects.count() == 2 and not AuditEntry.objects.filter(object_type=SEAL_TYPE).exists()
    monkeypatch.setattr(querylog.audit, "log", real_log)
    assert querylog.seal_pending() == 2
    assert querylog.seal_pending() == 0
    [seal] = AuditEntry.objects.filter(object_type=SEAL_TYPE)
    assert seal.detail["count"] == 2
    assert audit.verify_chain().ok
    QueryLog.objects.filter(query__number="Q2").update(query={"number": "Q9"})
    assert not audit.verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_a_seal_never_holds_up_a_check_on_postgresql(net: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a query-log insert in flight, the seal does not queue for the table (every check
    would queue behind it): it waits for the next round, and then covers the row too."""
    from django.db import connection, transaction

    from polnet.screening import querylog

    if connection.vendor != "postgresql":
        pytest.skip("SQLite writers queue on the database itself")
    de = net.actor("DE-officer")
    services.screen_document(de, "ZZ0000001", None)  # committed and sealed
    inserted, release = threading.Event(), threading.Event()

    def check_in_flight() -> None:
        try:
            with transaction.atomic():
                QueryLog.objects.create(at=timezone.now(), actor_name="x", affiliation="y", kind="document")
                inserted.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    monkeypatch.setattr(querylog.settings, "POLNET_QUERY_LOG_INLINE", False)
    monkeypatch.setattr(writer, "_sealer", object())  # as if its thread ran: this test seals by hand
    other = threading.Thread(target=check_in_flight)
    other.start()
    assert inserted.wait(timeout=30)
    writer.add(de, "document", {"number": "Q2"}, {"hit": False})  # committed meanwhile
    assert querylog.seal_pending() == 0  # at once, not after the other transaction
    release.set()
    other.join()
    assert querylog.seal_pending() == 2
    assert audit.verify_chain().ok
