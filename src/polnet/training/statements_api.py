"""`GET /api/training/statements/`: learning records as xAPI statements, a page at a time; the
answer's `more` is the address of the next page (empty on the last), as an xAPI record store's."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from ninja import Schema

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.network.auth import ScopedRouter
from polnet.training import xapi

router = ScopedRouter(tags=["training"])


class TrainingStatementResultOut(Schema):
    statements: list[dict[str, Any]]
    more: str


@router.get(
    "/",
    scope=TokenScope.TRAINING,
    response={200: TrainingStatementResultOut, **ERRORS},
    summary="xAPI 1.0.3 statements of learning activity since a date (enrolments, modules, quizzes, "
    "certificates), oldest first",
)
def list_statements(
    request: HttpRequest,
    since: str,
    limit: int = 100,
    offset: int = 0,
    bureau: str = "",
    partner: int | None = None,
) -> dict[str, Any]:
    page = xapi.statements(
        _actor(request),
        since=xapi.parse_since(since),
        bureau=bureau,
        partner=partner,
        offset=offset,
        limit=limit,
    )
    more = ""
    if page.next_offset is not None:
        params: dict[str, Any] = {"since": since, "limit": limit, "offset": page.next_offset}
        if bureau:
            params["bureau"] = bureau
        if partner is not None:
            params["partner"] = partner
        more = f"/api/training/statements/?{urlencode(params)}"
    return {"statements": page.statements, "more": more}
