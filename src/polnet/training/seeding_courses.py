"""The demo's courses, written through the catalogue's services as their authors would.

- "Rules on the processing of data": the secretariat's, for everyone, in English and French;
  three lessons and a bank of twelve questions of which each attempt draws eight.
- "Examining security documents": the secretariat's, online and classroom, English and Spanish.
- "Stolen motor vehicle checks at the border": written by the first bureau for the members.
- "Firearms tracing basics": a partner organisation's, when one exists.

Each course is made once (found again by its code), so running the seed twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from polnet.core.actor import Actor, Role
from polnet.network.actors import actor_for
from polnet.network.models import Bureau, Partner, User
from polnet.training.catalogue import services
from polnet.training.catalogue.models import Audience, Course, CourseFormat, ModuleKind, PriorityArea
from polnet.training.catalogue.services import ChoiceIn
from polnet.training.seeding_texts import (
    DATA_EN,
    DATA_FR,
    DOCUMENTS_EN,
    DOCUMENTS_ES,
    FIREARMS_EN,
    VEHICLES_EN,
    CourseText,
)


@dataclass(frozen=True)
class Plan:
    code: str
    text: CourseText
    area: str
    format: str = CourseFormat.ONLINE
    audience: str = Audience.EVERYONE
    certificate_months: int = 24
    estimated_minutes: int = 60
    pass_mark: int = 75
    per_attempt: int = 5
    max_attempts: int = 3


def _person(username: str, role: Role, **affiliation: object) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, role=role, **affiliation)
        user.set_unusable_password()  # the operator sets a password when the person joins
        user.save()
    return user


def _secretariat_author() -> Actor:
    user = (
        User.objects.filter(role=Role.TRAINER, bureau__isnull=True, unit__isnull=True, partner__isnull=True)
        .order_by("pk")
        .first()
    ) or _person("gs-trainer", Role.TRAINER)
    return actor_for(user, origin="demo")


def _bureau_author() -> Actor | None:
    bureau = Bureau.objects.order_by("country_id").first()
    if bureau is None:
        return None
    admin = User.objects.filter(role=Role.BUREAU_ADMIN, bureau=bureau, is_active=True).order_by("pk").first()
    return actor_for(admin, origin="demo") if admin else None


def _partner_author() -> tuple[Actor, Partner] | None:
    partner = Partner.objects.filter(active=True).order_by("pk").first()
    if partner is None:
        return None
    trainer = User.objects.filter(role=Role.TRAINER, partner=partner).order_by("pk").first() or _person(
        f"trainer-{partner.pk}", Role.TRAINER, partner=partner
    )
    return actor_for(trainer, origin="demo"), partner


def _write(author: Actor, plan: Plan, *, partners: Sequence[int] = ()) -> Course:
    text = plan.text
    course = services.create_course(
        author,
        code=plan.code,
        title=text.title,
        summary=text.summary,
        language=text.language,
        format=plan.format,
        area=plan.area,
        audience=plan.audience,
        partners=partners,
        certificate_months=plan.certificate_months,
        estimated_minutes=plan.estimated_minutes,
    )
    for title, body in text.lessons:
        services.add_module(author, course.pk, title=title, body=body)
    quiz = services.add_module(
        author,
        course.pk,
        title=text.quiz_title,
        kind=ModuleKind.QUIZ,
        body=text.quiz_intro,
        pass_mark=plan.pass_mark,
        questions_per_attempt=plan.per_attempt,
        max_attempts=plan.max_attempts,
    )
    for question, multiple, choices in text.questions:
        services.add_question(
            author, quiz.pk, text=question, multiple=multiple, choices=[ChoiceIn(*c) for c in choices]
        )
    return services.publish(author, course.pk)


def _translate(author: Actor, original: Course, text: CourseText) -> Course:
    """The translation's texts replace the copied ones, module by module and question by question."""
    found = original.translations.filter(language=text.language).first()
    if found is not None:
        return found
    copy = services.translate(author, original.pk, language=text.language, title=text.title)
    services.update_course(author, copy.pk, summary=text.summary)
    modules = list(copy.modules.order_by("position"))
    for module, (title, body) in zip(modules, text.lessons, strict=False):
        services.update_module(author, module.pk, title=title, body=body)
    quiz = modules[-1]
    services.update_module(
        author,
        quiz.pk,
        title=text.quiz_title,
        body=text.quiz_intro,
        pass_mark=quiz.pass_mark,
        questions_per_attempt=quiz.questions_per_attempt,
        max_attempts=quiz.max_attempts,
    )
    for question, (wording, multiple, choices) in zip(
        quiz.questions.order_by("pk"), text.questions, strict=True
    ):
        services.update_question(
            author, question.pk, text=wording, multiple=multiple, choices=[ChoiceIn(*c) for c in choices]
        )
    return services.publish(author, copy.pk)


def _once(author: Actor, plan: Plan, *, partners: Sequence[int] = ()) -> Course:
    found = Course.objects.filter(code=plan.code).first()
    return found if found is not None else _write(author, plan, partners=partners)


def seed_courses() -> dict[str, Course]:
    """The demo's courses by code (translations under "<code>:<language>")."""
    gs = _secretariat_author()
    out: dict[str, Course] = {}
    data = _once(
        gs,
        Plan("rules-processing-data", DATA_EN, PriorityArea.POLICE_DATA, per_attempt=8, estimated_minutes=90),
    )
    out[data.code] = data
    out[f"{data.code}:fr"] = _translate(gs, data, DATA_FR)
    documents = _once(
        gs,
        Plan(
            "examining-security-documents",
            DOCUMENTS_EN,
            PriorityArea.BORDER_SECURITY,
            format=CourseFormat.BLENDED,
            per_attempt=4,
            estimated_minutes=120,
        ),
    )
    out[documents.code] = documents
    out[f"{documents.code}:es"] = _translate(gs, documents, DOCUMENTS_ES)
    bureau = _bureau_author()
    if bureau is not None or Course.objects.filter(code="stolen-vehicle-border-checks").exists():
        vehicles = Plan(
            "stolen-vehicle-border-checks",
            VEHICLES_EN,
            PriorityArea.BORDER_SECURITY,
            audience=Audience.MEMBERS,
            per_attempt=3,
            certificate_months=36,
        )
        out[vehicles.code] = _once(bureau or gs, vehicles)
    partner = _partner_author()
    firearms = Plan("firearms-tracing-basics", FIREARMS_EN, PriorityArea.FIREARMS, per_attempt=3)
    if partner is not None:
        out[firearms.code] = _once(partner[0], firearms)
    else:
        out[firearms.code] = _once(gs, firearms)
    return out
