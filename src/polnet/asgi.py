"""The ASGI entry point that `polnet serve` runs (granian, ASGI interface).

Pages and API calls are Django's ordinary synchronous views, run in threads; the event
streams of open pages wait in the event loop and hold no thread (notifications/live.py).
"""

from __future__ import annotations

import asyncio
import os
import weakref

import django
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polnet.settings")


class Handler(ASGIHandler):
    """Django's handler, letting at most POLNET_THREADS requests per process compute their
    answer at once. The synchronous views fight over the interpreter lock: more at once only
    lengthen each (see `cli._run_granian`). The gate is held while the answer is made, not
    while it is sent, so an open event stream never holds it."""

    def __init__(self) -> None:
        super().__init__()
        self.width = int(os.environ.get("POLNET_THREADS", "4"))
        self.gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        loop = asyncio.get_running_loop()
        gate = self.gates.get(loop)
        if gate is None:
            gate = self.gates[loop] = asyncio.Semaphore(self.width)
        async with gate:
            return await super().get_response_async(request)


django.setup(set_prefix=False)
application = Handler()

if os.environ.get("POLNET_WARM_INDEX", "1") == "1":
    # Start-up step of each worker: load the screening index before the first check needs it.
    from polnet.screening.index import warm_up_in_background

    warm_up_in_background()
