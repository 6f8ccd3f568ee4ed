"""The inbox: who receives what, what is hidden, marking read, the counter, the API and the page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from polnet.core.errors import Forbidden, NotFound
from polnet.network.services import issue_token
from polnet.notifications import registry, services
from polnet.notifications.models import Notification
from polnet.notifications.services import SECRETARIAT, Recipient, notify
from tests.factories import Network, signed_in_client
from tests.notifications.helpers import hit, note


def _kinds(net: Network, user: str) -> list[str]:
    return [n.kind for n in services.inbox(net.actor(user))]


@pytest.mark.django_db
def test_each_recipient_reads_its_own_inbox_and_a_third_bureau_nothing(
    net: Network, django_capture_on_commit_callbacks: object
) -> None:
    h = hit(net, owner="FR", by="DE-unit-full", unit="DE-full")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():  # type: ignore[operator]
        notify([Recipient(bureau_id=net.bureaus["FR"].pk)], "hit_new", "hit", h.pk, urgent=True)
        notify(
            [Recipient(bureau_id=net.bureaus["DE"].pk), Recipient(unit_id=net.units["DE-full"].pk)],
            "hit_confirmed",
            "hit",
            h.pk,
        )
        notify([SECRETARIAT, SECRETARIAT], "hit_overdue", "hit", h.pk)
    assert _kinds(net, "FR-officer") == ["hit_new"]
    assert _kinds(net, "FR-analyst") == ["hit_new"]  # the bureau's officers, whatever their role
    assert _kinds(net, "DE-officer") == ["hit_confirmed"]
    assert _kinds(net, "DE-unit-full") == ["hit_confirmed"]
    assert _kinds(net, "DE-unit-hitonly") == []  # another unit of the same bureau
    assert _kinds(net, "gs-reviewer") == ["hit_overdue"]  # once, though named twice
    for outsider in ("IT-officer", "IT-unit-full", "FR-unit-full", "gs-sysadmin"):
        assert _kinds(net, outsider) == [], outsider
        assert services.unread_count(net.actor(outsider)) == 0


@pytest.mark.django_db
def test_a_rolled_back_act_tells_no_one(net: Network, django_capture_on_commit_callbacks: object) -> None:
    h = hit(net)
    capture = django_capture_on_commit_callbacks(execute=True)  # type: ignore[operator]
    with capture, pytest.raises(RuntimeError), transaction.atomic():
        notify([Recipient(bureau_id=net.bureaus["FR"].pk)], "hit_new", "hit", h.pk)
        raise RuntimeError
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_subject_the_reader_may_no_longer_see_is_neither_shown_nor_counted(net: Network) -> None:
    fr = net.bureaus["FR"]
    seen = note("hit_new", "hit", hit(net, owner="FR").pk, bureau=fr)
    # A hit between two other countries: FR may not see it, whatever its notification says.
    note("hit_new", "hit", hit(net, owner="IT", by="ES-officer").pk, bureau=fr)
    note("hit_new", "mystery", 1, bureau=fr)  # a subject no app registered
    note("hit_new", "hit", 987654, bureau=fr)  # a hit that is gone
    actor = net.actor("FR-officer")
    assert [n.pk for n in services.inbox(actor)] == [seen.pk]
    assert services.unread_count(actor) == 1
    hits = registry.subjects()["hit"]
    assert set(hits.visible(actor, [seen.subject_id, 987654]).values_list("pk", flat=True)) == {
        seen.subject_id
    }


@pytest.mark.django_db
def test_urgent_unread_come_first_then_newest(net: Network) -> None:
    fr, h = net.bureaus["FR"], hit(net).pk
    old_urgent = note("hit_overdue", "hit", h, bureau=fr, urgent=True)
    plain = note("hit_confirmed", "hit", h, bureau=fr)
    read_urgent = note("hit_new", "hit", h, bureau=fr, urgent=True)
    newest = note("hit_report", "hit", h, bureau=fr)
    services.mark_read(net.actor("FR-officer"), [read_urgent.pk])
    assert [n.pk for n in services.inbox(net.actor("FR-officer"))] == [
        old_urgent.pk,
        newest.pk,
        read_urgent.pk,
        plain.pk,
    ]


@pytest.mark.django_db
def test_marking_read_touches_only_the_readers_own_inbox(net: Network) -> None:
    h = hit(net).pk
    fr1 = note("hit_new", "hit", h, bureau=net.bureaus["FR"])
    fr2 = note("hit_confirmed", "hit", h, bureau=net.bureaus["FR"])
    de = note("hit_confirmed", "hit", h, bureau=net.bureaus["DE"])
    fr = net.actor("FR-officer")
    with pytest.raises(NotFound) as refused:
        services.mark_read(fr, [fr1.pk, de.pk])
    assert refused.value.code == "notification_not_found"
    assert Notification.objects.filter(read_at__isnull=False).count() == 0  # nothing half-done
    assert services.mark_read(fr, [fr1.pk]) == 1
    assert services.mark_read(fr, [fr1.pk]) == 0  # already read
    assert services.unread_count(fr) == 1
    assert services.mark_read(fr) == 1  # all: FR's last one, not DE's
    de.refresh_from_db()
    fr2.refresh_from_db()
    assert de.read_at is None and fr2.read_by_id == net.users["FR-officer"].pk
    with pytest.raises(Forbidden):
        services.mark_read(net.actor("gs-sysadmin"))


@pytest.mark.django_db
def test_the_counter_is_one_query(net: Network, django_assert_num_queries: object) -> None:
    for _ in range(3):
        note("hit_new", "hit", hit(net).pk, bureau=net.bureaus["FR"])
    actor = net.actor("FR-officer")
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert services.unread_count(actor) == 3


# ---- the API --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_lists_and_marks_read_in_the_readers_inbox(net: Network) -> None:
    h = hit(net).pk
    mine = note("hit_new", "hit", h, bureau=net.bureaus["FR"], urgent=True)
    theirs = note("hit_new", "hit", h, bureau=net.bureaus["DE"])
    client = signed_in_client(net.users["FR-officer"])
    body = client.get("/api/notifications").json()
    assert body["unread"] == 1
    assert [(i["id"], i["kind"], i["url"], i["urgent"]) for i in body["items"]] == [
        (mine.pk, "hit_new", f"/check/hits/{h}/", True)
    ]
    assert body["items"][0]["text"] == "New hit on one of your records"
    french = client.get("/api/notifications", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["items"][0]["text"] != body["items"][0]["text"]
    r = client.post(
        "/api/notifications/read", json.dumps({"ids": [theirs.pk]}), content_type="application/json"
    )
    assert r.status_code == 404 and r.json()["code"] == "notification_not_found"
    r = client.post("/api/notifications/read", json.dumps({}), content_type="application/json")
    assert r.status_code == 200 and r.json() == {"marked": 1, "unread": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None
    bad = client.get("/api/notifications?limit=0")
    assert bad.status_code == 422 and bad.json()["code"] == "limit_out_of_range"


@pytest.mark.django_db
def test_the_api_needs_the_screening_scope(net: Network) -> None:
    note("hit_new", "hit", hit(net).pk, bureau=net.bureaus["FR"])
    admin = net.actor("FR-admin")
    _, messages = issue_token(admin, net.users["FR-officer"], name="m", scopes=["messages"])
    _, screening = issue_token(admin, net.users["FR-officer"], name="s", scopes=["screening"])
    client = Client()
    for path in ("/api/notifications", "/api/notifications/stream"):
        r = client.get(path, HTTP_AUTHORIZATION=f"Bearer {messages}")
        assert r.status_code == 403 and r.json()["code"] == "scope_not_granted", path
    r = client.post(
        "/api/notifications/read",
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {messages}",
    )
    assert r.status_code == 403 and not Notification.objects.filter(read_at__isnull=False).exists()
    assert client.get("/api/notifications", HTTP_AUTHORIZATION=f"Bearer {screening}").json()["unread"] == 1
    assert Client().get("/api/notifications").status_code == 401


# ---- the page and the header ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_marks_unread_and_reads_one_or_all(net: Network) -> None:
    h = hit(net).pk
    first = note("hit_new", "hit", h, bureau=net.bureaus["FR"], urgent=True)
    note("hit_confirmed", "hit", h, bureau=net.bureaus["FR"])
    note("hit_report", "hit", h, bureau=net.bureaus["DE"])
    client = signed_in_client(net.users["FR-officer"])
    page = client.get("/notifications/").content.decode()
    assert page.count('class="notification unread') == 2 and "notification unread urgent" in page
    assert f'href="/check/hits/{h}/"' in page and "A hit report arrived" not in page
    assert 'id="inbox-badge"' in page and 'data-unread="2"' in page
    client.post("/notifications/", {"id": str(first.pk)})
    assert 'data-unread="1"' in client.get("/notifications/badge/").content.decode()
    assert client.post("/notifications/", {"id": "99999"}).status_code == 404
    client.post("/notifications/", {})
    page = client.get("/notifications/").content.decode()
    assert "notification unread" not in page and 'data-unread="0"' in page


@pytest.mark.django_db
def test_the_page_in_every_language_and_its_empty_state(net: Network) -> None:
    note("hit_new", "hit", hit(net).pk, bureau=net.bureaus["FR"])
    client = signed_in_client(net.users["FR-officer"])
    texts = set()
    for lang in ("ar", "en", "es", "fr"):
        client.post("/i18n/setlang/", {"language": lang, "next": "/"})
        page = client.get("/notifications/").content.decode()
        assert f'lang="{lang}"' in page
        with translation.override(lang):
            text = registry.wording("hit_new", {})
        assert escape(text) in page
        texts.add(text)
    assert len(texts) == 4  # each language has its own wording
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    empty = signed_in_client(net.users["IT-officer"]).get("/notifications/").content.decode()
    assert "No notifications." in empty
    nobody = signed_in_client(net.users["gs-sysadmin"]).get("/notifications/").content.decode()
    assert "You receive no notifications" in nobody and 'id="inbox-badge"' not in nobody


@pytest.mark.django_db
def test_pages_of_every_signed_in_reader_carry_the_counter_and_the_live_feed(
    net: Network, settings: Any
) -> None:
    settings.POLNET_LIVE_STREAM = True
    client = signed_in_client(net.users["DE-unit-full"])
    page = client.get("/", follow=True).content.decode()
    assert 'id="inbox-badge"' in page and 'data-live-stream="/api/notifications/stream"' in page
    assert "notifications/live.js" in page
    settings.POLNET_LIVE_STREAM = False
    assert "data-live-stream" not in client.get("/", follow=True).content.decode()
