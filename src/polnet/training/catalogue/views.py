"""The catalogue, a course's page, enrolling, and the courses' files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from polnet.core.actor import Actor
from polnet.core.errors import NotFound
from polnet.network.web import actor_required, open_to_learners
from polnet.training import policy
from polnet.training.catalogue import finder
from polnet.training.catalogue import media as media_store
from polnet.training.catalogue.models import Course, CourseFormat, Media, MediaKind, PriorityArea
from polnet.training.catalogue.schemas import owner_name
from polnet.training.learning import services as learning
from polnet.training.pages import page

CHUNK = 256 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@require_GET
@actor_required
@open_to_learners
def catalogue_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    area, fmt, query = (request.GET.get(k, "")[:200] for k in ("area", "format", "q"))
    courses = finder.catalogue(actor, area=area, format=fmt, query=query)
    context = {
        "courses": courses,
        "areas": PriorityArea.choices,
        "formats": CourseFormat.choices,
        "area": area,
        "format": fmt,
        "q": query,
    }
    return page(request, actor, "catalogue.html", context)


def family_certificate_months(course: Course) -> int:
    return (course.translation_of or course).certificate_months


def course_url(pk: int) -> str:
    return f"/training/courses/{pk}/"


@require_GET
@actor_required
@open_to_learners
def course_page(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """A course's page; the certification gates link here, so it opens the reader's language."""
    course = (
        policy.visible_courses(actor).select_related("owner_bureau", "owner_partner").filter(pk=pk).first()
    )
    if course is None:
        raise NotFound(_("No such course."), code="training_course_not_found")
    if "stay" not in request.GET:
        preferred = finder.in_reader_language(actor, course)
        if preferred.pk != course.pk:
            return HttpResponseRedirect(course_url(preferred.pk))
    enrolment = learning.latest_enrolment(actor, course)
    done = learning.completed_modules(enrolment) if enrolment else set()
    started = set(enrolment.progress.values_list("module_id", flat=True)) if enrolment else set()
    modules = [(m, m.pk in done, m.pk in started) for m in course.modules.all()]
    context = {
        "course": course,
        "family": course.translation_of or course,
        "owner": owner_name(course),
        "modules": modules,
        "languages": finder.family_languages(actor, course),
        "enrolment": enrolment,
        "done_count": len(done),
        "certificate": learning.current_certificate(actor.user_id or 0, course) if actor.user_id else None,
        # Enrolling again is offered once a certificate has expired or is about to (a renewal).
        "may_take": policy.may_take(actor, course)
        and not (enrolment and enrolment.state == "active")
        and (family_certificate_months(course) == 0 or learning.renewable(actor.user_id or 0, course)),
        "may_change": policy.may_change_course(actor, course),
    }
    return page(request, actor, "course.html", context)


@require_POST
@actor_required
@open_to_learners
def course_enrol(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    learning.enrol(actor, pk)
    messages.success(request, _("You are enrolled."))
    return HttpResponseRedirect(course_url(pk) + "?stay=1")


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) of a single ``bytes=`` range, clipped to the file; None: not satisfiable."""
    found = RANGE.match(header.strip())
    if not found or not (found.group(1) or found.group(2)):
        return None
    first_s, last_s = found.groups()
    if not first_s:  # the last N bytes
        length = int(last_s)
        return (max(0, size - length), size - 1) if length else None
    first = int(first_s)
    last = min(int(last_s), size - 1) if last_s else size - 1
    return (first, last) if first <= last and first < size else None


def _chunks(media: Media, first: int, last: int) -> Iterator[bytes]:
    with media_store.path_of(media).open("rb") as f:
        f.seek(first)
        left = last - first + 1
        while left > 0:
            block = f.read(min(CHUNK, left))
            if not block:
                return
            left -= len(block)
            yield block


@require_GET
@actor_required
@open_to_learners
def media_file(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """A course's file, to those who may open the course; a video answers byte ranges (seeking)."""
    media = Media.objects.filter(pk=pk).first()
    if media is None or not policy.may_open_course(actor, media.course_id):
        raise NotFound(_("No such file."), code="training_media_not_found")
    if not media_store.path_of(media).is_file():  # the data folder lost it (a restore, a move)
        raise NotFound(
            _("This file is missing from the server's storage; ask the course's author to upload it again."),
            code="training_media_missing",
        )
    size = media.size
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, max-age=3600",
        "Accept-Ranges": "bytes",
    }
    if media.kind == MediaKind.DOCUMENT:
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", media.file_name) or "document.pdf"
        headers["Content-Disposition"] = f'attachment; filename="{safe}"'
    asked = request.headers.get("Range", "")
    if asked:
        span = _byte_range(asked, size)
        if span is None:
            return HttpResponse(status=416, headers={**headers, "Content-Range": f"bytes */{size}"})
        first, last = span
        response = StreamingHttpResponse(
            _chunks(media, first, last), status=206, content_type=media.content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    else:
        response = StreamingHttpResponse(_chunks(media, 0, size - 1), content_type=media.content_type)
        response["Content-Length"] = str(size)
    for name, value in headers.items():
        response[name] = value
    return cast(HttpResponse, response)  # streamed: the page decorators pass it through as is
