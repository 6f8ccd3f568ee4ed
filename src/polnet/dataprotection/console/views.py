"""The console's pages under /dataprotection/console/: home, a record's access history, the
processing log (with its signed extract), the alerts and the register of processing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from polnet.core.actor import Actor
from polnet.core.errors import Conflict, InvalidInput
from polnet.dataprotection.console import alerts as alert_words
from polnet.dataprotection.console import filters, policy, register, services
from polnet.dataprotection.console.forms import CloseAlertForm, HistoryForm, LogSearchForm
from polnet.dataprotection.console.models import AlertState
from polnet.dataprotection.console.sources import Page
from polnet.network.web import actor_required

PER_PAGE = 50


def _pager(found: Page) -> dict[str, Any]:
    return {
        "page": found.page,
        "pages": found.pages,
        "has_prev": found.has_previous,
        "has_next": found.has_next,
        "total": found.total,
    }


@actor_required
def console_home(request: HttpRequest, actor: Actor) -> HttpResponse:
    policy.require_supervisor(actor)
    context = {
        "actor": actor,
        "history_form": HistoryForm(),
        "open_alerts": services.open_alert_count(actor),
        "network": actor.country is None,
    }
    return render(request, "dataprotection/console/home.html", context)


@actor_required
def history_lookup(request: HttpRequest, actor: Actor) -> HttpResponse:
    policy.require_supervisor(actor)
    form = HistoryForm(request.GET)
    if form.is_valid():
        return HttpResponseRedirect(
            f"/dataprotection/console/history/{form.cleaned_data['kind']}/{form.cleaned_data['id']}/"
        )
    context = {"actor": actor, "history_form": form, "open_alerts": services.open_alert_count(actor)}
    return render(request, "dataprotection/console/home.html", context, status=422)


@actor_required
def history(request: HttpRequest, actor: Actor, kind: str, pk: int) -> HttpResponse:
    page = filters.page_number(request.GET.get("page"), per_page=PER_PAGE)
    ref, found = services.access_history(actor, kind, pk, page=page, per_page=PER_PAGE)
    context = {"actor": actor, "ref": ref, "events": found.events, **_pager(found)}
    return render(request, "dataprotection/console/history.html", context)


@actor_required
def processing_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    policy.require_supervisor(actor)
    form = LogSearchForm(request.GET)
    chosen = form.filters()
    context: dict[str, Any] = {"actor": actor, "form": form, "searched": chosen is not None}
    status = 200
    if chosen is None:
        status = 422
    else:
        page = filters.page_number(request.GET.get("page"), per_page=PER_PAGE)
        found = services.search_log(actor, chosen, page=page, per_page=PER_PAGE)
        context |= {"events": found.events, **_pager(found), "export_fields": request.GET.items()}
    return render(request, "dataprotection/console/log.html", context, status=status)


@require_POST
@actor_required
def export_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = LogSearchForm(request.POST)
    chosen = form.filters()
    if chosen is None:
        context = {"actor": actor, "form": form, "searched": False}
        return render(request, "dataprotection/console/log.html", context, status=422)
    made = services.export_log(actor, chosen)
    response = HttpResponse(made.as_zip(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{made.name}.zip"'
    return response


@actor_required
def alert_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    state = request.GET.get("state", AlertState.OPEN)
    page = filters.page_number(request.GET.get("page"), per_page=PER_PAGE)
    rows, total = services.alerts(actor, state=state, page=page, per_page=PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    context = {
        "actor": actor,
        "alerts": [(a, alert_words.explain(a)) for a in rows],
        "state": state,
        "states": AlertState.choices,
        "page": page,
        "pages": pages,
        "has_prev": page > 1,
        "has_next": page < pages,
        "total": total,
    }
    return render(request, "dataprotection/console/alerts.html", context)


@require_http_methods(["GET", "POST"])
@actor_required
def alert_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    form = CloseAlertForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.close_alert(actor, pk, form.cleaned_data["note"])
            except (InvalidInput, Conflict) as exc:
                form.add_error("note", str(exc.message))
            else:
                return HttpResponseRedirect(f"/dataprotection/console/alerts/{pk}/")
        status = 422
    found = services.alert(actor, pk)
    context = {"actor": actor, "alert": found, "why": alert_words.explain(found), "form": form}
    return render(request, "dataprotection/console/alert.html", context, status=status)


@actor_required
def register_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    policy.require_supervisor(actor)
    return render(
        request, "dataprotection/console/register.html", {"actor": actor, "entries": register.register()}
    )


@actor_required
def register_csv(request: HttpRequest, actor: Actor) -> HttpResponse:
    policy.require_supervisor(actor)
    return register.csv_response()
