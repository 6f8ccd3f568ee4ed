"""The owner's retention page: review dates to come, and what waits for deletion."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from polnet.core.actor import Actor
from polnet.dataprotection import retention
from polnet.network.web import actor_required


@actor_required
@require_GET
def retention_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    rows = retention.due_for_owner(actor)
    context = {
        "actor": actor,
        "coming": [r for r in rows if not r.expired],
        "waiting": [r for r in rows if r.expired],
        "notice_days": settings.POLNET_RETENTION_NOTICE_DAYS,
        "grace_days": settings.POLNET_RETENTION_GRACE_DAYS,
    }
    return render(request, "dataprotection/retention.html", context)
