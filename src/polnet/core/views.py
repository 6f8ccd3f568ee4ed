"""Helpers the web views share (the signed-in actor, errors as pages) and the role home pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import urlencode

from polnet.core.actor import Actor, Role
from polnet.core.errors import PolnetError
from polnet.core.navigation import (
    CHECK_URL,
    NOTICES_URL,
    REVIEW_URL,
    is_available,
    offers_check,
    reads_records,
)

ENROL_SESSION_KEY = "polnet_enrol"


def verified_actor(request: HttpRequest) -> Actor | None:
    from polnet.network.actors import actor_for
    from polnet.network.auth import client_origin, request_id

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


def actor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in with both factors, else to the sign-in page; domain errors become pages."""

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
        try:
            return view(request, actor, *args, **kwargs)
        except PolnetError as exc:
            return error_page(request, exc, actor)

    return wrapper


@actor_required
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Each role lands where its work is."""
    from polnet.network import services as network

    context: dict[str, Any] = {"actor": actor}
    if actor.role == Role.UNIT_OFFICER:
        checks = offers_check(actor) and is_available(CHECK_URL)
        if checks:
            return HttpResponseRedirect(CHECK_URL)
        user: Any = request.user
        context |= {
            "unit_name": user.unit.name if user.unit else "",
            "check_url": CHECK_URL,
            "check_ready": checks,
        }
        return render(request, "home/unit.html", context)
    if actor.role == Role.SECRETARIAT_REVIEWER:
        if is_available(REVIEW_URL):
            return HttpResponseRedirect(REVIEW_URL)
        return render(request, "home/reviewer.html", context | {"review_url": REVIEW_URL})
    if actor.role == Role.ANALYST:
        return _statistics_page(request, actor)
    if actor.role == Role.BUREAU_ADMIN:
        from polnet.network.admin_views import overview_page

        return overview_page(request, actor)
    if actor.role == Role.SYSTEM_ADMIN:
        context |= {
            "bureaus": network.network_overview(actor),
            "secretariat": network.secretariat_users(actor),
        }
        return render(request, "home/sysadmin.html", context)
    if actor.country is None:
        return render(request, "home/secretariat.html", context)
    from polnet.core.home_panels import bureau_panels

    context |= {
        "units": network.bureau_units(actor),
        "notices_url": NOTICES_URL,
        "check_url": CHECK_URL,
        "notices_ready": is_available(NOTICES_URL),
        "reads_records": reads_records(actor),
        **bureau_panels(actor),
    }
    return render(request, "home/bureau.html", context)


def _statistics_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    from polnet.records.statistics import record_statistics

    stats = record_statistics(actor)
    return render(request, "statistics.html", {"actor": actor, "stats": stats})


@actor_required
def statistics(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _statistics_page(request, actor)
