"""`POST /api/operations/{id}/analysis`: open (or find) the operation's analysis project. The
token needs the `operations` scope for the route and the `analysis` scope to work in projects
(`analysis/policy.may_analyse`); 201 when opened now, 200 when it was already open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema, Status

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS, request_actor
from polnet.network.auth import ScopedRouter
from polnet.operations import handover

router = ScopedRouter(tags=["operations: into analysis"])


class OperationAnalysisOut(Schema):
    project_id: int
    name: str
    created: bool
    # Contributions added by kind, and what was left out by reason (only when created).
    added: dict[str, int]
    left_out: dict[str, int]


@router.post(
    "/{operation_id}/analysis",
    response={200: OperationAnalysisOut, 201: OperationAnalysisOut, **ERRORS},
    scope=TokenScope.OPERATIONS,
)
def open_analysis(request: HttpRequest, operation_id: int) -> Status[dict[str, Any]]:
    opened = handover.open_analysis(request_actor(request), operation_id)
    body = {
        "project_id": opened.project.pk,
        "name": opened.project.name,
        "created": opened.created,
        "added": opened.added,
        "left_out": opened.left_out,
    }
    return Status(201 if opened.created else 200, body)
