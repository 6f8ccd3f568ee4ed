"""The live feed: event streams that wait in the event loop, woken by one bell per process.

An open page keeps one event stream. Under the ASGI server (`polnet/asgi.py`) a stream is an
asynchronous iterator: while it waits it holds no thread and no database connection. One task
per process and event loop (the bell) asks the database once a second, in one query, for the
newest id of each registered channel (notifications, hits). When one grew, it reads the new
rows' routing fields once (who they are for) and wakes only the streams they concern; each
of those reads its own new rows, in a small thread pool, so 200 open pages never hold 200
threads or connections. A stream ends after `STREAM_SECONDS`; the browser reconnects with
`Last-Event-ID` and misses nothing. See docs/live.md.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections, connection, connections
from django.db.models import Model
from django.http import HttpRequest, StreamingHttpResponse

from polnet.core.actor import Actor

logger = logging.getLogger(__name__)

STREAM_SECONDS = 25.0  # then the client reconnects: a stream never outlives a deploy for long
HEARTBEAT_SECONDS = 10.0  # a comment line, so proxies and the client see the stream is alive
POLL_SECONDS = 1.0  # how often the bell asks the database
RETRY_MS = 2000  # what the client waits before it reconnects
MAX_NEW_ROWS = 1000  # routing rows the bell reads per ring; more means "something changed"

T = TypeVar("T")
Row = dict[str, Any]


@dataclass(frozen=True)
class Channel:
    model: type[Model]
    fields: tuple[str, ...]  # the routing fields a stream's `wants` looks at (never personal data)


_CHANNELS: dict[str, Channel] = {}


def register_channel(name: str, model: type[Model], fields: Sequence[str]) -> None:
    """A table whose new rows ring the bell (its primary key must grow)."""
    _CHANNELS[name] = Channel(model, tuple(fields))


# ---- the bounded thread pool of the streams' database reads ---------------------------------------

STREAM_THREADS = int(os.environ.get("POLNET_STREAM_THREADS", "4"))
_POOL = ThreadPoolExecutor(max_workers=STREAM_THREADS, thread_name_prefix="polnet-live")


def _in_pool(fn: Callable[..., T], *args: Any) -> T:
    # Each pool thread keeps its own connection; a broken or aged one is replaced here, since
    # no request start or end does it for these threads.
    close_old_connections()
    return fn(*args)


def close_pool_connections() -> None:
    """Close the pool threads' database connections (a test's database is dropped after it)."""
    gate = threading.Barrier(STREAM_THREADS, timeout=10)

    def close() -> None:
        connections.close_all()
        gate.wait()  # so that each of the threads takes one

    for done in [_POOL.submit(close) for _ in range(STREAM_THREADS)]:
        done.result()


async def in_pool(fn: Callable[..., T], *args: Any) -> T:
    """Run a database read on the streams' pool, never on the event loop."""
    return await asyncio.get_running_loop().run_in_executor(_POOL, partial(_in_pool, fn, *args))


# ---- the bell ---------------------------------------------------------------------------------------


def latest_ids() -> dict[str, int]:
    """The newest id of every channel, in one query (each an index lookup)."""
    names = list(_CHANNELS)
    if not names:
        return {}
    quote = connection.ops.quote_name
    parts = []
    for name in names:
        meta = _CHANNELS[name].model._meta
        column = str(meta.pk.column) if meta.pk else "id"
        parts.append(f"(SELECT MAX({quote(column)}) FROM {quote(meta.db_table)})")  # noqa: S608  # our models
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return {name: int(value or 0) for name, value in zip(names, row, strict=True)}


def new_rows(name: str, after: int, upto: int) -> list[Row]:
    channel = _CHANNELS[name]
    rows = channel.model._default_manager.filter(pk__gt=after, pk__lte=upto).order_by("pk")
    return list(rows.values("pk", *channel.fields)[:MAX_NEW_ROWS])


@dataclass(eq=False)
class Listener:
    wants: dict[str, Callable[[Row], bool]]  # per channel: is this new row for me?
    woken: asyncio.Event = field(default_factory=asyncio.Event)
    # The channels that woke it: with the bell's new rows that concern it, or None when the
    # stream must read what is new itself (its start, or more rows than the bell routes).
    rang: dict[str, list[Row] | None] = field(default_factory=dict)

    def wake(self, channels: Iterable[str]) -> None:
        for name in channels:
            self.rang[name] = None
        self.woken.set()

    def hand(self, channel: str, rows: list[Row]) -> None:
        held = self.rang.get(channel, [])
        if held is not None:
            self.rang[channel] = [*held, *rows]
        self.woken.set()


class Bell:
    """One per event loop: polls while streams listen, wakes the streams a new row concerns."""

    def __init__(self) -> None:
        self.listeners: set[Listener] = set()
        self.latest: dict[str, int] | None = None
        self.task: asyncio.Task[None] | None = None

    def listen(self, listener: Listener) -> None:
        self.listeners.add(listener)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    def leave(self, listener: Listener) -> None:
        self.listeners.discard(listener)

    async def _run(self) -> None:
        while self.listeners:
            try:
                await self.poll()
            except Exception:  # a failed poll (database restart) is retried, not fatal
                logger.warning("The live feed could not ask the database; it asks again.", exc_info=True)
                self.latest = None  # then every stream reads for itself: nothing is lost
            await asyncio.sleep(POLL_SECONDS)
        self.latest = None  # nobody listened for a while: the next listener starts afresh

    async def poll(self) -> None:
        latest = await in_pool(latest_ids)
        before, self.latest = self.latest, latest
        if before is None:  # a new bell: rows may have come since its streams first read
            for listener in list(self.listeners):
                listener.wake(listener.wants)
            return
        for name, newest in latest.items():
            if newest <= before.get(name, 0):
                continue
            rows = await in_pool(new_rows, name, before.get(name, 0), newest)
            overflow = len(rows) >= MAX_NEW_ROWS  # too many to route: wake every listener
            for listener in list(self.listeners):
                wants = listener.wants.get(name)
                if wants is None:
                    continue
                if overflow:
                    listener.wake([name])
                elif concerned := [r for r in rows if wants(r)]:
                    listener.hand(name, concerned)


_BELLS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Bell] = weakref.WeakKeyDictionary()


def bell() -> Bell:
    loop = asyncio.get_running_loop()
    found = _BELLS.get(loop)
    if found is None:
        found = _BELLS[loop] = Bell()
    return found


# ---- a stream -----------------------------------------------------------------------------------------

Wants = Callable[[Row], bool]
Read = Callable[[int], list[tuple[int, str]]]  # the events after an id: (id, data), oldest first


@dataclass(frozen=True)
class Feed:
    """What one client follows on one channel: which new rows concern it (cheap, in the event
    loop, on the bell's routing fields) and how to read them (in the pool)."""

    channel: str
    event: str  # the event's name, e.g. "notification", "hit"
    wants: Wants
    read: Read
    # The event of a routed row, when its routing fields say all (a page's "hit {id}"): the
    # stream then needs no read of its own.
    render: Callable[[Row], str] | None = None
    # Only the newest of the rows that arrive together makes an event: for a page that just
    # refreshes a list, three new hits in one second are one reason to.
    newest_only: bool = False


def event_id(marks: dict[str, int]) -> str:
    """One channel: its id, as clients of the hits stream have always sent back; several:
    "notification.12,hit.34"."""
    if len(marks) == 1:
        return str(next(iter(marks.values())))
    return ",".join(f"{name}.{value}" for name, value in marks.items())


def parse_event_id(text: str, channels: Sequence[str]) -> dict[str, int] | None:
    """The marks a reconnecting client sent (Last-Event-ID); None if it sent none or nonsense."""
    text = text.strip()
    if len(channels) == 1:
        return {channels[0]: int(text)} if text.isdigit() and len(text) < 19 else None
    marks: dict[str, int] = {}
    for part in text.split(","):
        name, _, value = part.partition(".")
        if name in channels and value.isdigit() and len(value) < 19:
            marks[name] = int(value)
    return marks if set(marks) == set(channels) else None


def starting_marks(feeds: Sequence[Feed], last_event_id: str) -> dict[str, int]:
    """Where a stream starts: after the client's last event, or, for a new client, now."""
    names = [f.channel for f in feeds]
    sent = parse_event_id(last_event_id, names)
    if sent is not None:
        return sent
    latest = latest_ids()
    return {name: latest.get(name, 0) for name in names}


async def _events(feed: Feed, routed: list[Row] | None, after: int) -> list[tuple[int, str]]:
    if routed is not None and feed.render is not None:
        events = [(row["pk"], feed.render(row)) for row in routed if row["pk"] > after]
    else:
        events = await in_pool(feed.read, after)
    return events[-1:] if feed.newest_only else events


async def stream(
    feeds: Sequence[Feed], marks: dict[str, int], *, seconds: float | None = None
) -> AsyncIterator[str]:
    """One client's events: first what came after ``marks``, then, each time the bell says a
    row for this client arrived, its new rows, with heartbeats between, until the stream's
    life is over (the client then reconnects)."""
    yield f"retry: {RETRY_MS}\n\n"
    marks = dict(marks)
    listener = Listener({f.channel: f.wants for f in feeds})
    the_bell = bell()
    the_bell.listen(listener)
    until = time.monotonic() + (STREAM_SECONDS if seconds is None else seconds)
    try:
        listener.wake(marks)  # read once at the start: what came since the client's last event
        while True:
            if listener.woken.is_set():
                listener.woken.clear()
                rang, listener.rang = listener.rang, {}
                for feed in (f for f in feeds if f.channel in rang):
                    for row_id, data in await _events(feed, rang[feed.channel], marks[feed.channel]):
                        marks[feed.channel] = max(marks[feed.channel], row_id)
                        yield f"id: {event_id(marks)}\nevent: {feed.event}\ndata: {data}\n\n"
            left = until - time.monotonic()
            if left <= 0:
                return
            try:
                await asyncio.wait_for(listener.woken.wait(), min(HEARTBEAT_SECONDS, left))
            except TimeoutError:
                yield ": keep-alive\n\n"
    finally:
        the_bell.leave(listener)


def polling_stream(
    feeds: Sequence[Feed], marks: dict[str, int], seconds: float | None = None
) -> Iterator[str]:
    """The same events for a server without an event loop (WSGI: `runserver`, or `polnet serve`
    with POLNET_INTERFACE=wsgi): the stream holds its thread and reads every second."""
    yield f"retry: {RETRY_MS}\n\n"
    marks = dict(marks)
    now = time.monotonic()
    until, beat = now + (STREAM_SECONDS if seconds is None else seconds), now + HEARTBEAT_SECONDS
    while True:
        for feed in feeds:
            for row_id, data in feed.read(marks[feed.channel]):
                marks[feed.channel] = max(marks[feed.channel], row_id)
                yield f"id: {event_id(marks)}\nevent: {feed.event}\ndata: {data}\n\n"
        now = time.monotonic()
        if now >= until:
            return
        if now >= beat:
            beat = now + HEARTBEAT_SECONDS
            yield ": keep-alive\n\n"
        time.sleep(min(POLL_SECONDS, until - now))


def response(
    request: HttpRequest, feeds: Sequence[Feed], marks: dict[str, int], *, seconds: float | None = None
) -> StreamingHttpResponse:
    """An event stream: waiting in the event loop under ASGI, in its thread under WSGI."""
    events: AsyncIterator[str] | Iterator[str] = (
        stream(feeds, marks, seconds=seconds)
        if isinstance(request, ASGIRequest)
        else polling_stream(feeds, marks, seconds)
    )
    answer = StreamingHttpResponse(events, content_type="text/event-stream")
    answer["Cache-Control"] = "no-cache"
    answer["X-Accel-Buffering"] = "no"  # a proxy in front must pass each event on at once
    return answer


# ---- what a signed-in page follows --------------------------------------------------------------------

PageFeed = Callable[[Actor], "Feed | None"]
_PAGE_FEEDS: dict[str, PageFeed] = {}


def register_page_feed(channel: str, feed: PageFeed) -> None:
    """What every signed-in page hears about on ``channel`` (None: nothing for this actor)."""
    _PAGE_FEEDS[channel] = feed


def page_feeds(actor: Actor) -> list[Feed]:
    return [f for f in (make(actor) for make in _PAGE_FEEDS.values()) if f is not None]
