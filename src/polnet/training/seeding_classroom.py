"""The demo's classroom: a security-document examination workshop that was held (attendance
taken, certificates issued), an upcoming session with a full room and a waiting list, and an
expired certificate so the renewal notice shows. Idempotent: a second run changes nothing.

Sessions and registrations go through the classroom services, as an organiser and a bureau
administrator would; only the dates of the past session are moved back afterwards.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from polnet.core.actor import Actor, Role
from polnet.network.actors import actor_for
from polnet.network.models import User
from polnet.training import policy
from polnet.training.catalogue.models import Course, CourseFormat, CourseState
from polnet.training.certificates.issue import issue
from polnet.training.certificates.models import Certificate, CertificateSource
from polnet.training.classroom import services
from polnet.training.classroom.models import ClassSession

WORKSHOP = "Security-document examination workshop"
HELD_PLACE = "Border police academy, lab 2"
UPCOMING_PLACE = "Regional training centre, room A"


def _organiser() -> Actor | None:
    user = (
        User.objects.filter(
            role__in=[Role.TRAINER, Role.SECRETARIAT_REVIEWER], bureau__isnull=True, unit__isnull=True
        )
        .filter(partner__isnull=True, is_active=True, is_machine=False)
        .order_by("role", "pk")
        .first()
    )
    return actor_for(user, origin="demo") if user else None


def _workshop(courses: dict[str, Course], organiser: Actor) -> Course:
    for course in courses.values():
        if "workshop" in course.title.lower() and policy.may_change_course(organiser, course):
            return course
    course, _ = Course.objects.get_or_create(
        code="security-document-examination-workshop",
        defaults={
            "title": WORKSHOP,
            "summary": (
                "Two days at the lab bench: genuine and forged passports, ID cards and visas side by side."
            ),
            "format": CourseFormat.CLASSROOM,
            "area": "border_security",
            "state": CourseState.PUBLISHED,
            "published_at": timezone.now(),
            "certificate_months": 24,
            "created_by_id": organiser.user_id or 0,  # a person: `_organiser` found them
        },
    )
    return course


def _session(organiser: Actor, course: Course, place: str, days: int, seats: int) -> ClassSession:
    today = timezone.localdate()
    data = services.SessionIn(
        course_id=course.pk,
        place=place,
        city="Lyon",
        country="FR",
        starts_on=today + timedelta(days=days),
        ends_on=today + timedelta(days=days + 1),
        trainers="Document examiners of the General Secretariat",
        seats=seats,
        registration_closes=today + timedelta(days=days - 7),
    )
    return services.create_session(organiser, data)


def _manager() -> tuple[Actor, list[User]] | None:
    """The first bureau administrator with people to register, and those people."""
    for admin in User.objects.filter(role=Role.BUREAU_ADMIN, is_active=True, is_machine=False).order_by("pk"):
        actor = actor_for(admin, origin="demo")
        staff = list(
            User.objects.filter(policy.staff_q(actor), is_active=True, is_machine=False)
            .exclude(role__in=[Role.TRAINER, Role.PARTNER])
            .order_by("pk")[:4]
        )
        if len(staff) >= 3:
            return actor, staff
    return None


@transaction.atomic
def seed_classroom(courses: dict[str, Course]) -> None:
    organiser = _organiser()
    managed = _manager()
    if organiser is None or managed is None:
        return
    manager, staff = managed
    course = _workshop(courses, organiser)
    if ClassSession.objects.filter(course=course, place__in=[HELD_PLACE, UPCOMING_PLACE]).exists():
        return
    held = _session(organiser, course, HELD_PLACE, 30, 10)
    regs = [services.register(manager, held.pk, u.pk) for u in staff[:3]]
    today = timezone.localdate()
    ClassSession.objects.filter(pk=held.pk).update(
        starts_on=today - timedelta(days=40),
        ends_on=today - timedelta(days=39),
        registration_closes=today - timedelta(days=50),
    )
    services.take_attendance(organiser, held.pk, {r.pk: n != 2 for n, r in enumerate(regs)})
    services.close_session(organiser, held.pk)
    upcoming = _session(organiser, course, UPCOMING_PLACE, 45, 2)
    for user in staff:
        services.register(manager, upcoming.pk, user.pk)
    # A certificate that lapsed: its holder sees it among the certificates to renew.
    lapsed = next((c for c in courses.values() if c.certificate_months > 0 and c.pk != course.pk), course)
    holder = staff[-1]
    if not Certificate.objects.filter(user=holder, course=lapsed.translation_of or lapsed).exists():
        cert = issue(holder, lapsed, source=CertificateSource.ONLINE, score=85)
        cert.issued_at = timezone.now() - timedelta(days=760)
        cert.valid_until = today - timedelta(days=30)
        cert.save(update_fields=["issued_at", "valid_until"])
