"""The signed-in actor of a web page, and domain errors shown as pages.

Every app's views use `actor_required`; it lives here because the network resolves a
signed-in user (two factors, unit, bureau) into the actor the services take.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, PolnetError
from polnet.network.actors import actor_for
from polnet.network.auth import client_origin, request_id

ENROL_SESSION_KEY = "polnet_enrol"


def verified_actor(request: HttpRequest) -> Actor | None:
    user: Any = request.user
    if not (user.is_authenticated and user.is_verified()):
        return None
    return actor_for(user, origin=client_origin(request), request_id=request_id(request))


def _session_ended(request: HttpRequest) -> bool:
    """A session cookie came back but its session is gone: it expired while idle."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        and not request.user.is_authenticated
        and ENROL_SESSION_KEY not in request.session
    )


def error_page(request: HttpRequest, exc: PolnetError, actor: Actor | None = None) -> HttpResponse:
    context = {"actor": actor, "message": exc.message, "status": exc.status}
    return render(request, "error.html", context, status=exc.status)


OPEN_TO_LEARNERS = "polnet_open_to_learners"


def open_to_learners(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a page that learners and trainers may open (the learning centre's, the home page).

    Every other page refuses them, whatever its own checks say: default deny."""
    setattr(view, OPEN_TO_LEARNERS, True)
    return view


def actor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in with both factors, else to the sign-in page; domain errors become pages.

    A learner or a trainer (`core.actor.LEARNING_ONLY_ROLES`, partners' people) opens only the
    pages marked `open_to_learners`."""
    learners_welcome = getattr(view, OPEN_TO_LEARNERS, False)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = verified_actor(request)
        if actor is None:
            htmx = getattr(request, "htmx", None)
            # A part of a page (a poll, a form sent by htmx) sends the whole page to sign-in.
            page = (htmx.current_url_abs_path if htmx else None) or request.get_full_path()
            query = {"next": page}
            if _session_ended(request):
                query["expired"] = "1"
            if htmx:
                return HttpResponse(status=204, headers={"HX-Redirect": "/login/?" + urlencode(query)})
            return HttpResponseRedirect("/login/?" + urlencode(query))
        if not (actor.handles_police_data or learners_welcome):
            refusal = Forbidden(
                _("Your account is for the learning centre only; this page is not part of it."),
                code="learning_only_page",
            )
            return error_page(request, refusal, actor)
        try:
            return view(request, actor, *args, **kwargs)
        except PolnetError as exc:
            return error_page(request, exc, actor)

    return wrapper
