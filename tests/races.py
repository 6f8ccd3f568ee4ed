"""Several callers on their own database connections, released at once by a barrier."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def race(count: int, act: Callable[[int], T]) -> list[T]:
    """What each of ``count`` threads got from ``act(n)``, all started together.

    The order of the answers is the order they came in; the join has a generous deadline
    only so that a hung thread fails the test instead of hanging it."""
    start = threading.Barrier(count)
    answers: list[T] = []

    def run(n: int) -> None:
        start.wait()
        try:
            answers.append(act(n))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a racing caller did not finish"
    return answers
