"""The demo's learning centre: partner organisations and their people, the secretariat's
trainer, courses in several languages, a workshop, certificates, a certification gate and a
capacity-building plan whose indicators come from the demo's own activity.

Called by `polnet demo` after the data-protection demo, once (it stops if the partners exist).
"""

from __future__ import annotations

from django.db import transaction
from rich.console import Console

from polnet.core.actor import Gated, Role, system_actor
from polnet.network.actors import actor_for
from polnet.network.models import Bureau, Partner, PartnerKind, User
from polnet.network.services import add_totp_device, create_partner, create_user
from polnet.training.catalogue.models import Course, ModuleKind
from polnet.training.certificates import requirements
from polnet.training.learning import services as learning
from polnet.training.learning.models import Enrolment
from polnet.training.seeding_capacity import seed_capacity
from polnet.training.seeding_classroom import seed_classroom
from polnet.training.seeding_courses import seed_courses

DATA_COURSE = "rules-processing-data"

# (name, short name, kind, seat)
DEMO_PARTNERS = (
    ("OSCE Transnational Threats Department", "OSCE TNTD", PartnerKind.INTERNATIONAL_ORGANISATION, "AT"),
    ("Regional police academy", "Academy", PartnerKind.POLICE_ACADEMY, ""),
)
# (username, role, partner's short name or "" for the secretariat, first name, last name)
DEMO_PEOPLE = (
    ("gs-trainer", Role.TRAINER, "", "Amina", "Haddad"),
    ("osce-trainer", Role.TRAINER, "OSCE TNTD", "Jonas", "Weber"),
    ("academy-member", Role.PARTNER, "Academy", "Lucía", "Moreno"),
)


def seed_partners(password: str) -> dict[str, Partner]:
    """The demo's partner organisations and the learning centre's demo sign-ins."""
    sysadmin = system_actor("demo")
    partners: dict[str, Partner] = {}
    for name, short, kind, seat in DEMO_PARTNERS:
        existing = Partner.objects.filter(name=name).first()
        partners[short] = existing or create_partner(
            sysadmin, name, kind=kind, short_name=short, country_code=seat
        )
    for username, role, short, first, last in DEMO_PEOPLE:
        if User.objects.filter(username=username).exists():
            continue
        user = create_user(
            sysadmin,
            username=username,
            password=password,
            role=role,
            partner=partners[short] if short else None,
            first_name=first,
            last_name=last,
        )
        add_totp_device(user)
    return partners


def take_course(user: User, course: Course) -> Enrolment:
    """The person takes the course through the learning services, as on the pages: every
    lesson read, every quiz passed with the right answers; the certificate follows."""
    actor = actor_for(user, origin="demo")
    enrolment = learning.enrol(actor, course.pk)
    for module in course.modules.order_by("position"):
        if module.kind == ModuleKind.LESSON:
            learning.complete_lesson(actor, enrolment.pk, module.pk)
            continue
        attempt = learning.start_attempt(actor, enrolment.pk, module.pk)
        right = {
            question.pk: [c.pk for c in question.choices.all() if c.correct]
            for question in module.questions.filter(pk__in=attempt.question_ids).prefetch_related("choices")
        }
        learning.submit_attempt(actor, attempt.pk, right)
    enrolment.refresh_from_db()
    return enrolment


def _gate_third_bureau(data_course: Course) -> str:
    """The third demo bureau requires the data-processing course before its people create
    records; its administrator took it, its officer has not yet (the banner shows)."""
    bureau = Bureau.objects.order_by("country_id")[2:3].first()
    if bureau is None:
        return ""
    admin = (
        User.objects.filter(bureau=bureau, role=Role.BUREAU_ADMIN, is_machine=False).order_by("pk").first()
    )
    if admin is None:
        return ""
    take_course(admin, data_course)
    requirements.add_requirement(actor_for(admin, origin="demo"), data_course.pk, Gated.CREATE_RECORDS)
    return bureau.country_id


def seed_demo_training(console: Console, password: str) -> None:
    if User.objects.filter(username="academy-member").exists():
        console.print("Learning centre demo already present.")
        return
    with transaction.atomic():
        seed_partners(password)
        courses = seed_courses()
        first_officer = (
            User.objects.filter(role=Role.BUREAU_OFFICER, is_machine=False).order_by("username").first()
        )
        if first_officer is not None:
            take_course(first_officer, courses[DATA_COURSE])
        gated = _gate_third_bureau(courses[DATA_COURSE])
        seed_classroom(courses)
    seed_capacity()  # its checks go through the query log's own (durable) transactions
    console.print(
        f"Learning centre: {len(courses)} courses, a workshop, a capacity-building plan, two partner "
        f"organisations; {gated or 'no'} bureau requires the data-processing certificate to create records."
    )
