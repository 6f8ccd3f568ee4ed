"""The life of a record: located or recovered, cancelled, reactivated, deleted; owner only,
audited, in the record's history, and out of screening at the next check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.records import services as records
from polnet.records.models import RECORD_MODELS, RecordEvent
from polnet.screening import index as screening_index
from polnet.screening import services as screening
from polnet.screening.models import Hit
from tests.factories import Network, make_record

SCREENED = ("person", "document", "vehicle", "firearm")


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test's database is new, and so is the process's index."""
    screening_index.reset()
    yield
    screening_index.reset()


def _screen(actor: Actor, kind: str, rec: Any) -> screening.ScreeningResult:
    if kind == "person":
        return screening.screen_person(
            actor, screening.person_query("Ivan Ivanov", date_of_birth="1974-08-12"), purpose="identification"
        )
    if kind == "document":
        return screening.screen_document(actor, rec.number, None)
    if kind == "vehicle":
        return screening.screen_vehicle(actor, vin=rec.vin)
    return screening.screen_firearm(actor, serial=rec.serial_number)


def _lagging(monkeypatch: pytest.MonkeyPatch) -> screening_index.ScreeningIndex:
    """The index as it is now, not following the change feed (another process not caught up)."""
    idx = screening_index.current()
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 3600.0)
    return idx


@pytest.mark.django_db
@pytest.mark.parametrize("kind", SCREENED)
def test_a_located_record_stops_hitting_at_the_next_check(
    net: Network, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    rec = make_record(net.actor("FR-officer"), kind)
    border = net.actor("DE-unit-full")
    idx = _lagging(monkeypatch)
    assert _screen(border, kind, rec).hit  # before: a hit

    records.locate_record(net.actor("FR-officer"), kind, rec.pk, "Found in Lyon")
    assert idx.facts[kind].get(rec.pk) is not None  # the index has not followed yet ...
    hits_before = Hit.objects.count()
    for who in ("DE-unit-full", "DE-unit-hitonly", "DE-officer", "FR-officer"):
        result = _screen(net.actor(who), kind, rec)
        assert (result.hit, result.candidates) == (False, []), who  # ... and still no hit
    assert Hit.objects.count() == hits_before

    idx.refresh(force=True)  # once it follows, the record has left the index itself
    assert idx.facts[kind].get(rec.pk) is None


@pytest.mark.django_db
@pytest.mark.parametrize("kind", SCREENED)
def test_a_cancelled_record_stops_hitting_and_a_reactivated_one_hits_again(
    net: Network, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    owner, border = net.actor("FR-officer"), net.actor("IT-unit-full")
    rec = make_record(owner, kind)
    assert _screen(border, kind, rec).hit
    records.cancel_record(owner, kind, rec.pk, "Entered by mistake")
    assert not _screen(border, kind, rec).hit
    records.reactivate_record(owner, kind, rec.pk)
    result = _screen(border, kind, rec)
    assert result.hit and [c.record_id for c in result.candidates] == [rec.pk]


@pytest.mark.django_db
def test_only_the_owner_bureau_may_close_a_record(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "vehicle")
    for who in ("DE-officer", "DE-admin", "FR-analyst", "FR-unit-full", "gs-reviewer"):
        with pytest.raises(Forbidden):
            records.locate_record(net.actor(who), "vehicle", rec.pk)
        with pytest.raises(Forbidden):
            records.cancel_record(net.actor(who), "vehicle", rec.pk, "no")
    hidden = make_record(net.actor("FR-officer"), "vehicle", restriction="only_listed", listed=["IT"])
    with pytest.raises(NotFound):  # hidden from DE: it reads as absent
        records.cancel_record(net.actor("DE-officer"), "vehicle", hidden.pk, "no")
    assert RECORD_MODELS["vehicle"].objects.filter(state="active").count() == 2
    # A unit the bureau let write may close its country's records.
    records.locate_record(net.actor("FR-unit-writer"), "vehicle", rec.pk)
    assert RECORD_MODELS["vehicle"].objects.get(pk=rec.pk).state == "recovered"


@pytest.mark.django_db
def test_a_cancellation_needs_a_reason_and_a_closed_record_is_not_closed_again(net: Network) -> None:
    owner = net.actor("FR-officer")
    rec = make_record(owner, "person")
    for blank in ("", "   "):
        with pytest.raises(InvalidInput) as refused:
            records.cancel_record(owner, "person", rec.pk, blank)
        assert (refused.value.code, refused.value.field) == ("reason_required", "reason")
    with pytest.raises(InvalidInput):
        records.cancel_record(owner, "person", rec.pk, "x" * 2001)
    with pytest.raises(Conflict):
        records.reactivate_record(owner, "person", rec.pk)  # it is active
    records.locate_record(owner, "person", rec.pk)
    with pytest.raises(Conflict) as again:
        records.cancel_record(owner, "person", rec.pk, "later")
    assert again.value.code == "record_not_active"
    assert RECORD_MODELS["person"].objects.get(pk=rec.pk).state == "located"


@pytest.mark.django_db
def test_each_act_is_audited_and_in_the_history(net: Network) -> None:
    owner = net.actor("FR-officer")
    rec = make_record(owner, "firearm")
    records.update_record(owner, "firearm", rec.pk, {"version": 1, "calibre": "9x19", "make": "Glock"})
    records.cancel_record(owner, "firearm", rec.pk, "Duplicate of another record")
    records.reactivate_record(owner, "firearm", rec.pk, "Not a duplicate after all")
    records.locate_record(owner, "firearm", rec.pk, "Seized at the port")

    audited = list(
        AuditEntry.objects.filter(object_type="firearm", object_id=str(rec.pk))
        .order_by("seq")
        .values_list("action", "actor_name", "detail")
    )
    assert [a for a, _, _ in audited] == ["create", "update", "cancelled", "reactivated", "recovered"]
    assert {n for _, n, _ in audited} == {"fr-officer"}
    assert audited[2][2]["from"] == "active" and audited[2][2]["to"] == "cancelled"
    assert audited[2][2]["reason_given"] is True

    stored = RECORD_MODELS["firearm"].objects.get(pk=rec.pk)
    assert (stored.state, stored.state_reason, stored.version) == ("recovered", "Seized at the port", 5)
    assert stored.state_changed_at is not None and stored.state_changed_by_id == owner.user_id

    # The owner's officers read who did what; another country reads it too, without the names.
    _, steps = records.record_history(owner, "firearm", rec.pk)
    assert [s.act for s in steps] == ["recovered", "reactivated", "cancelled", "update", "create"]
    assert steps[3].fields == ["calibre", "make"] and steps[2].reason == "Duplicate of another record"
    assert {s.by for s in steps} == {"fr-officer"}
    _, seen_abroad = records.record_history(net.actor("DE-officer"), "firearm", rec.pk)
    assert [s.act for s in seen_abroad] == [s.act for s in steps]
    assert {s.by for s in seen_abroad} == {""}
    with pytest.raises(Forbidden):  # a hit / no hit unit reads no record, nor its history
        records.record_history(net.actor("DE-unit-hitonly"), "firearm", rec.pk)
    # Field names only: no value the officer typed is in the history's changed fields.
    assert "9x19" not in str(RecordEvent.objects.filter(record_id=rec.pk).values_list("fields", flat=True))


@pytest.mark.django_db
def test_a_closed_record_stays_readable_and_lists_on_request(net: Network) -> None:
    owner = net.actor("FR-officer")
    located = make_record(owner, "person")
    active = make_record(owner, "person")
    records.locate_record(owner, "person", located.pk, "Arrested in Marseille")
    for who in ("FR-officer", "DE-officer", "DE-unit-full"):
        reader = net.actor(who)
        assert records.read_record(reader, "person", located.pk).state == "located"
        _, default = records.list_records(reader, "person", filters={"state": "active"})
        assert [r.pk for r in default] == [active.pk], who
        _, closed = records.list_records(reader, "person", filters={"state": "located"})
        assert [r.pk for r in closed] == [located.pk], who
    with pytest.raises(NotFound):  # hidden from who could not read it before
        records.record_history(
            net.actor("DE-officer"),
            "person",
            make_record(owner, "person", restriction="only_listed", listed=["IT"]).pk,
        )


@pytest.mark.django_db
def test_deleting_takes_the_history_along_and_is_audited(net: Network) -> None:
    owner = net.actor("FR-officer")
    rec = make_record(owner, "document")
    records.cancel_record(owner, "document", rec.pk, "Holder reported it found")
    with pytest.raises(Forbidden):
        records.delete_record(net.actor("DE-officer"), "document", rec.pk)
    records.delete_record(owner, "document", rec.pk)
    assert not RecordEvent.objects.filter(kind="document", record_id=rec.pk).exists()
    actions = AuditEntry.objects.filter(object_type="document", object_id=str(rec.pk))
    assert list(actions.order_by("seq").values_list("action", flat=True)) == ["create", "cancelled", "delete"]
