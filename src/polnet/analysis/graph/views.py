"""The graph page of a project: the graph drawn in the browser, the same answer as text
(each entity with its links and their reasons), a timeline, and the forms to explore, find
a path and add a link. Everything shown comes from the graph services."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from polnet.analysis import services as projects
from polnet.analysis import tabs
from polnet.analysis.graph import services
from polnet.analysis.graph.forms import ExploreForm, LinkForm, PathForm, ViewToReportForm
from polnet.analysis.reports import graphs_in_reports
from polnet.analysis.reports import services as reports
from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput, NotFound, PolnetError
from polnet.network.web import actor_required


def _panel(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each entity with its links in words: the text twin of the drawing."""
    labels = {n["key"]: n["label"] for n in data["nodes"]}
    links: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in data["edges"]:
        for end, other in ((e["source"], e["target"]), (e["target"], e["source"])):
            links[end].append({**e, "other": other, "other_label": labels.get(other, other)})
    return [{**n, "links": links[n["key"]]} for n in data["nodes"]]


def _timeline(data: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    days: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n in data["nodes"]:
        if n["date"]:
            days[n["date"]].append(n)
    return sorted(days.items())


def _show(form: Any, exc: PolnetError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def _report_form(actor: Actor, project_id: int, data: dict[str, Any] | None) -> ViewToReportForm | None:
    """ "Add this view to a report": offered when a graph is shown and the analyst has a draft
    of this project to write."""
    if not data or not data["nodes"]:
        return None
    drafts = [(r.pk, r.title) for r in reports.writable_drafts(actor).filter(project_id=project_id)]
    if not drafts:
        return None
    keys = " ".join(n["key"] for n in data["nodes"])
    return ViewToReportForm(initial={"nodes": keys}, drafts=drafts)


@actor_required
def graph_page(request: HttpRequest, actor: Actor, project_id: int) -> HttpResponse:
    project = projects.project_for(actor, project_id)
    explore_form = ExploreForm(request.GET if "start" in request.GET else None)
    path_form = PathForm(request.GET if "source" in request.GET else None)
    data: dict[str, Any] | None = None
    if explore_form.is_bound and explore_form.is_valid():
        try:
            data = services.as_data(
                services.neighbourhood(
                    actor, project.pk, explore_form.cleaned_data["start"], explore_form.query()
                )
            )
        except (InvalidInput, NotFound) as exc:
            _show(explore_form, exc)
    elif path_form.is_bound and path_form.is_valid():
        try:
            found = services.path(
                actor, project.pk, path_form.cleaned_data["source"], path_form.cleaned_data["target"]
            )
            data = services.as_data(found)
            if found is None:
                messages.info(request, _("No chain of links you may see joins these two."))
        except (InvalidInput, NotFound) as exc:
            _show(path_form, exc)
    strings = {
        "expand": _("Expand"),
        "collapse": _("Collapse"),
        "pin": _("Pin"),
        "unpin": _("Unpin"),
        "remove": _("Remove this link"),
        "more": _("%(n)s more not shown"),
        "more_at_least": _("%(n)s or more not shown"),
        "links": _("Links"),
        "failed": _("The graph could not be read. Try again."),
        "none": _("No chain of links you may see joins these two."),
        "confirm_remove": _("Remove this link from the project?"),
    }
    return render(
        request,
        "analysis/graph/page.html",
        {
            "project": project,
            "tabs": tabs.tabs_for(project.pk, "graph"),
            "explore_form": explore_form,
            "path_form": path_form,
            "link_form": LinkForm(),
            "report_form": _report_form(actor, project.pk, data),
            "data": data,
            "panel": _panel(data) if data else [],
            "timeline": _timeline(data) if data else [],
            "api_base": f"/api/analysis/graph/projects/{project.pk}",
            "strings": strings,
        },
    )


@actor_required
@require_http_methods(["POST"])
def add_link(request: HttpRequest, actor: Actor, project_id: int) -> HttpResponse:
    """The link form without script: the same service, back to the page."""
    form = LinkForm(request.POST)
    page = reverse("analysis:graph:page", args=[project_id])
    if not form.is_valid():
        messages.error(request, _("Give both entities and a note."))
        return HttpResponseRedirect(page)
    d = form.cleaned_data
    try:
        services.add_link(actor, project_id, d["source"], d["target"], d["note"])
    except (InvalidInput, NotFound) as exc:
        messages.error(request, str(exc.message))
        return HttpResponseRedirect(page)
    messages.success(request, _("The link is added to the project."))
    return HttpResponseRedirect(f"{page}?start={d['source']}&hops=1")


@actor_required
@require_http_methods(["POST"])
def view_to_report(request: HttpRequest, actor: Actor, project_id: int) -> HttpResponse:
    """The view on screen, rebuilt from its keys under the analyst's policy, into a draft."""
    projects.project_for(actor, project_id)  # a non-participant learns nothing of the form
    form = ViewToReportForm(request.POST)
    if not form.is_valid():
        reasons = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        raise InvalidInput(
            gettext_lazy("The view could not be added: %(reason)s"), code="graph_view_refused", reason=reasons
        )
    section = graphs_in_reports.add_graph_view(
        actor, project_id, form.cleaned_data["report"], form.keys(), title=form.cleaned_data["title"]
    )
    messages.success(
        request, _("The graph view “%(title)s” was added to the report.") % {"title": section.title}
    )
    editor = reverse("analysis:report", args=[project_id, section.report_id])
    return HttpResponseRedirect(f"{editor}#section-{section.pk}")
