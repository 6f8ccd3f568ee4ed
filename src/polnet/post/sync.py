"""Uploading the queued hits when the link is back: each exactly once.

Every hit carries the id the post gave it; the server keeps that id with the hit it makes,
and answers "already have it" to a second upload. A hit leaves the queue only when the
server has answered for it, so a crash between the upload and the answer sends it again,
and nothing is made twice.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from polnet.post.i18n import N_
from polnet.post.store import Post, PostError

# One upload: the hits in, the server's answer for each out ({"id", "status", "hit_id"}).
Transport = Callable[[dict[str, Any]], list[dict[str, Any]]]
BATCH = 100
UNREACHABLE = N_("The server could not be reached (%(reason)s); the hits stay queued.")


def http_transport(server: str, token: str, timeout: float = 30.0) -> Transport:
    def send(body: dict[str, Any]) -> list[dict[str, Any]]:
        if not server.startswith(("https://", "http://")):
            raise PostError("server_address", "The server's address must start with https://.")
        request = urllib.request.Request(  # noqa: S310  # the scheme is checked above
            server.rstrip("/") + "/api/offline/hits",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  # the bureau's own server
            answer: list[dict[str, Any]] = json.loads(response.read())["hits"]
            return answer

    return send


def sync(post: Post, send: Transport) -> dict[str, int]:
    """Upload the queue in batches; returns how many the server made and already had."""
    _, unit, _, post_id, _ = post.trust()
    made = had = 0
    pending = post.pending_hits()
    for i in range(0, len(pending), BATCH):
        chunk = pending[i : i + BATCH]
        answers = {a["id"]: a for a in send({"post": post_id, "unit": unit, "hits": chunk})}
        for hit in chunk:
            answer = answers.get(hit["id"])
            if answer is None:
                raise PostError("sync_incomplete", "The server did not answer for every hit: run sync again.")
            made += answer["status"] == "created"
            had += answer["status"] == "duplicate"
            post.acknowledged(hit["id"], answer.get("hit_id"))
    return {"created": made, "duplicate": had}


def upload(post: Post, token: str, timeout: float = 30.0) -> dict[str, int]:
    """Sync to the server the post was set up with. Every failure is a `PostError` that says the
    hits stay queued (the command line and the post's page say the same)."""
    server = post.trust()[4]
    if not server:
        raise PostError("no_server", "This post knows no server address: run init with --server.")
    try:
        return sync(post, http_transport(server, token, timeout))
    except urllib.error.HTTPError as exc:
        raise PostError(
            "sync_refused",
            "The server refused the upload (HTTP %(status)s): check the post's token. The hits stay queued.",
            status=exc.code,
        ) from None
    except urllib.error.URLError as exc:
        raise PostError("server_unreachable", UNREACHABLE, reason=str(exc.reason)) from None
    except OSError as exc:
        raise PostError("server_unreachable", UNREACHABLE, reason=str(exc)) from None
    except (ValueError, KeyError, TypeError):
        raise PostError(
            "sync_answer", "The server's answer could not be read; the hits stay queued. Try again later."
        ) from None
