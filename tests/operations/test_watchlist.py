"""The watch list: checks at participating posts during the active phase flag operation hits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from polnet.notifications.services import inbox
from polnet.operations import watchlist
from polnet.operations.models import Operation, OperationHit, Participant, Phase, Target
from polnet.screening import services as screening
from polnet.screening.listeners import CheckDone
from tests.factories import Network, make_record


def make_operation(net: Network, phase: str = Phase.ACTIVE, coordinator: str | None = "IT") -> Operation:
    op = Operation.objects.create(
        code_name=f"Folosa-{Operation.objects.count()}",
        crime_area="drugs",
        coordinator=net.bureaus[coordinator] if coordinator else None,
        prepares_on=date(2026, 11, 1),
        active_on=date(2026, 12, 1),
        active_until=date(2026, 12, 10),
        closes_on=date(2026, 12, 20),
        phase=phase,
        created_by=net.users["IT-officer"],
    )
    fr = Participant.objects.create(operation=op, country_id="FR")
    fr.units.add(net.units["FR-full"])
    Participant.objects.create(operation=op, country_id="IT")
    return op


def target(net: Network, op: Operation, kind: str, **kw: Any) -> Target:
    return Target.objects.create(
        operation=op,
        kind=kind,
        label=kw.pop("label", f"{kind} target"),
        action="locate",
        added_by=net.users["IT-officer"],
        **kw,
    )


@pytest.fixture(autouse=True)
def _fresh_watch_list() -> Iterator[None]:
    """No participation cached by an earlier test (its rows rolled back) reaches the next."""
    watchlist.forget()
    yield
    watchlist.forget()


@pytest.fixture
def doc(net: Network, fresh_screening_index: None) -> Any:
    return make_record(net.actor("DE-officer"), "document")


@pytest.mark.django_db(transaction=True)
def test_a_document_check_at_a_participating_post_flags_an_operation_hit(net: Network, doc: Any) -> None:
    op = make_operation(net)
    t = target(net, op, "document", record_id=doc.pk)
    result = screening.screen_document(net.actor("FR-unit-full"), doc.number, None, location="Calais")
    assert result.hit
    found = OperationHit.objects.get()
    assert (found.operation, found.target, found.country_id) == (op, t, "FR")
    assert found.hit_id == result.candidates[0].hit_id and found.unit == net.units["FR-full"]
    assert found.location == "Calais"
    # The coordinating bureau hears of it, and its officers may open it.
    coordinator_inbox = list(inbox(net.actor("IT-officer")).filter(kind="operation_hit"))
    assert [(n.subject, n.subject_id) for n in coordinator_inbox] == [("operation_hit", found.pk)]
    assert not inbox(net.actor("ES-officer")).filter(kind="operation_hit").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("phase", [Phase.PREPARATION, Phase.CLOSING, Phase.CLOSED])
def test_no_operation_hit_outside_the_active_phase(net: Network, doc: Any, phase: str) -> None:
    op = make_operation(net, phase=phase)
    target(net, op, "document", record_id=doc.pk)
    assert screening.screen_document(net.actor("FR-unit-full"), doc.number, None).hit
    assert not OperationHit.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("checker", ["FR-unit-writer", "ES-unit-full", "ES-officer"])
def test_no_operation_hit_outside_the_participants(net: Network, doc: Any, checker: str) -> None:
    op = make_operation(net)
    target(net, op, "document", record_id=doc.pk)
    assert screening.screen_document(net.actor(checker), doc.number, None).hit
    assert not OperationHit.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_participating_bureau_check_flags_too(net: Network, doc: Any) -> None:
    op = make_operation(net)
    target(net, op, "document", record_id=doc.pk)
    screening.screen_document(net.actor("FR-officer"), doc.number, None)
    found = OperationHit.objects.get()
    assert (found.country_id, found.unit_id) == ("FR", None)


@pytest.mark.django_db(transaction=True)
def test_a_phase_change_is_heard_at_once(net: Network, doc: Any) -> None:
    op = make_operation(net, phase=Phase.PREPARATION)
    target(net, op, "document", record_id=doc.pk)
    actor = net.actor("FR-unit-full")
    screening.screen_document(actor, doc.number, None)
    op.phase = Phase.ACTIVE
    op.save()
    screening.screen_document(actor, doc.number, None)
    assert OperationHit.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_operation_only_plate_and_document_number_flag_on_a_matching_check(
    net: Network, fresh_screening_index: None
) -> None:
    op = make_operation(net, coordinator=None)  # the secretariat coordinates
    plate = target(net, op, "plate", identifier="ab 123-cd", label="Grey van")
    other = target(net, op, "other", identifier="XK-77.001", label="Suspect passport")
    target(net, op, "container", identifier="MSCU1234565", label="A container")
    actor = net.actor("FR-unit-full")
    # Both the plate and (as typed) the same identifier again: one operation hit, not two.
    screening.screen_vehicle(actor, plate="AB123CD", plate_country="FR")
    screening.screen_document(actor, "xk77001", None)
    screening.screen_vehicle(actor, plate="ZZ999ZZ")
    hits = list(OperationHit.objects.order_by("pk"))
    assert [(h.target, h.hit_id) for h in hits] == [(plate, None), (other, None)]
    reviewer_inbox = inbox(net.actor("gs-reviewer")).filter(kind="operation_hit")
    assert sorted(reviewer_inbox.values_list("subject_id", flat=True)) == [h.pk for h in hits]


@pytest.mark.django_db(transaction=True)
def test_one_operation_hit_per_target_and_check(net: Network, fresh_screening_index: None) -> None:
    op = make_operation(net)
    target(net, op, "plate", identifier="AB-123-CD")
    target(net, op, "other", identifier="AB123CD", label="the same, typed again")
    screening.screen_vehicle(net.actor("FR-unit-full"), vin="1M8GDM9AXKP042788", plate="AB 123 CD")
    assert OperationHit.objects.count() == 2  # two targets, each once
    screening.screen_vehicle(net.actor("FR-unit-full"), plate="AB 123 CD")
    assert OperationHit.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_check_costs_no_query_when_no_operation_is_active(net: Network, doc: Any) -> None:
    op = make_operation(net, phase=Phase.PREPARATION)
    target(net, op, "document", record_id=doc.pk)
    actor = net.actor("FR-unit-full")
    screening.screen_document(actor, doc.number, None)  # warms the cache
    with CaptureQueriesContext(connection) as queries:
        done = CheckDone(actor, "document", {"number": doc.number}, "", (("document", doc.pk, 1),))
        watchlist._on_check(done)
    assert len(queries) == 0
    assert not OperationHit.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failing_watch_list_does_not_lose_the_check(
    net: Network, doc: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    op = make_operation(net)
    target(net, op, "document", record_id=doc.pk)

    def broken(*_: object) -> None:
        raise RuntimeError("down")

    monkeypatch.setattr(watchlist, "flag", broken)
    assert screening.screen_document(net.actor("FR-unit-full"), doc.number, None).hit
    assert not OperationHit.objects.exists()
