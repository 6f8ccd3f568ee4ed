"""FollowTheMoney as a bulk-sync format: entity ids as external references, holders linked
within the batch, the same export sent twice changing nothing, refusals by line and property."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from polnet.feeds import services
from polnet.feeds.models import BatchStatus, ImportBatch
from polnet.network.actors import actor_for
from polnet.records import ftm_io
from polnet.records import services as records
from polnet.records.models import Artwork, Person, RecordChange, TravelDocument
from polnet.screening import index as screening_index
from tests.factories import Network, access, make_record
from tests.jobs.drive import run_jobs


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


def _import(net: Network, body: str, kind: str, **opts: Any) -> ImportBatch:
    actor = net.actor("FR-officer")
    batch = services.submit(actor, kind, [body.encode()], file_name="export.ftm.json", fmt="ftm", **opts)
    run_jobs()
    batch.refresh_from_db()
    return batch


def _exported(net: Network) -> str:
    """One bureau's persons and documents as FtM, then gone from this node (as when the file is
    read into another network): the batch creates them again by entity id."""
    fr = actor_for(net.users["FR-officer"], origin="test")
    person = make_record(fr, "person")
    records.create_record(
        fr,
        "document",
        {"number": "P1234567", "kind": "passport", "status": "lost", "date_reported": "2026-01-05"}
        | access()
        | {"holder_id": person.pk},
    )
    records.create_record(  # a document without holder: exported with a stand-in
        fr,
        "document",
        {"number": "I7654321", "kind": "id_card", "status": "stolen", "date_reported": "2026-01-06"}
        | access(),
    )
    text = "".join(ftm_io.export_lines(fr, ["person", "document"]))
    TravelDocument.objects.all().delete()
    Person.objects.all().delete()
    return text


def _state() -> set[tuple[str, int, int, Any]]:
    stored = [*Person.objects.all(), *TravelDocument.objects.all()]
    return {(type(r).__name__, r.pk, r.version, r.updated_at) for r in stored}


@pytest.mark.django_db
def test_an_export_sent_twice_as_a_batch_changes_nothing_the_second_time(net: Network) -> None:
    text = _exported(net)
    first = _import(net, text, "document")
    assert first.status == BatchStatus.DONE, first.errors
    assert (first.created, first.rows_failed) == (3, 0)  # a person, two documents
    passport = TravelDocument.objects.get(number="P1234567")
    holder = Person.objects.get()
    assert passport.holder_id == holder.pk and passport.status == "lost"
    assert passport.external_ref and passport.external_ref.startswith("polnet-")
    assert holder.external_ref and holder.names.count() == 2
    assert TravelDocument.objects.get(number="I7654321").holder_id is None  # the stand-in skipped
    before = _state()
    feed = RecordChange.objects.count()
    second = _import(net, text, "document")
    assert second.status == BatchStatus.DONE and second.same_as == first.pk
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert _state() == before and RecordChange.objects.count() == feed


@pytest.mark.django_db
def test_a_changed_entity_is_updated_by_its_id(net: Network) -> None:
    text = _exported(net)
    _import(net, text, "document")
    changed = text.replace('"lost"', '"stolen"')
    batch = _import(net, changed, "document")
    assert (batch.updated, batch.unchanged) == (1, 2)
    assert TravelDocument.objects.get(number="P1234567").status == "stolen"


@pytest.mark.django_db
def test_a_bad_entity_is_reported_by_line_and_property(net: Network) -> None:
    lines = _exported(net).splitlines()
    bad = json.loads(lines[-1])
    bad["properties"]["colour"] = ["red"]  # no such property of a Passport
    lines[-1] = json.dumps(bad)
    lines.append(json.dumps({"id": "v-1", "schema": "Vehicle", "properties": {"name": ["Van"]}}))
    batch = _import(net, "\n".join(lines) + "\n", "document")
    assert batch.status == BatchStatus.REJECTED and not TravelDocument.objects.exists()
    got = {(e["row"], e["field"], e["code"]) for e in batch.errors}
    assert got == {
        (len(lines) - 1, "colour", "ftm_property_unknown"),
        (len(lines), "schema", "import_schema_other"),
    }


@pytest.mark.django_db
def test_a_record_rule_names_the_property_and_a_foreign_document_is_refused(net: Network) -> None:
    lines = _exported(net).splitlines()
    doc = next(json.loads(x) for x in lines if '"Passport"' in x)
    doc["properties"]["country"] = ["de"]
    body = "\n".join(json.dumps(doc) if '"Passport"' in x else x for x in lines)
    batch = _import(net, body, "document", apply_valid_only=True)
    assert [(e["field"], e["code"]) for e in batch.errors] == [("country", "import_document_foreign")]
    assert batch.created == 2  # the person and the other document


@pytest.mark.django_db
def test_works_of_art_are_read_from_assets(net: Network) -> None:
    fr = actor_for(net.users["FR-officer"], origin="test")
    make_record(fr, "artwork")
    text = "".join(ftm_io.export_lines(fr, ["artwork"]))
    original = Artwork.objects.get()
    original.delete()
    batch = _import(net, text, "artwork")
    assert (batch.status, batch.created) == (BatchStatus.DONE, 1), batch.errors
    art = Artwork.objects.get()
    assert (art.title, art.artist, art.category) == (original.title, original.artist, original.category)
    assert _import(net, text, "artwork").unchanged == 1
