"""Session pages: the list (with the reader's registrations), organising a session, one
session (registering people, cancelling, attendance, closing). Same services as the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput
from polnet.network.models import Country, User
from polnet.network.web import actor_required, open_to_learners
from polnet.training import policy
from polnet.training.classroom import services
from polnet.training.classroom.models import RegistrationState, SessionState

HOME = "/training/sessions/"


def _session_url(pk: int) -> str:
    return f"{HOME}{pk}/"


def _day(post: Any, name: str) -> date:
    try:
        return date.fromisoformat(post.get(name, ""))
    except ValueError:
        raise InvalidInput(
            _("Give a date such as 2026-05-31."), code="session_date_format", field=name
        ) from None


def _whole(post: Any, name: str) -> int:
    value = post.get(name, "").strip()
    if not value.isdigit():
        raise InvalidInput(_("Give a whole number."), code="session_number_format", field=name)
    return int(value)


def session_in(post: Any) -> services.SessionIn:
    return services.SessionIn(
        course_id=_whole(post, "course"),
        place=post.get("place", ""),
        city=post.get("city", ""),
        country=post.get("country", ""),
        starts_on=_day(post, "starts_on"),
        ends_on=_day(post, "ends_on"),
        trainers=post.get("trainers", ""),
        seats=_whole(post, "seats"),
        registration_closes=_day(post, "registration_closes"),
    )


@require_GET
@actor_required
@open_to_learners
def session_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    context = {
        "actor": actor,
        "sessions": services.visible_sessions(actor).exclude(state=SessionState.CANCELLED)[:200],
        "mine": services.my_registrations(actor).exclude(state=RegistrationState.CANCELLED),
        "may_organise": policy.may_author(actor),
        "today": timezone.localdate(),
    }
    return render(request, "training/sessions/list.html", context)


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def session_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    courses = [
        c for c in policy.visible_courses(actor).order_by("title") if policy.may_change_course(actor, c)
    ]
    error, field, status = "", "", 200
    if request.method == "POST":
        try:
            session = services.create_session(actor, session_in(request.POST))
            return HttpResponseRedirect(_session_url(session.pk))
        except InvalidInput as exc:
            error, field, status = str(exc.message), exc.field or "", exc.status
    context = {
        "actor": actor,
        "courses": courses,
        "countries": Country.objects.order_by("name"),
        "posted": request.POST,
        "error": error,
        "error_field": field,
    }
    return render(request, "training/sessions/new.html", context, status=status)


def _detail(request: HttpRequest, actor: Actor, pk: int, error: str = "", status: int = 200) -> HttpResponse:
    session = services.get_session(actor, pk)
    regs = list(services.registrations(actor, session))
    taken = {r.user_id for r in regs if r.state != RegistrationState.CANCELLED}
    staff = (
        User.objects.filter(policy.staff_q(actor), is_active=True, is_machine=False)
        .exclude(pk__in=taken)
        .order_by("username")
        if policy.manages_staff(actor) and session.state == SessionState.OPEN
        else User.objects.none()
    )
    context = {
        "actor": actor,
        "session": session,
        "registrations": regs,
        "staff": staff,
        "organiser": services.organises(actor, session),
        "registered": sum(1 for r in regs if r.state == RegistrationState.REGISTERED),
        "started": session.starts_on <= timezone.localdate(),
        "error": error,
    }
    return render(request, "training/sessions/detail.html", context, status=status)


@require_GET
@actor_required
@open_to_learners
def session_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return _detail(request, actor, pk)


@require_POST
@actor_required
@open_to_learners
def session_register(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    try:
        services.register(actor, pk, _whole(request.POST, "user"))
    except InvalidInput as exc:
        return _detail(request, actor, pk, str(exc.message), exc.status)
    return HttpResponseRedirect(_session_url(pk))


@require_POST
@actor_required
@open_to_learners
def registration_cancel(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    reg = services.cancel(actor, pk)
    return HttpResponseRedirect(_session_url(reg.session_id))


@require_POST
@actor_required
@open_to_learners
def session_attendance(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    marks = {
        int(key.removeprefix("attended-")): value == "yes"
        for key, value in request.POST.items()
        if key.startswith("attended-") and key.removeprefix("attended-").isdigit() and value in ("yes", "no")
    }
    services.take_attendance(actor, pk, marks)
    return HttpResponseRedirect(_session_url(pk))


@require_POST
@actor_required
@open_to_learners
def session_close(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    try:
        services.close_session(actor, pk)
    except InvalidInput as exc:
        return _detail(request, actor, pk, str(exc.message), exc.status)
    return HttpResponseRedirect(_session_url(pk))
