"""The requirements page: what the bureau (or the network) requires, who still lacks it, and
the form to require another course."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from polnet.core import gates
from polnet.core.actor import Actor, Gated
from polnet.core.errors import InvalidInput, PolnetError
from polnet.network.web import actor_required, error_page, open_to_learners
from polnet.training.certificates import requirements

HOME = "/training/requirements/"


def _page(request: HttpRequest, actor: Actor, status: int = 200, error: str = "") -> HttpResponse:
    context = {
        "actor": actor,
        "rows": requirements.list_requirements(actor),
        "courses": requirements.eligible_courses(actor).order_by("title"),
        "activities": [(g.value, gates.ACTIVITY_WORDS[g]) for g in Gated],
        "network": actor.bureau_id is None,
        "error": error,
    }
    return render(request, "training/requirements/list.html", context, status=status)


@require_GET
@actor_required
@open_to_learners  # the secretariat's trainers set network requirements
def requirement_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _page(request, actor)


@require_POST
@actor_required
@open_to_learners
def requirement_add(request: HttpRequest, actor: Actor) -> HttpResponse:
    try:
        course = request.POST.get("course", "")
        if not course.isdigit():
            raise InvalidInput(
                _("Choose the course whose certificate is required."),
                code="requirement_course_missing",
                field="course",
            )
        requirements.add_requirement(actor, int(course), request.POST.get("activity", ""))
    except InvalidInput as exc:
        return _page(request, actor, status=exc.status, error=str(exc.message))
    except PolnetError as exc:
        return error_page(request, exc, actor)
    return HttpResponseRedirect(HOME)


@require_POST
@actor_required
@open_to_learners
def requirement_remove(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    requirements.remove_requirement(actor, pk)
    return HttpResponseRedirect(HOME)
