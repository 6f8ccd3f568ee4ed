"""A unit whose scope is hit / no hit learns of its hits only what it needs to report an outcome:
the hit's reference, when and where, the kind of check and the outcome. The API's list, its
event stream, the outcome's answer and the "Our hits" page read a hit through one rule."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from polnet.screening.models import Hit
from tests.factories import Network, make_record, signed_in_client
from tests.notices.helpers import published

HIDDEN = {"disclosed": False, "record_id": None, "owner_country": None, "score": None}


def _check(client: Client, name: str, dob: str) -> dict[str, Any]:
    body = {"name": name, "date_of_birth": dob, "location": "Munich airport", "purpose": "border_management"}
    r = client.post("/api/screening/person", json.dumps(body), content_type="application/json")
    assert r.status_code == 200, r.content
    return r.json()  # type: ignore[no-any-return]


def _shown(hit: dict[str, Any]) -> dict[str, Any]:
    return {k: hit[k] for k in ("kind", *HIDDEN)}


@pytest.mark.django_db
def test_a_hit_only_unit_gets_its_hits_without_record_owner_or_score(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    unit = signed_in_client(net.users["DE-unit-hitonly"])
    answer = _check(unit, "Ivan Ivanov", "1974-08-12")
    hit = Hit.objects.get()
    assert answer["hit_ids"] == [hit.pk]

    [listed] = unit.get("/api/screening/hits").json()
    assert _shown(listed) == {"kind": "person", **HIDDEN}
    assert (listed["id"], listed["location"], listed["outcome"]) == (hit.pk, "Munich airport", "pending")

    r = unit.post(
        f"/api/screening/hits/{hit.pk}/outcome",
        json.dumps({"outcome": "refused_entry"}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert _shown(r.json()) == {"kind": "person", **HIDDEN} and r.json()["outcome"] == "refused_entry"

    # Everyone else sees what it saw before.
    [full] = signed_in_client(net.users["FR-officer"]).get("/api/screening/hits").json()
    assert (full["disclosed"], full["record_id"], full["owner_country"]) == (True, hit.record_id, "FR")
    assert full["score"] == pytest.approx(hit.score)


@pytest.mark.django_db
def test_a_hit_only_unit_may_not_sort_its_hits_by_owner(net: Network) -> None:
    """Asking for the hits on one's own country's records would say whose the record is."""
    make_record(net.actor("DE-officer"), "person")
    unit = signed_in_client(net.users["DE-unit-hitonly"])
    assert _check(unit, "Ivan Ivanov", "1974-08-12")["hit"]
    for url in ("/api/screening/hits?on_my_records=true", "/api/screening/hits/stream"):
        r = unit.get(url)
        assert r.status_code == 403, url
        assert "hit / no hit" in r.content.decode(), url
    full_unit = signed_in_client(net.users["DE-unit-full"])
    assert full_unit.get("/api/screening/hits?on_my_records=true").status_code == 200


@pytest.mark.django_db
def test_a_hit_only_unit_is_not_told_that_it_hit_a_notice(net: Network) -> None:
    published(net)
    unit = signed_in_client(net.users["DE-unit-hitonly"])
    assert _check(unit, "Viktor Petrenko", "1981-04-17")["hit"]
    hit = Hit.objects.get()
    assert hit.kind == "notice"
    [listed] = unit.get("/api/screening/hits").json()
    assert _shown(listed) == {"kind": "person", **HIDDEN}
    page = unit.get("/check/our-hits/").content.decode()
    main = page[page.index("<main") :]
    assert f"Hit {hit.pk}" in main and "Person" in main and "Notice" not in main


@pytest.mark.django_db
def test_the_api_schema_says_which_fields_a_hit_only_unit_does_not_get(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["HitOut"]
    for field in ("record_id", "owner_country", "score"):
        types = {t.get("type") for t in schema["properties"][field].get("anyOf", [])}
        assert "null" in types, field
        assert "not disclosed" in schema["properties"][field]["description"], field
    assert schema["properties"]["disclosed"]["type"] == "boolean"
