"""Classroom courses and workshops: sessions, registration with a waiting list, attendance,
and certificates for those who attended.

The course owner's authors organise sessions (`policy.may_change_course`); staff managers
register their people (`policy.staff_q`). A registration beyond the seats waits, and the
first in line moves up when a seat is given back. Closing a held session issues the
certificates (`certificates/issue.py`), once per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.network.models import Country, User
from polnet.training import policy
from polnet.training.catalogue.models import Course
from polnet.training.certificates.issue import issue
from polnet.training.certificates.models import Certificate, CertificateSource
from polnet.training.classroom.models import ClassSession, Registration, RegistrationState, SessionState

LIVE = (RegistrationState.REGISTERED, RegistrationState.WAITING)


@dataclass(frozen=True)
class SessionIn:
    course_id: int
    place: str
    city: str
    country: str
    starts_on: date
    ends_on: date
    trainers: str
    seats: int
    registration_closes: date


def visible_sessions(actor: Actor) -> QuerySet[ClassSession]:
    return ClassSession.objects.filter(policy.sessions_q(actor)).select_related("course", "country")


def get_session(actor: Actor, pk: int, *, for_update: bool = False) -> ClassSession:
    rows = visible_sessions(actor)
    if for_update:
        rows = rows.select_for_update(of=("self",))
    session = rows.filter(pk=pk).first()
    if session is None:
        raise NotFound(_("No such session."), code="session_not_found")
    return session


def organises(actor: Actor, session: ClassSession) -> bool:
    return policy.may_change_course(actor, session.course)


def _require_organiser(actor: Actor, session: ClassSession) -> None:
    if not organises(actor, session):
        raise Forbidden(_("Only the course's authors organise its sessions."), code="session_organiser_only")


def registrations(actor: Actor, session: ClassSession) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(policy.registrations_q(actor), session=session)
        .select_related("user")
        .order_by("registered_at", "pk")
    )


def my_registrations(actor: Actor) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user_id=actor.user_id or 0)
        .select_related("session__course", "session__country")
        .order_by("session__starts_on")
    )


def _checked(data: SessionIn) -> dict[str, Any]:
    text = {k: getattr(data, k).strip() for k in ("place", "city", "trainers")}
    for name, value in text.items():
        if not value:
            raise InvalidInput(_("This field is required."), code="session_field_required", field=name)
    if len(text["place"]) > 200 or len(text["city"]) > 100 or len(text["trainers"]) > 500:
        raise InvalidInput(_("This text is too long."), code="session_field_long")
    country = Country.objects.filter(pk=data.country.upper()).first()
    if country is None:
        raise InvalidInput(_("Choose a country."), code="session_country", field="country")
    if data.ends_on < data.starts_on:
        raise InvalidInput(_("A session cannot end before it starts."), code="session_dates", field="ends_on")
    if data.registration_closes > data.starts_on:
        raise InvalidInput(
            _("Registration must close before the session starts."),
            code="session_deadline",
            field="registration_closes",
        )
    if not 1 <= data.seats <= 1000:
        raise InvalidInput(_("Give between 1 and 1000 seats."), code="session_seats", field="seats")
    return {**text, "country": country}


@transaction.atomic
def create_session(actor: Actor, data: SessionIn) -> ClassSession:
    course = policy.visible_courses(actor).filter(pk=data.course_id).first()
    if course is None:
        raise NotFound(_("No such course."), code="training_course_not_found")
    if not policy.may_change_course(actor, course):
        raise Forbidden(_("Only the course's authors organise its sessions."), code="session_organiser_only")
    assert actor.user_id is not None
    session = ClassSession.objects.create(
        course=course,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        seats=data.seats,
        registration_closes=data.registration_closes,
        organised_by_id=actor.user_id,
        **_checked(data),
    )
    audit.log(actor, audit.Action.CREATE, "training_session", session.pk, detail={"course": course.pk})
    return session


def _registered(session: ClassSession) -> int:
    return session.registrations.filter(state=RegistrationState.REGISTERED).count()


@transaction.atomic
def register(actor: Actor, session_id: int, user_id: int) -> Registration:
    """Register one of the actor's people: a seat if one is free, else the waiting list."""
    session = get_session(actor, session_id, for_update=True)  # one registration at a time
    person = User.objects.filter(policy.staff_q(actor), pk=user_id, is_active=True).first()
    if person is None:
        raise NotFound(_("No such person among those you manage."), code="registration_person_not_found")
    if session.state != SessionState.OPEN or timezone.localdate() > session.registration_closes:
        raise Conflict(_("Registration for this session is closed."), code="registration_closed")
    state = (
        RegistrationState.REGISTERED if _registered(session) < session.seats else RegistrationState.WAITING
    )
    reg = Registration.objects.filter(session=session, user=person).first()
    if reg is not None and reg.state in LIVE:
        raise Conflict(_("This person is already registered."), code="registration_exists")
    assert actor.user_id is not None
    if reg is None:
        reg = Registration(session=session, user=person)
    reg.state, reg.registered_at, reg.registered_by_id, reg.attended = (
        state,
        timezone.now(),
        actor.user_id,
        None,
    )
    reg.save()
    audit.log(
        actor,
        audit.Action.CREATE,
        "training_registration",
        reg.pk,
        detail={"session": session.pk, "state": state},
    )
    return reg


@transaction.atomic
def cancel(actor: Actor, registration_id: int) -> Registration:
    """Give a seat back (the person, their manager or the organiser); the first waiting moves up."""
    reg = (
        Registration.objects.filter(policy.registrations_q(actor), pk=registration_id)
        .select_related("session__course")
        .first()
    )
    if reg is None:
        raise NotFound(_("No such registration."), code="registration_not_found")
    session = get_session(actor, reg.session_id, for_update=True)
    if session.state != SessionState.OPEN and session.state != SessionState.CLOSED:
        raise Conflict(_("This session is over."), code="session_over")
    if reg.state not in LIVE:
        raise Conflict(_("This registration is already cancelled."), code="registration_cancelled")
    had_seat = reg.state == RegistrationState.REGISTERED
    reg.state = RegistrationState.CANCELLED
    reg.save(update_fields=["state"])
    moved = None
    if had_seat and _registered(session) < session.seats:
        moved = (
            session.registrations.filter(state=RegistrationState.WAITING)
            .order_by("registered_at", "pk")
            .first()
        )
        if moved is not None:
            moved.state = RegistrationState.REGISTERED
            moved.save(update_fields=["state"])
    audit.log(
        actor,
        audit.Action.DELETE,
        "training_registration",
        reg.pk,
        detail={"session": session.pk, "moved_up": moved.pk if moved else None},
    )
    return reg


@transaction.atomic
def take_attendance(actor: Actor, session_id: int, attended: dict[int, bool]) -> int:
    """Record who attended (registration id -> yes/no), once the session has started."""
    session = get_session(actor, session_id, for_update=True)
    _require_organiser(actor, session)
    if session.state in (SessionState.HELD, SessionState.CANCELLED):
        raise Conflict(_("This session is over."), code="session_over")
    if session.starts_on > timezone.localdate():
        raise Conflict(_("Attendance is taken once the session has started."), code="attendance_too_early")
    rows = {
        r.pk: r for r in session.registrations.filter(state=RegistrationState.REGISTERED, pk__in=attended)
    }
    if set(attended) - set(rows):
        raise InvalidInput(_("Unknown registration in the attendance."), code="attendance_unknown")
    for pk, present in attended.items():
        rows[pk].attended = bool(present)
        rows[pk].save(update_fields=["attended"])
    audit.log(actor, audit.Action.UPDATE, "training_session", session.pk, detail={"attendance": len(rows)})
    return len(rows)


@transaction.atomic
def close_session(actor: Actor, session_id: int) -> list[Certificate]:
    """Mark the session held; who attended receives the course's certificate (if it gives one)."""
    session = get_session(actor, session_id, for_update=True)
    _require_organiser(actor, session)
    if session.state in (SessionState.HELD, SessionState.CANCELLED):
        raise Conflict(_("This session is over."), code="session_over")
    if session.ends_on > timezone.localdate():
        raise Conflict(_("A session is closed once it has ended."), code="session_not_ended")
    present = session.registrations.filter(state=RegistrationState.REGISTERED)
    if present.filter(attended__isnull=True).exists():
        raise InvalidInput(_("Take the attendance of everyone registered first."), code="attendance_missing")
    session.state = SessionState.HELD
    session.save(update_fields=["state"])
    course: Course = session.course
    issued: list[Certificate] = []
    if (course.translation_of or course).certificate_months > 0:
        already = set(Certificate.objects.filter(session=session).values_list("user_id", flat=True))
        for reg in present.filter(attended=True).select_related("user"):
            if reg.user_id not in already:
                issued.append(
                    issue(reg.user, course, source=CertificateSource.ATTENDANCE, session_id=session.pk)
                )
    audit.log(actor, "close", "training_session", session.pk, detail={"certificates": [c.pk for c in issued]})
    return issued


def close_registrations(actor: Actor, today: date | None = None) -> int:
    """Mark open sessions past their registration deadline as closed for registration."""
    day = today or timezone.localdate()
    due = list(
        ClassSession.objects.filter(state=SessionState.OPEN, registration_closes__lt=day).values_list(
            "pk", flat=True
        )
    )
    for pk in due:
        with transaction.atomic():
            if ClassSession.objects.filter(pk=pk, state=SessionState.OPEN).update(state=SessionState.CLOSED):
                audit.log(
                    actor, audit.Action.UPDATE, "training_session", pk, detail={"state": SessionState.CLOSED}
                )
    return len(due)
