"""The live board's pages: the whole page, the fragment it polls, and a notification's link."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET

from polnet.core.actor import Actor
from polnet.network.web import actor_required, open_to_learners
from polnet.operations import board, tabs
from polnet.operations.models import DrugType, QuantityUnit, SeizureCategory


def poll_seconds() -> int:
    """How often an open board asks for its figures (a setting, so a test need not wait 10 s)."""
    return int(getattr(settings, "POLNET_OPERATION_BOARD_POLL_SECONDS", 10))


def _context(actor: Actor, operation_id: int) -> dict[str, Any]:
    figures = board.board(actor, board.operation_for(actor, operation_id))
    categories = dict(SeizureCategory.choices)
    drugs, units = dict(DrugType.choices), dict(QuantityUnit.choices)
    return {
        "actor": actor,
        "board": figures,
        "operation": figures.operation,
        "rows": [(c, figures.checks_of(c), figures.total_of(c)) for c in figures.countries],
        "seizures": [
            {**s, "label": categories.get(str(s["category"]), s["category"])} for s in figures.seizures
        ],
        "drugs": [
            {
                **d,
                "label": drugs.get(str(d["drug_type"]), d["drug_type"]),
                "unit": units.get(str(d["quantity_unit"]), d["quantity_unit"]),
            }
            for d in figures.drugs
        ],
        "poll_seconds": poll_seconds(),
    }


@actor_required
@open_to_learners  # observers (partners' people) read the totals
@require_GET
def board_page(request: HttpRequest, actor: Actor, operation_id: int) -> HttpResponse:
    context = _context(actor, operation_id)
    context["tabs"] = tabs.tabs_for(actor, context["operation"], "board")
    return render(request, "operations/board.html", context)


@actor_required
@open_to_learners
@require_GET
def board_live(request: HttpRequest, actor: Actor, operation_id: int) -> HttpResponse:
    return render(request, "operations/_board.html", _context(actor, operation_id))


@actor_required
@require_GET
def operation_hit(request: HttpRequest, actor: Actor, hit_id: int) -> HttpResponse:
    """A notification's link: the hit on its operation's board, if the reader may see it."""
    found = board.hit_for(actor, hit_id)
    return HttpResponseRedirect(f"/operations/{found.operation_id}/board/#operation-hit-{found.pk}")
