"""The analysis pages: the analyst's projects, and one project with its participants and
contributions. Every form calls the same services as the API; a refused form comes back on
its page with its errors (422)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from polnet.analysis import contributions, services, tabs
from polnet.analysis.forms import (
    InviteForm,
    ObjectContributionForm,
    ProjectEditForm,
    ProjectForm,
    TextContributionForm,
)
from polnet.analysis.models import Project
from polnet.core.actor import Actor
from polnet.core.errors import PolnetError
from polnet.network.models import Country
from polnet.network.web import actor_required


def _project_url(pk: int, anchor: str = "") -> str:
    return f"/analysis/projects/{pk}/" + (f"#{anchor}" if anchor else "")


def _submitted(form: Any, act: Callable[[dict[str, Any]], object]) -> bool:
    """Hand a valid form's payload to the service; a refusal of the input lands on the form
    (a refusal of the actor, 403, stays an error page)."""
    if not (form.is_valid() and (data := form.payload())):
        return False
    try:
        act(data)
    except PolnetError as exc:
        if exc.status == 403:
            raise
        form.add_service_error(exc)
        return False
    return True


@actor_required
def index(request: HttpRequest, actor: Actor) -> HttpResponse:
    services.require_analyst(actor)
    form = ProjectForm()
    status = 200
    if request.method == "POST":
        form = ProjectForm(request.POST)
        if form.is_valid() and (data := form.payload()):
            try:
                project = services.open_project(actor, **data)
                return HttpResponseRedirect(_project_url(project.pk))
            except PolnetError as exc:
                form.add_service_error(exc)
        status = 422
    rows = list(services.projects(actor).select_related("owner_country"))
    context = {"actor": actor, "projects": rows, "form": form}
    return render(request, "analysis/index.html", context, status=status)


def _invite_choices(project: Project) -> list[tuple[str, str]]:
    taking_part = {p.country_id for p in services.participants(project)}
    choices = [] if None in taking_part else [(services.SECRETARIAT, str(_("General Secretariat")))]
    members = Country.objects.filter(is_member=True).exclude(code__in=[c for c in taking_part if c])
    return choices + [(c.code, f"{c.code} · {c.name}") for c in members.order_by("code")]


def _listable(actor: Actor, project: Project) -> list[tuple[str, str]]:
    return [
        (p.country.code, f"{p.country.code} · {p.country.name}")
        for p in services.participants(project)
        if p.country is not None and p.country_id != actor.country
    ]


def project_context(actor: Actor, project: Project, **forms: Any) -> dict[str, Any]:
    """What the project's page shows the actor; `forms` replaces a form sent back with errors."""
    owner = services.is_owner(actor, project)
    page = contributions.list_contributions(actor, project.pk, limit=contributions.MAX_PAGE)
    context: dict[str, Any] = {
        "actor": actor,
        "project": project,
        "tabs": tabs.tabs_for(project.pk, "overview"),
        "participants": services.participants(project),
        "owner": owner,
        "open": project.closed_at is None,
        "page": page,
        "text_form": TextContributionForm(countries=_listable(actor, project)),
        "object_form": ObjectContributionForm(),
    }
    if owner:
        context["invite_form"] = InviteForm(choices=_invite_choices(project))
        context["edit_form"] = ProjectEditForm.of(project)
    return context | forms


def _again(request: HttpRequest, actor: Actor, project: Project, **forms: Any) -> HttpResponse:
    return render(request, "analysis/project.html", project_context(actor, project, **forms), status=422)


@actor_required
def project_page(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    project = services.read_project(actor, pk)
    return render(request, "analysis/project.html", project_context(actor, project))


@actor_required
@require_POST
def invite(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    project = services.project_for(actor, pk)
    form = InviteForm(request.POST, choices=_invite_choices(project))
    if _submitted(form, lambda data: services.invite(actor, pk, data["party"])):
        return HttpResponseRedirect(_project_url(pk, "participants"))
    return _again(request, actor, project, invite_form=form)


@actor_required
@require_POST
def edit(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    project = services.project_for(actor, pk)
    form = ProjectEditForm(request.POST, prefix="edit")
    if _submitted(form, lambda data: services.update_project(actor, pk, data)):
        return HttpResponseRedirect(_project_url(pk))
    return _again(request, actor, project, edit_form=form)


@actor_required
@require_POST
def contribute_text(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    project = services.project_for(actor, pk)
    form = TextContributionForm(request.POST, countries=_listable(actor, project))
    if _submitted(form, lambda data: contributions.add(actor, pk, data)):
        return HttpResponseRedirect(_project_url(pk, "contributions"))
    return _again(request, actor, project, text_form=form)


@actor_required
@require_POST
def contribute_object(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    project = services.project_for(actor, pk)
    form = ObjectContributionForm(request.POST)
    if _submitted(form, lambda data: contributions.add(actor, pk, data)):
        return HttpResponseRedirect(_project_url(pk, "contributions"))
    return _again(request, actor, project, object_form=form)


@actor_required
@require_POST
def withdraw(request: HttpRequest, actor: Actor, pk: int, contribution_pk: int) -> HttpResponse:
    contributions.withdraw(actor, pk, contribution_pk)
    return HttpResponseRedirect(_project_url(pk, "contributions"))


@actor_required
@require_POST
def leave(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    services.leave(actor, pk)
    return HttpResponseRedirect("/analysis/")


@actor_required
@require_POST
def close(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    services.close(actor, pk)
    return HttpResponseRedirect(_project_url(pk))
