"""A record hidden a moment ago gives no hit, whatever the process's index still says.

Each test builds the index, then stops it from following the change feed (as another server
process, or a passenger-list worker, that has not caught up yet), changes the record through
the services, and screens.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from polnet.core.actor import Actor, system_actor
from polnet.notices.states import Act
from polnet.records import services as records
from polnet.records.models import RECORD_MODELS
from polnet.screening import index as screening_index
from polnet.screening import services
from polnet.screening.batches import input as batch_input
from polnet.screening.batches import runs as batches
from polnet.screening.models import Hit, QueryLog
from tests.factories import Network, make_record, signed_in_client
from tests.notices.helpers import act, published

KINDS = ("person", "document", "vehicle", "firearm", "artwork")


def _screen(actor: Actor, kind: str, rec: Any) -> services.ScreeningResult:
    if kind == "person":
        return services.screen_person(
            actor, services.person_query("Ivan Ivanov", date_of_birth="1974-08-12"), purpose="identification"
        )
    if kind == "document":
        return services.screen_document(actor, rec.number, None)
    if kind == "vehicle":
        return services.screen_vehicle(actor, vin=rec.vin)
    if kind == "artwork":
        return services.screen_artwork(actor, title=rec.title, artist=rec.artist)
    return services.screen_firearm(actor, serial=rec.serial_number)


def _lagging_index(monkeypatch: pytest.MonkeyPatch) -> screening_index.ScreeningIndex:
    """The process's index as it is now, no longer following the change feed."""
    idx = screening_index.current()
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 3600.0)
    return idx


def _restrict(net: Network, kind: str, pk: int, listed: list[str]) -> None:
    version = RECORD_MODELS[kind].objects.get(pk=pk).version
    records.update_record(
        net.actor("FR-officer"),
        kind,
        pk,
        {"version": version, "restriction": "only_listed", "listed_countries": listed},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_a_tightened_restriction_takes_effect_before_the_index_follows(
    net: Network, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    rec = make_record(net.actor("FR-officer"), kind)
    idx = _lagging_index(monkeypatch)
    _restrict(net, kind, rec.pk, ["IT"])
    assert idx.facts[kind].get(rec.pk).restriction == "all"  # type: ignore[union-attr]  # still stale

    for who in ("DE-officer", "DE-unit-full", "DE-unit-hitonly"):
        result = _screen(net.actor(who), kind, rec)
        assert (result.hit, result.candidates) == (False, []), who
    assert not Hit.objects.exists()  # the owner is told of no hit, and none is recorded
    logged = list(QueryLog.objects.values_list("result", flat=True))
    assert [(r["hit"], r["records"], r["hits"]) for r in logged] == [(False, [], [])] * 3
    assert _screen(net.actor("IT-officer"), kind, rec).hit  # still listed

    # The other way may wait for the index: a loosened restriction offers the record a moment late.
    idx.refresh(force=True)
    version = RECORD_MODELS[kind].objects.get(pk=rec.pk).version
    records.update_record(net.actor("FR-officer"), kind, rec.pk, {"version": version, "restriction": "all"})
    assert not _screen(net.actor("DE-officer"), kind, rec).hit
    idx.refresh(force=True)
    assert _screen(net.actor("DE-officer"), kind, rec).hit


@pytest.mark.django_db
def test_the_api_shows_nothing_of_a_record_restricted_a_moment_ago(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    _lagging_index(monkeypatch)
    _restrict(net, "person", rec.pk, ["IT"])
    r = signed_in_client(net.users["DE-officer"]).post(
        "/api/screening/person",
        json.dumps({"name": "Ivan Ivanov", "date_of_birth": "1974-08-12", "purpose": "identification"}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json() == {"kind": "person", "hit": False, "disclosed": True, "candidates": [], "related": []}


@pytest.mark.django_db
def test_a_deleted_or_expired_record_gives_no_hit_before_the_index_follows(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    fr = net.actor("FR-officer")
    gone, expired = make_record(fr, "document"), make_record(fr, "document")
    _lagging_index(monkeypatch)
    records.delete_record(fr, "document", gone.pk)
    RECORD_MODELS["document"].objects.filter(pk=expired.pk).update(review_date="2020-01-01")
    records.expire_overdue(system_actor("test"))
    de = net.actor("DE-officer")
    assert not _screen(de, "document", gone).hit
    assert not _screen(de, "document", expired).hit
    assert _screen(fr, "document", expired).hit  # the owner still sees its expired record
    assert list(Hit.objects.values_list("record_id", flat=True)) == [expired.pk]


@pytest.mark.django_db
def test_a_passenger_list_gets_no_hit_on_a_record_restricted_a_moment_ago(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    fr = net.actor("FR-officer")
    person, document = make_record(fr, "person"), make_record(fr, "document")
    _lagging_index(monkeypatch)
    _restrict(net, "person", person.pk, ["IT"])
    _restrict(net, "document", document.pk, ["IT"])
    row = {
        **dict.fromkeys(batch_input.COLUMNS, ""),
        "name": "Ivan Ivanov",
        "date_of_birth": "1974-08-12",
        "document_number": document.number,
    }
    out = batches.check_row(replace(net.actor("DE-officer"), default_purpose="border_management"), row)
    assert (out["person_hit"], out["document_hit"], out["hit_ids"]) == (0, 0, "")
    assert not Hit.objects.exists()


@pytest.mark.django_db
def test_a_notice_suspended_a_moment_ago_gives_no_hit(net: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    notice = published(net)
    _lagging_index(monkeypatch)
    act(net.actor("FR-officer"), notice, Act.SUSPEND, until=date.today() + timedelta(days=30))
    query = services.person_query("Viktor Petrenko", date_of_birth="1981-04-17")
    for who in ("DE-officer", "DE-unit-hitonly", "FR-officer"):
        result = services.screen_person(net.actor(who), query, purpose="identification")
        assert (result.hit, result.candidates) == (False, []), who
    assert not Hit.objects.exists()
