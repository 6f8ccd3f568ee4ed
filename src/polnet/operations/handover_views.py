"""The page side of `handover.py`: the button on the final report and the plan opens (or finds)
the operation's analysis project and goes there."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from django.views.decorators.http import require_POST

from polnet.core.actor import Actor
from polnet.network.web import actor_required
from polnet.operations import handover


@actor_required
@require_POST
def open_analysis(request: HttpRequest, actor: Actor, operation_id: int) -> HttpResponse:
    opened = handover.open_analysis(actor, operation_id)
    return HttpResponseRedirect(f"/analysis/projects/{opened.project.pk}/")


urlpatterns = [
    path("operations/<int:operation_id>/analysis/", open_analysis, name="operation-analysis"),
]
