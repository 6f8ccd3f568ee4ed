"""What the catalogue API gives."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema

from polnet.training.catalogue.models import Course


class TrainingCourseOut(Schema):
    id: int
    code: str
    title: str
    summary: str
    language: str
    languages: list[str]
    format: str
    area: str
    owner: str
    state: str
    estimated_minutes: int
    certificate_months: int
    family_id: int
    published_at: datetime | None


class TrainingModuleOut(Schema):
    id: int
    position: int
    title: str
    kind: str
    pass_mark: int | None
    questions_per_attempt: int | None
    max_attempts: int | None


class TrainingCourseDetailOut(TrainingCourseOut):
    modules: list[TrainingModuleOut]


def owner_name(course: Course) -> str:
    if course.owner_partner_id is not None:
        return str(course.owner_partner)
    if course.owner_bureau_id is not None:
        return str(course.owner_bureau)
    return "secretariat"


def course_out(course: Course, languages: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": course.pk,
        "code": course.code,
        "title": course.title,
        "summary": course.summary,
        "language": course.language,
        "languages": languages or getattr(course, "languages", [course.language]),
        "format": course.format,
        "area": course.area,
        "owner": owner_name(course),
        "state": course.state,
        "estimated_minutes": course.estimated_minutes,
        "certificate_months": (course.translation_of or course).certificate_months,
        "family_id": course.family_id,
        "published_at": course.published_at,
    }


def module_out(module: Any) -> dict[str, Any]:
    quiz = module.kind == "quiz"
    return {
        "id": module.pk,
        "position": module.position,
        "title": module.title,
        "kind": module.kind,
        "pass_mark": module.pass_mark if quiz else None,
        "questions_per_attempt": module.questions_per_attempt if quiz else None,
        "max_attempts": module.max_attempts if quiz else None,
    }
