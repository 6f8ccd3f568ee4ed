"""Issuing a certificate: the one place a certificate is made, for a course or a session."""

from __future__ import annotations

import secrets
from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from polnet.network.models import User
from polnet.training.catalogue.models import Course
from polnet.training.certificates.models import Certificate, CertificateSource

# Letters and digits that cannot be read one for another (no 0/O, 1/I/L).
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    """A verification code such as ``PN-7KQ4-M2XD-9RTA``: 60 bits of randomness, grouped."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"PN-{body[:4]}-{body[4:8]}-{body[8:]}"


def holder_name(user: User) -> str:
    return user.get_full_name() or user.username


def valid_until(course: Course, issued: date) -> date | None:
    family = course.translation_of or course
    if family.certificate_months == 0:
        return None
    until: date = issued + relativedelta(months=family.certificate_months)
    return until


def issue(
    user: User,
    taken: Course,
    *,
    source: CertificateSource,
    score: int | None = None,
    enrolment_id: int | None = None,
    session_id: int | None = None,
) -> Certificate:
    """A certificate of ``taken``'s course family, valid for the family's number of months."""
    family = taken.translation_of or taken
    now = timezone.now()
    return Certificate.objects.create(
        code=new_code(),
        user=user,
        course=family,
        taken_course=taken,
        source=source,
        enrolment_id=enrolment_id,
        session_id=session_id,
        holder_name=holder_name(user),
        course_title=taken.title,
        score=score,
        issued_at=now,
        valid_until=valid_until(taken, timezone.localdate(now)),
    )
