"""A record's access history: what it holds, merged from the three sources, and who may see it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from polnet.core.errors import Forbidden, NotFound
from polnet.core.models import AuditEntry
from polnet.dataprotection.console import services
from polnet.records import services as records
from tests.dataprotection.conftest import log_query, make_hit
from tests.factories import Network, make_record, signed_in_client

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def planted(net: Network, clock: Any) -> dict[str, Any]:
    """A French person with a travel document: read in Germany, searched in France, hit at a
    French airport (a query-log row named it), its document read in Italy."""
    fr = net.actor("FR-officer")
    person = make_record(fr, "person")
    document = make_record(fr, "document")
    records.update_record(fr, "document", document.pk, {"holder_id": person.pk, "version": document.version})
    other = make_record(fr, "person")
    with clock(T0):
        records.read_record(net.actor("DE-officer"), "person", person.pk)
    with clock(T0 + timedelta(minutes=5)):
        records.list_records(fr, "person", text="Ivanov", purpose="investigation")
    unit = net.actor("FR-unit-full")
    hit = make_hit(unit, "person", person.pk, "FR", T0 + timedelta(minutes=10))
    log_query(
        unit,
        "person",
        {"names": ["Ivan Ivanov"]},
        T0 + timedelta(minutes=10),
        records=[person.pk],
        hits=[hit.pk],
        purpose="border_management",
    )
    # A hit on another record with an id that must not be mistaken for this one's.
    other_hit = make_hit(unit, "person", other.pk, "FR", T0 + timedelta(minutes=11))
    log_query(
        unit,
        "person",
        {"names": ["Petra"]},
        T0 + timedelta(minutes=11),
        records=[other.pk],
        hits=[other_hit.pk],
    )
    with clock(T0 + timedelta(minutes=20)):
        records.read_record(net.actor("IT-officer"), "document", document.pk)
    return {"person": person, "document": document, "hit": hit, "other": other}


def test_history_merges_reads_searches_hits_and_documents(net: Network, planted: dict[str, Any]) -> None:
    person = planted["person"]
    ref, page = services.access_history(net.actor("FR-dpo"), "person", person.pk)
    assert ref.documents == [planted["document"].pk]
    seen = [(e.source, e.action, e.user, e.object_type) for e in page.events]
    assert seen == [
        ("audit", "update", "fr-officer", "document"),  # made today, after the planted acts
        ("audit", "create", "fr-officer", "document"),
        ("audit", "create", "fr-officer", "person"),
        ("audit", "read", "it-officer", "document"),
        ("query", "shown", "fr-unit-full", "person"),
        ("hit", "hit", "fr-unit-full", "person"),
        ("audit", "search", "fr-officer", "person"),
        ("audit", "read", "de-officer", "person"),
    ]
    read = page.events[-1]
    assert read.at == T0 and read.purpose == "investigation" and read.origin == "test"
    assert page.events[4].purpose == "border_management"
    assert page.total == 8


def test_history_is_paginated(net: Network, planted: dict[str, Any]) -> None:
    officer = net.actor("FR-dpo")
    first = services.access_history(officer, "person", planted["person"].pk, page=1, per_page=3)[1]
    third = services.access_history(officer, "person", planted["person"].pk, page=3, per_page=3)[1]
    assert (first.pages, len(first.events), first.has_next) == (3, 3, True)
    assert [e.user for e in third.events] == ["fr-officer", "de-officer"] and not third.has_next


def test_reading_a_history_is_audited(net: Network, planted: dict[str, Any]) -> None:
    services.access_history(net.actor("gs-dpo"), "person", planted["person"].pk)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert (entry.actor_name, entry.action, entry.object_type, entry.purpose) == (
        "gs-dpo",
        "read",
        "access_history",
        "data_protection",
    )
    assert entry.object_id == f"person:{planted['person'].pk}"


@pytest.mark.parametrize(
    ("user", "refusal"),
    [
        ("DE-dpo", NotFound),  # another bureau's record: absent, as everywhere
        ("FR-officer", Forbidden),
        ("FR-admin", Forbidden),
        ("FR-analyst", Forbidden),
        ("FR-unit-full", Forbidden),
        ("gs-reviewer", Forbidden),
        ("gs-sysadmin", Forbidden),
    ],
)
def test_only_the_owners_and_the_secretariats_officer_see_a_history(
    net: Network, planted: dict[str, Any], user: str, refusal: type[Exception]
) -> None:
    with pytest.raises(refusal):
        services.access_history(net.actor(user), "person", planted["person"].pk)
    assert services.access_history(net.actor("gs-dpo"), "person", planted["person"].pk)[1].total == 8


def test_history_page_and_api(net: Network, planted: dict[str, Any]) -> None:
    pk = planted["person"].pk
    dpo = signed_in_client(net.users["FR-dpo"])
    html = dpo.get(f"/dataprotection/console/history/person/{pk}/").content.decode()
    assert "de-officer" in html and "border_management" in html and "it-officer" in html
    body = dpo.get(f"/api/dataprotection/access-history/person/{pk}").json()
    assert body["total"] == 8 and body["documents"] == [planted["document"].pk]
    assert {e["source"] for e in body["events"]} == {"audit", "query", "hit"}
    assert (
        signed_in_client(net.users["DE-dpo"]).get(f"/dataprotection/console/history/person/{pk}/").status_code
        == 404
    )
    officer: Client = signed_in_client(net.users["FR-officer"])
    assert officer.get(f"/dataprotection/console/history/person/{pk}/").status_code == 403
    assert officer.get(f"/api/dataprotection/access-history/person/{pk}").status_code == 403
    bad = dpo.get("/api/dataprotection/access-history/spaceship/1")
    assert bad.status_code == 422 and bad.json()["code"] == "unknown_record_kind"


def test_a_number_beyond_any_record_is_answered_not_crashed(net: Network) -> None:
    huge = "9" * 25
    client = signed_in_client(net.users["gs-dpo"])
    page = client.get(f"/dataprotection/console/history/person/{huge}/")
    assert page.status_code in (200, 404, 422)
    api = client.get(f"/api/dataprotection/access-history/person/{huge}")
    assert api.status_code in (200, 404, 422)
    assert client.get("/api/dataprotection/log", {"kind": "person", "record_id": "9" * 18}).status_code == 200
