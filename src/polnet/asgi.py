"""The ASGI entry point that `polnet serve` runs (granian, ASGI interface).

Pages and API calls are Django's ordinary synchronous views, run in threads; the event
streams of open pages wait in the event loop and hold no thread (notifications/live.py).
"""

from __future__ import annotations

import asyncio
import os
import weakref
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

import django
from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponseBase

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polnet.settings")


class Handler(ASGIHandler):
    """Django's handler, making each answer on one of POLNET_THREADS long-lived threads per
    process (a request waits for a free one).

    Django's own handler starts a new thread for every request, whose answer then opens a
    new database connection: that cost half the throughput of WSGI on document checks. Here
    the threads, and so their connections (CONN_MAX_AGE), last, and the checks run as fast as
    under WSGI (docs/live.md). More threads only fight over the interpreter lock (see
    `cli._run_granian`). A thread is held while the answer is made, not while it is sent, so
    an open event stream holds none."""

    def __init__(self) -> None:
        super().__init__()
        self.width = int(os.environ.get("POLNET_THREADS", "4"))
        self.free: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Queue[Executor]] = (
            weakref.WeakKeyDictionary()
        )
        self.around: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Executor] = (
            weakref.WeakKeyDictionary()
        )

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        # Django opens a context, and so a new thread, per request for the little it does on
        # either side of the answer (the request signals, closing the response): here one
        # thread per process does that for every request.
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        loop = asyncio.get_running_loop()
        around = self.around.get(loop)
        if around is None:
            around = self.around[loop] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="polnet-around")
        async with ThreadSensitiveContext(executor=around):
            await self.handle(scope, receive, send)

    def _threads(self) -> asyncio.Queue[Executor]:
        loop = asyncio.get_running_loop()
        free = self.free.get(loop)
        if free is None:
            free = self.free[loop] = asyncio.Queue()
            for n in range(self.width):
                free.put_nowait(ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"polnet-request-{n}"))
        return free

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        free = self._threads()
        executor = await free.get()
        try:
            async with ThreadSensitiveContext(executor=executor):
                # Django does this at each request's start, but on the request's own thread:
                # a connection broken or past its age is replaced on the thread that uses it.
                await sync_to_async(close_old_connections)()
                return await super().get_response_async(request)
        finally:
            free.put_nowait(executor)


django.setup(set_prefix=False)
application = Handler()

if os.environ.get("POLNET_WARM_INDEX", "1") == "1":
    # Start-up step of each worker: load the screening index before the first check needs it.
    from polnet.screening.index import warm_up_in_background

    warm_up_in_background()
