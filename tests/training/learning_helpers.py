"""Builders for the learning-centre tests: partners, trainers and courses made through the
real services, as an author would."""

from __future__ import annotations

from collections.abc import Sequence

from polnet.core.actor import Actor, Role
from polnet.network.actors import actor_for
from polnet.network.models import Partner, PartnerKind, User
from polnet.training.catalogue import services as catalogue
from polnet.training.catalogue.models import Audience, Course, ModuleKind
from polnet.training.catalogue.services import ChoiceIn
from tests.factories import PASSWORD

# The smallest files each kind is recognised by.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8


def make_partner(name: str = "Regional Police Academy") -> Partner:
    return Partner.objects.create(name=name, short_name=name[:40], kind=PartnerKind.POLICE_ACADEMY)


def make_user(username: str, role: Role, *, partner: Partner | None = None) -> User:
    user = User(username=username, role=role, partner=partner)
    user.set_password(PASSWORD)
    user.save()
    return user


def actor(user: User) -> Actor:
    return actor_for(user, origin="test")


def secretariat_trainer(username: str = "gs-trainer") -> Actor:
    return actor(make_user(username, Role.TRAINER))


def make_course(
    author: Actor,
    title: str = "Rules on the processing of data",
    *,
    audience: str = Audience.EVERYONE,
    countries: Sequence[str] = (),
    partners: Sequence[int] = (),
    lessons: int = 1,
    questions: int = 0,
    per_attempt: int = 1,
    pass_mark: int = 50,
    max_attempts: int = 3,
    certificate_months: int = 24,
    language: str = "en",
    publish: bool = True,
) -> Course:
    """A course with ``lessons`` lessons and, if ``questions``, a quiz whose question n has
    choice "right n" correct and "wrong n" wrong."""
    course = catalogue.create_course(
        author,
        title=title,
        language=language,
        audience=audience,
        countries=countries,
        partners=partners,
        certificate_months=certificate_months,
    )
    for n in range(1, lessons + 1):
        catalogue.add_module(author, course.pk, title=f"Lesson {n}", body=f"# Lesson {n}\n\nText {n}.")
    if questions:
        quiz = catalogue.add_module(
            author,
            course.pk,
            title="Quiz",
            kind=ModuleKind.QUIZ,
            pass_mark=pass_mark,
            questions_per_attempt=per_attempt,
            max_attempts=max_attempts,
        )
        for n in range(1, questions + 1):
            catalogue.add_question(
                author,
                quiz.pk,
                text=f"Question {n}",
                choices=[ChoiceIn(f"right {n}", True, "Because."), ChoiceIn(f"wrong {n}", False, "No.")],
            )
    if publish:
        catalogue.publish(author, course.pk)
    course.refresh_from_db()
    return course
