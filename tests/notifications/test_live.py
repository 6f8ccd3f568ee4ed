"""The live feed: the bell wakes only the streams a new row concerns, and a stream delivers a
new notification to its own reader and to nobody else."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from polnet.notifications import live
from polnet.notifications.models import Notification
from tests.factories import Network, signed_in_client
from tests.notifications.helpers import hit, note
from tests.notifications.streams import asgi, collect, read_stream

# The streams read in their own threads, on their own connections: the rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live, "POLL_SECONDS", 0.05)
    monkeypatch.setattr(live, "STREAM_SECONDS", 1.5)


def _for_bureau(bureau_id: int) -> live.Wants:
    return lambda row: row["recipient_bureau_id"] == bureau_id and row["recipient_unit_id"] is None


def test_the_bell_wakes_only_the_listeners_a_new_row_concerns(net: Network) -> None:
    fr, it = net.bureaus["FR"], net.bureaus["IT"]

    async def scenario() -> tuple[dict[str, Any], bool, int]:
        bell = live.Bell()
        told = live.Listener({"notification": _for_bureau(fr.pk)})
        other = live.Listener({"notification": _for_bureau(it.pk)})
        bell.listeners |= {told, other}
        await bell.poll()  # the first poll wakes everyone: rows may have come before it
        for listener in (told, other):
            listener.woken.clear()
            listener.rang.clear()
        sent = await sync_to_async(note)("hit_new", "hit", 1, bureau=fr)
        await bell.poll()
        return told.rang, other.woken.is_set(), sent.pk

    rang, other_woken, sent = async_to_sync(scenario)()
    # The bell hands the row's routing fields over: whom it is for, nothing about the hit.
    assert rang == {"notification": [{"pk": sent, "recipient_bureau_id": fr.pk, "recipient_unit_id": None}]}
    assert not other_woken


def test_the_newest_ids_are_read_in_one_query(net: Network, django_assert_num_queries: Any) -> None:
    n = note("hit_new", "hit", hit(net).pk, bureau=net.bureaus["FR"])
    with django_assert_num_queries(1):
        latest = live.latest_ids()
    assert latest["notification"] == n.pk and latest["hit"] == n.subject_id


def test_a_stream_delivers_a_new_notification_to_its_reader_only(net: Network, quick: None) -> None:
    h = hit(net, owner="FR")
    fr = signed_in_client(net.users["FR-officer"])
    it = signed_in_client(net.users["IT-officer"])

    async def scenario() -> tuple[str, str, int]:
        fr_answer = await asgi(fr).get("/api/notifications/stream")
        it_answer = await asgi(it).get("/api/notifications/stream")
        reading = [asyncio.create_task(collect(a)) for a in (fr_answer, it_answer)]
        while len(live.bell().listeners) < 2:  # both streams are open and listening
            await asyncio.sleep(0.01)
        sent = await sync_to_async(note)("hit_new", "hit", h.pk, bureau=net.bureaus["FR"], urgent=True)
        fr_text, it_text = await asyncio.gather(*reading)
        return fr_text, it_text, sent.pk

    fr_text, it_text, sent = async_to_sync(scenario)()
    assert fr_text.startswith("retry: ")
    assert "event: notification" in fr_text and f'"id": {sent}' in fr_text and '"urgent": true' in fr_text
    assert "event: notification" not in it_text and "hit_new" not in it_text


def test_a_reconnecting_client_gets_what_it_missed_and_no_more(net: Network, quick: None) -> None:
    h = hit(net, owner="FR")
    missed = note("hit_new", "hit", h.pk, bureau=net.bureaus["FR"])
    note("hit_new", "hit", h.pk, bureau=net.bureaus["DE"])
    fr = signed_in_client(net.users["FR-officer"])
    before = f"notification.{missed.pk - 1},hit.{h.pk}"
    text = read_stream(fr, "/api/notifications/stream", **{"Last-Event-ID": before})
    assert text.count("event: notification") == 1 and f'"id": {missed.pk}' in text
    assert f"id: notification.{missed.pk},hit.{h.pk}\n" in text
    after = read_stream(
        fr, "/api/notifications/stream", **{"Last-Event-ID": f"notification.{missed.pk},hit.{h.pk}"}
    )
    assert "event:" not in after
    assert Notification.objects.count() == 2


def test_a_new_page_starts_from_now_and_hears_of_new_hits_it_may_see(net: Network, quick: None) -> None:
    note("hit_new", "hit", hit(net, owner="FR").pk, bureau=net.bureaus["FR"])
    fr = signed_in_client(net.users["FR-officer"])
    assert "event:" not in read_stream(fr, "/api/notifications/stream")  # the page shows the past
    seen = hit(net, owner="FR", by="ES-officer")
    unseen = hit(net, owner="IT", by="ES-officer")
    text = read_stream(
        fr, "/api/notifications/stream", **{"Last-Event-ID": f"notification.0,hit.{seen.pk - 1}"}
    )
    assert f'event: hit\ndata: {{"id": {seen.pk}}}' in text
    assert f'event: hit\ndata: {{"id": {unseen.pk}}}' not in text


def test_the_hits_stream_waits_in_the_event_loop_and_tells_the_owner_only(net: Network, quick: None) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    it = signed_in_client(net.users["IT-officer"])

    async def scenario() -> tuple[str, str, int]:
        fr_answer = await asgi(fr).get("/api/screening/hits/stream")
        it_answer = await asgi(it).get("/api/screening/hits/stream")
        reading = [asyncio.create_task(collect(a)) for a in (fr_answer, it_answer)]
        while len(live.bell().listeners) < 2:
            await asyncio.sleep(0.01)
        made = await sync_to_async(hit)(net, owner="FR", by="DE-officer")
        fr_text, it_text = await asyncio.gather(*reading)
        return fr_text, it_text, made.pk

    fr_text, it_text, made = async_to_sync(scenario)()
    assert f"id: {made}\nevent: hit\n" in fr_text and '"owner_country": "FR"' in fr_text
    assert "event: hit" not in it_text
