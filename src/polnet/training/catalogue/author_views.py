"""The authoring pages: a course's description and audience, its modules, quiz banks, files,
publication and translations. Same services as everywhere; the policy decides."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, NotFound, PolnetError
from polnet.network.models import Country, Partner
from polnet.network.web import actor_required, open_to_learners
from polnet.training import policy
from polnet.training.catalogue import services
from polnet.training.catalogue.models import (
    Audience,
    Course,
    CourseFormat,
    Module,
    ModuleKind,
    PriorityArea,
    Question,
)
from polnet.training.catalogue.services import ChoiceIn
from polnet.training.pages import ids, page, whole

HOME = "/training/author/"
CHOICE_ROWS = 6
MAX_UPLOAD = 200 * 1024 * 1024


def _author(actor: Actor) -> None:
    if not policy.may_author(actor):
        raise Forbidden(_("You do not write courses."), code="training_not_author")


def _course(actor: Actor, pk: int) -> Course:
    course = policy.visible_courses(actor).filter(pk=pk).first()
    if course is None:
        raise NotFound(_("No such course."), code="training_course_not_found")
    if not policy.may_change_course(actor, course):
        raise Forbidden(_("Only the course owner's authors may change it."), code="training_course_not_owner")
    return course


def _course_fields(post: Any) -> dict[str, Any]:
    return {
        "title": post.get("title", ""),
        "summary": post.get("summary", ""),
        "format": post.get("format", CourseFormat.ONLINE),
        "area": post.get("area", ""),
        "audience": post.get("audience", Audience.MEMBERS),
        "countries": post.getlist("countries"),
        "partners": ids(post.getlist("partners"), "partners"),
        "certificate_months": whole(post.get("certificate_months"), "certificate_months", 24),
        "estimated_minutes": whole(post.get("estimated_minutes"), "estimated_minutes", 60),
    }


def _form_context(course: Course | None = None) -> dict[str, Any]:
    return {
        "formats": CourseFormat.choices,
        "areas": PriorityArea.choices,
        "audiences": Audience.choices,
        "languages": settings.LANGUAGES,
        "all_countries": Country.objects.filter(is_member=True).order_by("name"),
        "all_partners": Partner.objects.filter(active=True),
        "chosen_countries": set(course.countries.values_list("code", flat=True)) if course else set(),
        "chosen_partners": set(course.partners.values_list("pk", flat=True)) if course else set(),
    }


@require_GET
@actor_required
@open_to_learners
def author_home(request: HttpRequest, actor: Actor) -> HttpResponse:
    _author(actor)
    courses = Course.objects.filter(policy.owner_q(actor)).order_by("title", "language")
    return page(request, actor, "author/home.html", {"courses": courses, **_form_context()})


@require_POST
@actor_required
@open_to_learners
def course_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    _author(actor)
    try:
        fields = _course_fields(request.POST)
        course = services.create_course(actor, language=request.POST.get("language", "en"), **fields)
    except InvalidInput as exc:
        courses = Course.objects.filter(policy.owner_q(actor))
        context = {"courses": courses, "error": exc.message, "posted": request.POST, **_form_context()}
        return page(request, actor, "author/home.html", context, status=exc.status)
    return HttpResponseRedirect(f"{HOME}courses/{course.pk}/")


def _editor(
    request: HttpRequest, actor: Actor, course: Course, *, error: str = "", status: int = 200
) -> HttpResponse:
    course.refresh_from_db()
    context = {
        "course": course,
        "modules": list(course.modules.all()),
        "files": course.media.all(),
        "translations": Course.objects.filter(translation_of=course.translation_of or course),
        "original": course.translation_of,
        "module_kinds": ModuleKind.choices,
        "error": error,
        **_form_context(course),
    }
    return page(request, actor, "author/course.html", context, status=status)


def _act(
    request: HttpRequest, actor: Actor, course: Course, act: Callable[[], Any], done: str
) -> HttpResponse:
    """Run a service; a refusal of the input shows the editor again with its reason."""
    try:
        result = act()
    except PolnetError as exc:
        if exc.status in (403, 404):
            raise
        return _editor(request, actor, course, error=str(exc.message), status=exc.status)
    messages.success(request, done)
    target = result.pk if isinstance(result, Course) else course.pk
    return HttpResponseRedirect(f"{HOME}courses/{target}/")


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def course_editor(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    course = _course(actor, pk)
    if request.method == "GET":
        return _editor(request, actor, course)
    return _act(
        request,
        actor,
        course,
        lambda: services.update_course(actor, pk, **_course_fields(request.POST)),
        str(_("The course was saved.")),
    )


@require_POST
@actor_required
@open_to_learners
def course_action(request: HttpRequest, actor: Actor, pk: int, action: str) -> HttpResponse:
    course = _course(actor, pk)
    post = request.POST
    acts: dict[str, tuple[Callable[[], Any], str]] = {
        "publish": (lambda: services.publish(actor, pk), str(_("The course is published."))),
        "withdraw": (lambda: services.withdraw(actor, pk), str(_("The course is withdrawn."))),
        "translate": (
            lambda: services.translate(
                actor, pk, language=post.get("language", ""), title=post.get("title", "")
            ),
            str(_("The translation was created: translate its texts, then publish it.")),
        ),
        "add-module": (
            lambda: services.add_module(
                actor, pk, title=post.get("title", ""), kind=post.get("kind", ModuleKind.LESSON)
            ),
            str(_("The module was added.")),
        ),
        "order": (
            lambda: services.reorder_modules(actor, pk, ids(post.getlist("order"), "order")),
            str(_("The modules were reordered.")),
        ),
        "upload": (lambda: _upload(request, actor, pk), str(_("The file was added."))),
    }
    if action not in acts:
        raise NotFound(_("No such page."), code="training_page_not_found")
    act, done = acts[action]
    return _act(request, actor, course, act, done)


def _upload(request: HttpRequest, actor: Actor, pk: int) -> Any:
    upload = request.FILES.get("file")
    if upload is None or upload.size is None or upload.size > MAX_UPLOAD:
        raise InvalidInput(
            _("Choose a file of at most 200 MB."), code="training_upload_missing", field="file"
        )
    module = whole(request.POST.get("module"), "module", 0) or None
    return services.attach_media(
        actor,
        pk,
        title=request.POST.get("title", ""),
        file_name=upload.name or "",
        data=upload.read(),
        module_id=module,
    )


def _module(actor: Actor, pk: int) -> Module:
    module = Module.objects.select_related("course").filter(pk=pk).first()
    if module is None:
        raise NotFound(_("No such module."), code="training_module_not_found")
    _course(actor, module.course_id)
    return module


def _choices(post: Any) -> list[ChoiceIn]:
    return [
        ChoiceIn(
            post.get(f"choice-{n}", ""), post.get(f"correct-{n}") == "on", post.get(f"explanation-{n}", "")
        )
        for n in range(1, CHOICE_ROWS + 1)
    ]


def _module_editor(
    request: HttpRequest, actor: Actor, module: Module, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "module": module,
        "course": module.course,
        "questions": module.questions.prefetch_related("choices"),
        "rows": range(1, CHOICE_ROWS + 1),
        "files": module.course.media.all(),
        "error": error,
        "posted": request.POST if status != 200 else {},
    }
    return page(request, actor, "author/module.html", context, status=status)


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def module_editor(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    module = _module(actor, pk)
    if request.method == "GET":
        return _module_editor(request, actor, module)
    post = request.POST
    try:
        if post.get("action") == "question":
            services.add_question(
                actor,
                pk,
                text=post.get("text", ""),
                multiple=post.get("multiple") == "on",
                choices=_choices(post),
            )
            done = _("The question was added.")
        elif post.get("action") == "delete":
            course_id = module.course_id
            services.delete_module(actor, pk)
            messages.success(request, _("The module was deleted."))
            return HttpResponseRedirect(f"{HOME}courses/{course_id}/")
        else:
            services.update_module(
                actor,
                pk,
                title=post.get("title", ""),
                body=post.get("body", ""),
                pass_mark=whole(post.get("pass_mark"), "pass_mark", module.pass_mark),
                questions_per_attempt=whole(
                    post.get("questions_per_attempt"), "questions_per_attempt", module.questions_per_attempt
                ),
                max_attempts=whole(post.get("max_attempts"), "max_attempts", module.max_attempts),
            )
            done = _("The module was saved.")
    except PolnetError as exc:
        if exc.status in (403, 404):
            raise
        module.refresh_from_db()
        return _module_editor(request, actor, module, error=str(exc.message), status=exc.status)
    messages.success(request, done)
    return HttpResponseRedirect(f"{HOME}modules/{pk}/")


@require_http_methods(["GET", "POST"])
@actor_required
@open_to_learners
def question_editor(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    question = Question.objects.select_related("module").filter(pk=pk).first()
    if question is None:
        raise NotFound(_("No such question."), code="training_question_not_found")
    module = _module(actor, question.module_id)
    error, status = "", 200
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("action") == "delete":
                services.delete_question(actor, pk)
                messages.success(request, _("The question was deleted."))
            else:
                services.update_question(
                    actor,
                    pk,
                    text=post.get("text", ""),
                    multiple=post.get("multiple") == "on",
                    choices=_choices(post),
                )
                messages.success(request, _("The question was saved."))
        except PolnetError as exc:
            if exc.status in (403, 404):
                raise
            error, status = str(exc.message), exc.status
        else:
            return HttpResponseRedirect(f"{HOME}modules/{module.pk}/")
    choices = list(question.choices.all())
    rows = [(n, choices[n - 1] if n <= len(choices) else None) for n in range(1, CHOICE_ROWS + 1)]
    context = {"question": question, "module": module, "course": module.course, "rows": rows, "error": error}
    return page(request, actor, "author/question.html", context, status=status)
