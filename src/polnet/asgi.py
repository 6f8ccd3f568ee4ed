"""The ASGI entry point that `polnet serve` runs (granian, ASGI interface).

Pages and API calls are Django's ordinary synchronous views, run in threads; the event
streams of open pages wait in the event loop and hold no thread (notifications/live.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import weakref
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

import django
from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.base import BaseHandler
from django.http import FileResponse, HttpResponseBase
from django.urls import set_script_prefix

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polnet.settings")


class Handler(ASGIHandler):
    """Django's handler, making each answer on one of POLNET_THREADS long-lived threads per
    process (a request waits for a free one), in one hop.

    Django's own handler starts a new thread for every request, whose answer then opens a
    new database connection: that cost half the throughput of WSGI on document checks. Here
    the threads, and so their connections (CONN_MAX_AGE), last. Django's handler also hops
    between the event loop and threads four times a request (the request signal, the
    connection check, the middleware chain, closing the answer); here the whole answer is
    made on the request's thread as WSGI makes it (signals, middleware, view, closing), and
    only sending it happens in the loop (benchmarks/screening.py, the minimal Django site
    beside polnet). More threads only fight over the interpreter lock (see
    `cli._run_granian`). A thread is held while the answer is made, not while it is sent, so
    an open event stream holds none: a streaming answer is sent from the loop, watching for
    the client leaving, and closed after."""

    def __init__(self) -> None:
        super().__init__()
        self.width = int(os.environ.get("POLNET_THREADS", "4"))
        self.free: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Queue[Executor]] = (
            weakref.WeakKeyDictionary()
        )
        self.around: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Executor] = (
            weakref.WeakKeyDictionary()
        )
        # The same middleware, chained for calls on one thread (as under WSGI).
        self.on_thread = BaseHandler()
        self.on_thread.load_middleware(is_async=False)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        # Closing a streamed answer runs Django's request-finished signal in a thread: one
        # thread per process does that, instead of one new thread each time.
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

    async def handle(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        try:
            free = self._threads()
            executor = await free.get()
            try:
                loop = asyncio.get_running_loop()
                response = await loop.run_in_executor(executor, self._answer, scope, body_file)
            finally:
                free.put_nowait(executor)
            if response.streaming:
                await self._stream(response, receive, send)
            else:
                await self.send_response(response, send)
        finally:
            body_file.close()

    def _answer(self, scope: Any, body_file: Any) -> HttpResponseBase:
        """The whole answer, made on this thread as WSGI makes it; closed unless it streams."""
        set_script_prefix(get_script_prefix(scope))
        # Its receivers replace a connection broken or past its age, on the thread that uses it.
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, error_response = self.create_request(scope, body_file)
        if request is None:  # a request Django refuses to read (too large, bad encoding)
            assert error_response is not None  # create_request gives one or the other
            response: HttpResponseBase = error_response
        else:
            response = self.on_thread.get_response(request)
        response._handler_class = self.__class__  # type: ignore[attr-defined]
        if isinstance(response, FileResponse):
            response.block_size = self.chunk_size
        if not response.streaming:
            response.close()  # the request-finished signal; the content is already made
        return response

    async def _stream(self, response: HttpResponseBase, receive: Any, send: Any) -> None:
        """Send a streaming answer until it ends or the client leaves, then close it."""
        sending = asyncio.create_task(self.send_response(response, send))
        leaving = asyncio.create_task(self.listen_for_disconnect(receive))
        try:
            await asyncio.wait((sending, leaving), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (leaving, sending):
                if not task.done():
                    task.cancel()
                with contextlib.suppress(asyncio.CancelledError, RequestAborted):
                    await task
            await sync_to_async(response.close)()


django.setup(set_prefix=False)
application = Handler()

if os.environ.get("POLNET_WARM_INDEX", "1") == "1":
    # Start-up step of each worker: load the screening index before the first check needs it.
    from polnet.screening.index import warm_up_in_background

    warm_up_in_background()
