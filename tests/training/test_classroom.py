"""Classroom sessions: organising, registering with a waiting list, the deadline, attendance,
and certificates for those who attended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.network.actors import actor_for
from polnet.training.certificates.models import Certificate, CertificateSource
from polnet.training.classroom import services
from polnet.training.classroom.models import ClassSession, RegistrationState, SessionState
from polnet.training.models import CourseFormat
from tests.factories import Network, signed_in_client
from tests.training.factories_certs import make_course

pytestmark = pytest.mark.django_db


def _data(course_id: int, days: int = 20, seats: int = 2, **changes: object) -> services.SessionIn:
    today = timezone.localdate()
    base = {
        "course_id": course_id,
        "place": "Police academy, room 4",
        "city": "Lyon",
        "country": "fr",
        "starts_on": today + timedelta(days=days),
        "ends_on": today + timedelta(days=days + 2),
        "trainers": "A. Martin, K. Osei",
        "seats": seats,
        "registration_closes": today + timedelta(days=days - 5),
    }
    return services.SessionIn(**{**base, **changes})  # type: ignore[arg-type]


def _workshop(net: Network, seats: int = 2) -> ClassSession:
    course = make_course(net.users["gs-reviewer"], title="Security-document examination workshop")
    course.format = CourseFormat.CLASSROOM
    course.save()
    return services.create_session(net.actor("gs-reviewer"), _data(course.pk, seats=seats))


def test_only_the_course_owners_authors_organise(net: Network) -> None:
    course = make_course(net.users["FR-admin"], bureau=net.bureaus["FR"])
    with pytest.raises(Forbidden):
        services.create_session(net.actor("gs-reviewer"), _data(course.pk))
    with pytest.raises(NotFound):
        services.create_session(net.actor("FR-officer"), _data(course.pk + 999))
    session = services.create_session(net.actor("FR-admin"), _data(course.pk))
    assert session.country_id == "FR" and session.state == SessionState.OPEN
    with pytest.raises(InvalidInput) as exc:
        services.create_session(net.actor("FR-admin"), _data(course.pk, registration_closes=session.ends_on))
    assert exc.value.code == "session_deadline"
    with pytest.raises(InvalidInput):
        services.create_session(
            net.actor("FR-admin"), _data(course.pk, ends_on=session.starts_on - timedelta(1))
        )
    with pytest.raises(InvalidInput):
        services.create_session(net.actor("FR-admin"), _data(course.pk, place="  "))
    assert ClassSession.objects.count() == 1


def test_seats_then_waiting_list_and_moving_up(net: Network) -> None:
    session = _workshop(net, seats=2)
    fr = net.actor("FR-admin")
    a = services.register(fr, session.pk, net.users["FR-officer"].pk)
    b = services.register(fr, session.pk, net.users["FR-analyst"].pk)
    c = services.register(fr, session.pk, net.users["FR-unit-full"].pk)
    d = services.register(net.actor("DE-admin"), session.pk, net.users["DE-officer"].pk)
    assert [r.state for r in (a, b, c, d)] == ["registered", "registered", "waiting", "waiting"]
    with pytest.raises(Conflict):
        services.register(fr, session.pk, net.users["FR-officer"].pk)
    with pytest.raises(NotFound):  # not one of FR's people
        services.register(fr, session.pk, net.users["DE-analyst"].pk)
    with pytest.raises(NotFound):  # an officer manages no one
        services.register(net.actor("FR-officer"), session.pk, net.users["FR-officer"].pk)
    services.cancel(net.actor("FR-officer"), a.pk)  # the person gives the seat back
    c.refresh_from_db()
    d.refresh_from_db()
    assert (c.state, d.state) == (RegistrationState.REGISTERED, RegistrationState.WAITING)
    with pytest.raises(NotFound):
        services.cancel(net.actor("DE-admin"), b.pk)
    assert [r.pk for r in services.my_registrations(net.actor("FR-unit-full"))] == [c.pk]
    assert {r.pk for r in services.registrations(fr, session)} == {a.pk, b.pk, c.pk}
    assert AuditEntry.objects.filter(object_type="training_registration").count() == 5


def test_registration_closes_at_the_deadline(net: Network) -> None:
    session = _workshop(net)
    session.registration_closes = timezone.localdate() - timedelta(days=1)
    session.save()
    with pytest.raises(Conflict) as exc:
        services.register(net.actor("FR-admin"), session.pk, net.users["FR-officer"].pk)
    assert exc.value.code == "registration_closed"
    from polnet.training.tasks import close_session_registrations

    assert close_session_registrations.call() == 1
    session.refresh_from_db()
    assert session.state == SessionState.CLOSED
    assert close_session_registrations.call() == 0


def test_attendance_and_closing_issue_certificates_once(net: Network) -> None:
    session = _workshop(net, seats=3)
    fr = net.actor("FR-admin")
    came = services.register(fr, session.pk, net.users["FR-officer"].pk)
    absent = services.register(fr, session.pk, net.users["FR-analyst"].pk)
    organiser = net.actor("gs-reviewer")
    with pytest.raises(Conflict):
        services.take_attendance(organiser, session.pk, {came.pk: True})  # not started yet
    today = timezone.localdate()
    ClassSession.objects.filter(pk=session.pk).update(
        starts_on=today - timedelta(days=3), ends_on=today - timedelta(days=1)
    )
    with pytest.raises(Forbidden):
        services.take_attendance(fr, session.pk, {came.pk: True})
    services.take_attendance(organiser, session.pk, {came.pk: True})
    with pytest.raises(InvalidInput):  # the absent one's attendance is not taken yet
        services.close_session(organiser, session.pk)
    services.take_attendance(organiser, session.pk, {absent.pk: False})
    issued = services.close_session(organiser, session.pk)
    assert [c.user_id for c in issued] == [net.users["FR-officer"].pk]
    cert = issued[0]
    assert (cert.source, cert.session_id) == (CertificateSource.ATTENDANCE, session.pk)
    with pytest.raises(Conflict):
        services.close_session(organiser, session.pk)
    assert Certificate.objects.count() == 1


def test_pages_and_api(net: Network) -> None:
    session = _workshop(net)
    admin = signed_in_client(net.users["FR-admin"])
    page = admin.get(f"/training/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="ar")
    assert page.status_code == 200 and "Lyon" in page.content.decode()
    done = admin.post(f"/training/sessions/{session.pk}/register/", {"user": net.users["FR-officer"].pk})
    assert done.status_code == 302
    assert admin.get("/api/training/sessions/").json()[0]["id"] == session.pk
    mine = signed_in_client(net.users["FR-officer"]).get("/training/sessions/").content.decode()
    assert "Security-document examination workshop" in mine
    api = admin.post(
        f"/api/training/sessions/{session.pk}/registrations",
        {"user_id": net.users["FR-analyst"].pk},
        content_type="application/json",
    )
    assert api.status_code == 201, api.content
    assert api.json()["state"] == "registered"


def test_demo_classroom_is_seeded_once(net: Network) -> None:
    from polnet.training.certificates.services import renewals_due
    from polnet.training.seeding_classroom import seed_classroom

    seed_classroom({})
    held, upcoming = ClassSession.objects.order_by("starts_on")
    assert held.state == SessionState.HELD and held.course.title == "Security-document examination workshop"
    assert Certificate.objects.filter(session=held).count() == 2
    states = sorted(upcoming.registrations.values_list("state", flat=True))
    assert states == ["registered", "registered", "waiting", "waiting"]
    lapsed = Certificate.objects.get(valid_until__lt=timezone.localdate())
    assert renewals_due(actor_for(lapsed.user, origin="test")) == [lapsed]
    seed_classroom({})
    assert ClassSession.objects.count() == 2 and Certificate.objects.count() == 3


def test_partner_trainer_organises_and_registers_the_partners_people(net: Network) -> None:
    from polnet.network.models import Partner, User
    from tests.factories import PASSWORD

    partner = Partner.objects.create(name="Regional police academy", kind="police_academy")
    trainer = User.objects.create(username="academy-trainer", role="trainer", partner=partner)
    member = User.objects.create(username="academy-member", role="partner", partner=partner)
    trainer.set_password(PASSWORD)
    trainer.save()
    course = make_course(trainer, title="Interview techniques")
    course.owner_partner = partner
    course.save()
    session = services.create_session(actor_for(trainer), _data(course.pk))
    reg = services.register(actor_for(trainer), session.pk, member.pk)
    assert reg.state == RegistrationState.REGISTERED
    with pytest.raises(NotFound):  # a bureau's officer is not the partner's to register
        services.register(actor_for(trainer), session.pk, net.users["FR-officer"].pk)
    client = signed_in_client(trainer)
    for path in (
        "/training/sessions/",
        f"/training/sessions/{session.pk}/",
        "/training/sessions/new/",
        "/training/certificates/",
    ):
        assert client.get(path).status_code == 200, path
    assert client.get("/training/requirements/").status_code == 403  # partners require nothing
