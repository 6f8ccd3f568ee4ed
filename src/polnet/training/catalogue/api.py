"""The catalogue API, mounted at /api/training/catalogue/: the courses open to the caller."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS, request_actor
from polnet.core.errors import NotFound
from polnet.network.auth import ScopedRouter
from polnet.training import policy
from polnet.training.catalogue import finder
from polnet.training.catalogue.schemas import (
    TrainingCourseDetailOut,
    TrainingCourseOut,
    course_out,
    module_out,
)

router = ScopedRouter(tags=["training: catalogue"])
SCOPE = TokenScope.TRAINING


@router.get("/courses/", response={200: list[TrainingCourseOut], **ERRORS}, scope=SCOPE)
def list_courses(request: HttpRequest, area: str = "", format: str = "", q: str = "") -> list[dict[str, Any]]:
    """One entry per course, in the caller's language (Accept-Language) where it exists."""
    language = translation.get_language_from_request(request)  # the API has no page locale
    rows = finder.catalogue(
        request_actor(request), area=area, format=format, query=q[:200], language=language
    )
    return [course_out(c) for c in rows]


@router.get("/courses/{course_id}", response={200: TrainingCourseDetailOut, **ERRORS}, scope=SCOPE)
def course_detail(request: HttpRequest, course_id: int) -> dict[str, Any]:
    actor = request_actor(request)
    course = policy.visible_courses(actor).filter(pk=course_id).first()
    if course is None:
        raise NotFound(_("No such course."), code="training_course_not_found")
    languages = [c.language for c in finder.family_languages(actor, course)] or [course.language]
    return {**course_out(course, languages), "modules": [module_out(m) for m in course.modules.all()]}
