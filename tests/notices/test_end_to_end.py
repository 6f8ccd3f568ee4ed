"""From a bureau's request to a hit at a border: request -> review -> publish -> screening.

Driven through the API with real signed-in sessions; the screening side is the engine's
person index fed from `published_person_subjects`, with hits filtered by the notice policy
exactly as a screening service must do.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from polnet.core.actor import Actor
from polnet.notices import policy
from polnet.notices.models import NoticeChange, Notification
from polnet.notices.screening_feed import published_person_subjects
from polnet.screening.engine.person.engine import PersonIndex, PersonQuery
from polnet.screening.notice_subjects import engine_row
from tests.factories import Network, signed_in_client
from tests.notices.helpers import RED, content


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}, default=str), content_type="application/json")


def screen(
    index: PersonIndex, facts: dict[int, policy.NoticeFacts], actor: Actor, name: str, dob: str
) -> list[int]:
    query = PersonQuery(name, date_of_birth=dob)
    return [m.record_id for m in index.search(query, allowed=lambda pk: policy.can_see(actor, facts[pk]))]


@pytest.mark.django_db
def test_request_review_publish_then_a_screening_hit(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    gs = signed_in_client(net.users["gs-reviewer"])

    # The bureau writes and submits its request.
    r = _post(fr, "/api/notices/", content(RED))
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert _post(fr, f"/api/notices/{pk}/submit").json()["state"] == "requested"

    # The reviewer finds it in the queue with its pre-check, reviews and publishes it.
    queue = gs.get("/api/notices/queue").json()
    assert [(i["id"], i["precheck_summary"]) for i in queue] == [
        (pk, {"missing": 0, "minimum": 0, "article3": 0, "link_restricted": 0})
    ]
    assert _post(gs, f"/api/notices/{pk}/start-review").json()["state"] == "in_review"
    published = _post(gs, f"/api/notices/{pk}/publish", {"reason": "Compliant."}).json()
    assert published["state"] == "published" and published["entity_id"]

    # Members are told; the history says who did what.
    de = signed_in_client(net.users["DE-officer"])
    assert [n["notice_id"] for n in de.get("/api/notices/notifications").json()] == [pk]
    steps = [(e["act"], e["actor"]) for e in fr.get(f"/api/notices/{pk}/history").json()]
    assert steps == [
        ("create", "fr-officer"),
        ("submit", "fr-officer"),
        ("start_review", "gs-reviewer"),
        ("publish", "gs-reviewer"),
    ]

    # Screening: the feed gives the subject; a border officer's check hits the notice.
    feed = published_person_subjects()
    assert [row.notice_id for row in feed.rows] == [pk]
    facts = {row.notice_id: row.facts for row in feed.rows}
    index = PersonIndex.build(engine_row(row) for row in feed.rows)
    border = net.actor("DE-unit-full")
    assert screen(index, facts, border, "PETRENKO Viktor", "1981-04-17") == [pk]
    assert screen(index, facts, border, "Петренко Виктор", "1981") == [pk]  # the Cyrillic form
    assert screen(index, facts, border, "Jean Dupont", "1981-04-17") == []
    docs_only = net.actor("DE-unit-docsonly")
    assert screen(index, facts, docs_only, "Viktor Petrenko", "1981-04-17") == []

    # Suspended: out of the feed and out of screening, in the same transaction as the act.
    until = str(timezone.localdate() + timedelta(days=30))
    assert _post(fr, f"/api/notices/{pk}/suspend", {"reason": "Checking", "until": until}).status_code == 200
    change = published_person_subjects(since_seq=feed.last_seq)
    assert change.rows == [] and change.removed == [pk]
    for removed in change.removed:
        index.remove(removed)
    assert screen(index, facts, border, "Viktor Petrenko", "1981-04-17") == []
    assert list(NoticeChange.objects.filter(notice_id=pk).values_list("removed", flat=True)) == [False, True]

    # Resumed: back in the feed.
    assert _post(fr, f"/api/notices/{pk}/resume").status_code == 200
    again = published_person_subjects(since_seq=change.last_seq)
    assert [r.notice_id for r in again.rows] == [pk] and again.removed == []
    assert Notification.objects.filter(notice_id=pk, kind="resumed").count() == 3


@pytest.mark.django_db
def test_restrictions_follow_the_subject_into_screening(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    gs = signed_in_client(net.users["gs-reviewer"])
    body = content(RED, restriction="only_listed", listed_countries=["IT"], bureau_only=True)
    pk = _post(fr, "/api/notices/", body).json()["id"]
    for path, client in (("submit", fr), ("start-review", gs), ("publish", gs)):
        assert _post(client, f"/api/notices/{pk}/{path}").status_code == 200
    feed = published_person_subjects()
    facts = {row.notice_id: row.facts for row in feed.rows}
    index = PersonIndex.build(engine_row(row) for row in feed.rows)
    seen = {
        who: screen(index, facts, net.actor(who), "Viktor Petrenko", "1981-04-17")
        for who in ("IT-officer", "IT-unit-full", "DE-officer", "DE-unit-full", "FR-officer", "gs-reviewer")
    }
    assert seen == {
        "IT-officer": [pk],
        "IT-unit-full": [],  # bureaus only
        "DE-officer": [],  # not listed
        "DE-unit-full": [],
        "FR-officer": [pk],
        "gs-reviewer": [pk],
    }


@pytest.mark.django_db
def test_only_person_notices_in_force_feed_screening(net: Network) -> None:
    from tests.notices.helpers import PURPLE, draft, published

    draft(net)
    published(net, base=PURPLE)
    in_force = published(net)
    rows = published_person_subjects().rows
    assert [r.notice_id for r in rows] == [in_force.pk]
    [row] = rows
    assert (row.dob_year, row.dob_month, row.dob_day, row.sex, row.nationalities) == (
        1981,
        4,
        17,
        "M",
        ("UA",),
    )
    assert [(n.family, n.script) for n in row.names] == [("Petrenko", "Latn"), ("Петренко", "Cyrl")]
    assert row.reference == in_force.entity_id and row.kind == "red" and row.channel == "notice"


def _check(client: Client, name: str, dob: str) -> Any:
    body = {"name": name, "date_of_birth": dob, "location": "Gate B", "purpose": "locate_wanted"}
    r = _post(client, "/api/screening/person", body)
    assert r.status_code == 200, r.content
    return r.json()


@pytest.mark.django_db
def test_a_published_notice_is_hit_through_the_screening_service(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    """request -> review -> publish -> a border check through the API hits the notice, the
    source bureau sees the hit, and a suspension takes the subject out without a restart."""
    from polnet.screening import index as screening_index
    from polnet.screening.models import Hit

    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    border = signed_in_client(net.users["DE-unit-full"])
    assert _check(border, "Viktor Petrenko", "1981-04-17")["hit"] is False  # the index exists before

    fr = signed_in_client(net.users["FR-officer"])
    gs = signed_in_client(net.users["gs-reviewer"])
    pk = _post(fr, "/api/notices/", content(RED)).json()["id"]
    for path, client in (("submit", fr), ("start-review", gs), ("publish", gs)):
        assert _post(client, f"/api/notices/{pk}/{path}").status_code == 200
    reference = fr.get(f"/api/notices/{pk}").json()["entity_id"]

    body = _check(border, "Петренко Виктор", "1981-04-17")
    [cand] = [c for c in body["candidates"] if c["kind"] == "notice"]
    assert cand["record_id"] == pk and cand["owner_country"] == "FR" and cand["score"] >= 0.68
    assert cand["record"]["reference"] == reference and cand["record"]["kind"] == "red"
    assert {e["feature"] for e in cand["explanation"]} >= {"name", "date_of_birth"}
    hit = Hit.objects.get(pk=cand["hit_id"])
    assert (hit.kind, hit.record_id, hit.owner_country_id, hit.location) == ("notice", pk, "FR", "Gate B")

    # The source bureau sees where and when; a bureau with no part in it does not.
    assert [h["id"] for h in fr.get("/api/screening/hits").json()] == [hit.pk]
    assert signed_in_client(net.users["IT-officer"]).get("/api/screening/hits").json() == []

    # A hit-only unit learns that there is a hit, nothing of the notice.
    hit_only = _check(signed_in_client(net.users["DE-unit-hitonly"]), "Viktor Petrenko", "1981-04-17")
    assert hit_only["hit"] is True and "candidates" not in hit_only and "PETRENKO" not in json.dumps(hit_only)

    # Suspended by the source: out of screening at once, no restart.
    until = str(timezone.localdate() + timedelta(days=30))
    assert _post(fr, f"/api/notices/{pk}/suspend", {"reason": "Checking", "until": until}).status_code == 200
    assert _check(border, "Viktor Petrenko", "1981-04-17")["hit"] is False
    screening_index.reset()
