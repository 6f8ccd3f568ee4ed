"""Courses, requirements and certificates for the certificate, gate and classroom tests.

Courses are rows made directly (the catalogue's services are tested with the catalogue)."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from django.utils import timezone

from polnet.core.actor import Gated
from polnet.network.models import Bureau, User
from polnet.training.certificates.issue import issue
from polnet.training.models import Certificate, CertificateSource, Course, CourseState, Requirement

_n = count(1)


def make_course(
    author: User,
    *,
    title: str = "Handling police data",
    bureau: Bureau | None = None,
    months: int = 24,
    state: str = CourseState.PUBLISHED,
    translation_of: Course | None = None,
    language: str = "en",
) -> Course:
    return Course.objects.create(
        code=f"course-{next(_n)}",
        title=title,
        owner_bureau=bureau,
        certificate_months=months,
        state=state,
        created_by=author,
        translation_of=translation_of,
        language=language,
    )


def require(course: Course, activity: Gated, author: User, bureau: Bureau | None = None) -> Requirement:
    return Requirement.objects.create(
        course=course, activity=activity.value, bureau=bureau, created_by=author
    )


def certify(user: User, course: Course, *, expired: bool = False, revoked: bool = False) -> Certificate:
    cert = issue(user, course, source=CertificateSource.ONLINE, score=90)
    if expired:
        cert.valid_until = timezone.localdate() - timedelta(days=1)
    if revoked:
        cert.revoked_at = timezone.now()
        cert.revoked_reason = "test"
    cert.save()
    return cert
