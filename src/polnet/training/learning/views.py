"""The learning centre's home, the module pages, quiz attempts and the staff page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from polnet.core.actor import Actor
from polnet.core.errors import NotFound, PolnetError
from polnet.network.web import actor_required, open_to_learners
from polnet.training import policy
from polnet.training.catalogue import finder, render
from polnet.training.catalogue.models import Course, ModuleKind
from polnet.training.certificates.gate import valid_certificates_q
from polnet.training.certificates.models import Certificate
from polnet.training.learning import services as learning
from polnet.training.learning.models import Attempt, Enrolment, EnrolmentState
from polnet.training.pages import ids, page, whole


@require_GET
@actor_required
@open_to_learners
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    """My courses in progress, my certificates, the catalogue, and for authors their party's courses."""
    enrolments = learning.my_enrolments(actor)
    context = {
        "in_progress": enrolments.filter(state=EnrolmentState.ACTIVE),
        "completed": enrolments.filter(state=EnrolmentState.COMPLETED)[:20],
        "certificates": Certificate.objects.filter(valid_certificates_q(), user_id=actor.user_id or 0),
        "courses": finder.catalogue(actor)[:12],
        "authors": policy.may_author(actor),
        "own_courses": Course.objects.filter(policy.owner_q(actor)) if policy.may_author(actor) else [],
        "manages_staff": policy.manages_staff(actor),
    }
    return page(request, actor, "home.html", context)


def _course_and_enrolment(actor: Actor, course_id: int) -> tuple[Course, Enrolment]:
    course = policy.visible_courses(actor).filter(pk=course_id).first()
    enrolment = learning.latest_enrolment(actor, course) if course else None
    if course is None or enrolment is None:
        raise NotFound(_("Enrol in the course to open its modules."), code="training_not_enrolled")
    return course, enrolment


@require_GET
@actor_required
@open_to_learners
def module_page(request: HttpRequest, actor: Actor, course_id: int, module_id: int) -> HttpResponse:
    """A lesson (opening it starts it) or a quiz's rules and attempts."""
    course, enrolment = _course_and_enrolment(actor, course_id)
    progress = learning.open_module(actor, enrolment.pk, module_id)
    module = course.modules.get(pk=module_id)
    modules = list(course.modules.all())
    index = [m.pk for m in modules].index(module.pk)
    context: dict[str, Any] = {
        "course": course,
        "enrolment": enrolment,
        "module": module,
        "progress": progress,
        "previous": modules[index - 1] if index > 0 else None,
        "next": modules[index + 1] if index + 1 < len(modules) else None,
    }
    if module.kind == ModuleKind.LESSON:
        media_ids = list(course.media.values_list("pk", flat=True))
        context["body"] = render.render(module.body, media_ids)
        context["files"] = course.media.filter(module=module)
    else:
        context["attempts"] = Attempt.objects.filter(enrolment=enrolment, module=module)
        context["left"] = learning.attempts_left(enrolment, module)
    return page(request, actor, "module.html", context)


@require_POST
@actor_required
@open_to_learners
def lesson_done(request: HttpRequest, actor: Actor, course_id: int, module_id: int) -> HttpResponse:
    course, enrolment = _course_and_enrolment(actor, course_id)
    enrolment = learning.complete_lesson(actor, enrolment.pk, module_id)
    if enrolment.state == EnrolmentState.COMPLETED:
        messages.success(request, _("You have completed the course."))
        return HttpResponseRedirect(f"/training/courses/{course.pk}/?stay=1")
    following = course.modules.filter(position__gt=course.modules.get(pk=module_id).position).first()
    if following is None:
        return HttpResponseRedirect(f"/training/courses/{course.pk}/?stay=1")
    return HttpResponseRedirect(f"/training/courses/{course.pk}/modules/{following.pk}/")


@require_POST
@actor_required
@open_to_learners
def attempt_start(request: HttpRequest, actor: Actor, course_id: int, module_id: int) -> HttpResponse:
    _course, enrolment = _course_and_enrolment(actor, course_id)
    attempt = learning.start_attempt(actor, enrolment.pk, module_id)
    return HttpResponseRedirect(f"/training/attempts/{attempt.pk}/")


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def attempt_page(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """The questions of an open attempt; once submitted, the result with the right answers and
    each choice's explanation."""
    attempt = learning.own_attempt(actor, pk)
    error, status = "", 200
    if request.method == "POST":
        answers = {
            key.removeprefix("q-"): ids(request.POST.getlist(key), "answers")
            for key in request.POST
            if key.startswith("q-")
        }
        try:
            attempt = learning.submit_attempt(actor, pk, answers)
        except PolnetError as exc:
            if exc.status in (403, 404):
                raise
            error, status = str(exc.message), exc.status
            attempt = learning.own_attempt(actor, pk)
        else:
            return HttpResponseRedirect(f"/training/attempts/{pk}/")
    enrolment = attempt.enrolment
    context = {
        "attempt": attempt,
        "course": enrolment.course,
        "module": attempt.module,
        "questions": learning.shown(attempt),
        "left": learning.attempts_left(enrolment, attempt.module),
        "error": error,
        "enrolment": enrolment,
    }
    return page(request, actor, "attempt.html", context, status=status)


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def staff_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """A staff manager enrols their people in a course and follows their progress."""
    people = learning.staff(actor)
    error, status = "", 200
    if request.method == "POST":
        try:
            course_id = whole(request.POST.get("course"), "course")
            done = learning.enrol_staff(actor, course_id, ids(request.POST.getlist("users"), "users"))
        except PolnetError as exc:
            if exc.status == 403:
                raise
            error, status = str(exc.message), exc.status
        else:
            messages.success(request, _("People enrolled: %(count)s") % {"count": len(done)})
            return HttpResponseRedirect("/training/staff/")
    enrolments = list(learning.staff_enrolments(actor)[:500])
    for e in enrolments:
        e.done_count = len(learning.completed_modules(e))  # type: ignore[attr-defined]
        e.module_count = e.course.modules.count()  # type: ignore[attr-defined]
    context = {
        "people": people,
        "courses": finder.catalogue(actor),
        "enrolments": enrolments,
        "error": error,
    }
    return page(request, actor, "staff.html", context, status=status)
