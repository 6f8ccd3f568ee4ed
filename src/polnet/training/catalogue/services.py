"""Writing courses: the course, its modules, quiz banks and files, publication, translation.

Every act takes an actor, asks `training/policy.py` and writes the audit log. A course is
written by its owner's authors; learners see it once it is published to them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.network.models import Country, Partner
from polnet.training import policy
from polnet.training.catalogue import media as media_store
from polnet.training.catalogue.models import (
    Audience,
    Choice,
    Course,
    CourseFormat,
    CourseState,
    Media,
    Module,
    ModuleKind,
    PriorityArea,
    Question,
)

MAX_CHOICES = 10
MEDIA_REF = re.compile(r"media:(\d+)")


@dataclass(frozen=True)
class ChoiceIn:
    text: str
    correct: bool = False
    explanation: str = ""


def _log(actor: Actor, action: audit.Action, course: Course, **detail: Any) -> None:
    audit.log(actor, action, "training_course", course.pk, detail=detail)


def person(actor: Actor) -> int:
    """The user id of an act only a person does (a course has an author, an enrolment a learner)."""
    if actor.user_id is None:
        raise Forbidden(_("Only a signed-in person may do this."), code="training_person_only")
    return actor.user_id


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# ---- finding what the actor writes ------------------------------------------------------------


def course_for_change(actor: Actor, course_id: int) -> Course:
    """The course, locked for the change, if the actor writes it; hidden courses are not found."""
    course = policy.visible_courses(actor).select_for_update().filter(pk=course_id).first()
    if course is None:
        raise NotFound(_("No such course."), code="training_course_not_found")
    if not policy.may_change_course(actor, course):
        raise Forbidden(_("Only the course owner's authors may change it."), code="training_course_not_owner")
    return course


def _module_for_change(actor: Actor, module_id: int) -> Module:
    module = Module.objects.filter(pk=module_id).first()
    if module is None:
        raise NotFound(_("No such module."), code="training_module_not_found")
    course_for_change(actor, module.course_id)
    return module


def _question_for_change(actor: Actor, question_id: int) -> Question:
    question = Question.objects.select_related("module").filter(pk=question_id).first()
    if question is None:
        raise NotFound(_("No such question."), code="training_question_not_found")
    course_for_change(actor, question.module.course_id)
    return question


# ---- checks -----------------------------------------------------------------------------------


def _text(value: str, field: str, limit: int = 200) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(_("This field is required."), code="training_field_required", field=field)
    if len(value) > limit:
        raise InvalidInput(
            _("At most %(limit)s characters."), code="training_field_too_long", field=field, limit=limit
        )
    return value


def _choice(value: str, choices: type[Any], field: str, *, blank: bool = False) -> str:
    if blank and not value:
        return ""
    if value not in choices.values:
        raise InvalidInput(_("Choose one of the listed values."), code="training_value_unknown", field=field)
    return value


def _number(value: int, field: str, low: int, high: int) -> int:
    if not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(
            _("Give a whole number from %(low)s to %(high)s."),
            code="training_number_range",
            field=field,
            low=low,
            high=high,
        )
    return value


def _countries(codes: Iterable[str]) -> list[Country]:
    wanted = {c.strip().upper() for c in codes if c.strip()}
    found = list(Country.objects.filter(code__in=wanted))
    if len(found) != len(wanted):
        raise InvalidInput(_("Unknown country code."), code="training_country_unknown", field="countries")
    return found


def _partners(ids: Iterable[int]) -> list[Partner]:
    wanted = set(ids)
    found = list(Partner.objects.filter(pk__in=wanted, active=True))
    if len(found) != len(wanted):
        raise InvalidInput(
            _("Unknown partner organisation."), code="training_partner_unknown", field="partners"
        )
    return found


def _audience_ready(course: Course) -> None:
    if course.audience == Audience.COUNTRIES and not course.countries.exists():
        raise InvalidInput(
            _("Choose the countries the course is published to."),
            code="training_audience_countries_missing",
            field="countries",
        )
    if course.audience == Audience.PARTNERS and not course.partners.exists():
        raise InvalidInput(
            _("Choose the partner organisations the course is published to."),
            code="training_audience_partners_missing",
            field="partners",
        )


def _unique_code(base: str) -> str:
    base = (slugify(base) or "course")[:50]
    code, n = base, 1
    while Course.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


# ---- courses ----------------------------------------------------------------------------------


@transaction.atomic
def create_course(
    actor: Actor,
    *,
    title: str,
    summary: str = "",
    language: str = "en",
    format: str = CourseFormat.ONLINE,
    area: str = "",
    audience: str = Audience.MEMBERS,
    countries: Sequence[str] = (),
    partners: Sequence[int] = (),
    certificate_months: int = 24,
    estimated_minutes: int = 60,
    code: str = "",
) -> Course:
    """A draft course owned by the author's party (the secretariat, a bureau, a partner)."""
    if not policy.may_author(actor):
        raise Forbidden(_("You do not write courses."), code="training_not_author")
    if language not in languages():
        raise InvalidInput(
            _("Choose one of the listed values."), code="training_value_unknown", field="language"
        )
    course = Course(
        code=_unique_code(code or title),
        title=_text(title, "title"),
        summary=(summary or "").strip()[:5000],
        language=language,
        format=_choice(format, CourseFormat, "format"),
        area=_choice(area, PriorityArea, "area", blank=True),
        audience=_choice(audience, Audience, "audience"),
        owner_bureau_id=actor.bureau_id if actor.partner_id is None else None,
        owner_partner_id=actor.partner_id,
        certificate_months=_number(certificate_months, "certificate_months", 0, 120),
        estimated_minutes=_number(estimated_minutes, "estimated_minutes", 1, 10000),
        created_by_id=person(actor),
    )
    course.save()
    course.countries.set(_countries(countries))
    course.partners.set(_partners(partners))
    _log(actor, audit.Action.CREATE, course, title=course.title, language=course.language)
    return course


@transaction.atomic
def update_course(actor: Actor, course_id: int, **fields: Any) -> Course:
    """Change the description, audience and rules of a course (its language stays)."""
    course = course_for_change(actor, course_id)
    checks: dict[str, Callable[[Any], Any]] = {
        "title": lambda v: _text(v, "title"),
        "summary": lambda v: (v or "").strip()[:5000],
        "format": lambda v: _choice(v, CourseFormat, "format"),
        "area": lambda v: _choice(v, PriorityArea, "area", blank=True),
        "audience": lambda v: _choice(v, Audience, "audience"),
        "certificate_months": lambda v: _number(v, "certificate_months", 0, 120),
        "estimated_minutes": lambda v: _number(v, "estimated_minutes", 1, 10000),
    }
    unknown = set(fields) - set(checks) - {"countries", "partners"}
    if unknown:
        raise InvalidInput(
            _("Choose one of the listed values."), code="training_value_unknown", field=min(unknown)
        )
    for name, value in fields.items():
        if name in checks:
            setattr(course, name, checks[name](value))
    course.updated_at = timezone.now()
    course.save()
    if "countries" in fields:
        course.countries.set(_countries(fields["countries"]))
    if "partners" in fields:
        course.partners.set(_partners(fields["partners"]))
    if course.state == CourseState.PUBLISHED:
        _audience_ready(course)  # a published course keeps an audience
    _log(actor, audit.Action.UPDATE, course, fields=sorted(fields))
    return course


def _ready_to_publish(course: Course) -> None:
    modules = list(course.modules.all())
    if not modules:
        raise InvalidInput(
            _("A course needs at least one module before it is published."), code="training_course_empty"
        )
    for module in modules:
        if module.kind == ModuleKind.QUIZ and module.questions.count() < module.questions_per_attempt:
            raise InvalidInput(
                _("The quiz “%(title)s” needs at least as many questions as it asks per attempt."),
                code="training_quiz_bank_too_small",
                title=module.title,
            )
    _audience_ready(course)


@transaction.atomic
def publish(actor: Actor, course_id: int) -> Course:
    course = course_for_change(actor, course_id)
    if course.state == CourseState.PUBLISHED:
        raise Conflict(_("The course is already published."), code="training_course_published")
    _ready_to_publish(course)
    course.state = CourseState.PUBLISHED
    course.published_at = course.updated_at = timezone.now()
    course.save(update_fields=["state", "published_at", "updated_at"])
    _log(actor, audit.Action.UPDATE, course, state=course.state)
    return course


@transaction.atomic
def withdraw(actor: Actor, course_id: int) -> Course:
    """Take a course out of the catalogue; enrolments and certificates stay."""
    course = course_for_change(actor, course_id)
    if course.state != CourseState.PUBLISHED:
        raise Conflict(_("Only a published course can be withdrawn."), code="training_course_not_published")
    course.state = CourseState.WITHDRAWN
    course.updated_at = timezone.now()
    course.save(update_fields=["state", "updated_at"])
    _log(actor, audit.Action.UPDATE, course, state=course.state)
    return course


# ---- modules ----------------------------------------------------------------------------------


def _quiz_rules(pass_mark: int, questions_per_attempt: int, max_attempts: int) -> dict[str, int]:
    return {
        "pass_mark": _number(pass_mark, "pass_mark", 1, 100),
        "questions_per_attempt": _number(questions_per_attempt, "questions_per_attempt", 1, 200),
        "max_attempts": _number(max_attempts, "max_attempts", 0, 100),
    }


@transaction.atomic
def add_module(
    actor: Actor,
    course_id: int,
    *,
    title: str,
    kind: str = ModuleKind.LESSON,
    body: str = "",
    pass_mark: int = 80,
    questions_per_attempt: int = 10,
    max_attempts: int = 3,
) -> Module:
    """A lesson (a Markdown body) or a quiz (rules over a bank of questions), appended."""
    course = course_for_change(actor, course_id)
    if course.state == CourseState.PUBLISHED:
        raise Conflict(
            _("Withdraw the course before changing its modules."), code="training_course_published_locked"
        )
    last = course.modules.aggregate(m=Max("position"))["m"] or 0
    module = Module.objects.create(
        course=course,
        position=last + 1,
        title=_text(title, "title"),
        kind=_choice(kind, ModuleKind, "kind"),
        body=(body or "")[:100_000],
        **_quiz_rules(pass_mark, questions_per_attempt, max_attempts),
    )
    _log(actor, audit.Action.UPDATE, course, module=module.pk, added=True)
    return module


@transaction.atomic
def update_module(
    actor: Actor,
    module_id: int,
    *,
    title: str,
    body: str = "",
    pass_mark: int = 80,
    questions_per_attempt: int = 10,
    max_attempts: int = 3,
) -> Module:
    module = _module_for_change(actor, module_id)
    module.title = _text(title, "title")
    module.body = (body or "")[:100_000]
    for name, value in _quiz_rules(pass_mark, questions_per_attempt, max_attempts).items():
        setattr(module, name, value)
    if (
        module.kind == ModuleKind.QUIZ
        and module.course.state == CourseState.PUBLISHED
        and module.questions.count() < module.questions_per_attempt
    ):
        raise InvalidInput(
            _("The quiz “%(title)s” needs at least as many questions as it asks per attempt."),
            code="training_quiz_bank_too_small",
            title=module.title,
        )
    module.save()
    _log(actor, audit.Action.UPDATE, module.course, module=module.pk)
    return module


@transaction.atomic
def reorder_modules(actor: Actor, course_id: int, order: Sequence[int]) -> list[Module]:
    """Put the modules in the given order (every module once)."""
    course = course_for_change(actor, course_id)
    modules = {m.pk: m for m in course.modules.all()}
    if sorted(order) != sorted(modules):
        raise InvalidInput(
            _("Give every module of the course once."), code="training_module_order_invalid", field="order"
        )
    # Two steps: positions are unique per course at every moment.
    Module.objects.filter(course=course).update(position=F("position") + 1000)
    for position, pk in enumerate(order, start=1):
        Module.objects.filter(pk=pk).update(position=position)
    _log(actor, audit.Action.UPDATE, course, order=list(order))
    return list(course.modules.order_by("position"))


@transaction.atomic
def delete_module(actor: Actor, module_id: int) -> None:
    module = _module_for_change(actor, module_id)
    if module.course.state == CourseState.PUBLISHED:
        raise Conflict(
            _("Withdraw the course before changing its modules."), code="training_course_published_locked"
        )
    course = module.course
    module.delete()
    _log(actor, audit.Action.UPDATE, course, module=module_id, deleted=True)


# ---- questions --------------------------------------------------------------------------------


def _checked_choices(multiple: bool, choices: Sequence[ChoiceIn]) -> list[ChoiceIn]:
    kept = [c for c in choices if c.text.strip()]
    if len(kept) < 2 or len(kept) > MAX_CHOICES:
        raise InvalidInput(
            _("A question needs from 2 to %(most)s choices."),
            code="training_question_choices_count",
            field="choices",
            most=MAX_CHOICES,
        )
    right = sum(1 for c in kept if c.correct)
    if right == 0:
        raise InvalidInput(
            _("Mark at least one choice as correct."), code="training_question_no_correct", field="choices"
        )
    if not multiple and right != 1:
        raise InvalidInput(
            _("A single-choice question has exactly one correct choice."),
            code="training_question_single_correct",
            field="choices",
        )
    for c in kept:
        _text(c.text, "choices", 500)
    return kept


def _write_choices(question: Question, choices: list[ChoiceIn]) -> None:
    question.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=n,
            text=c.text.strip(),
            correct=c.correct,
            explanation=(c.explanation or "").strip()[:5000],
        )
        for n, c in enumerate(choices, start=1)
    )


@transaction.atomic
def add_question(
    actor: Actor, module_id: int, *, text: str, multiple: bool = False, choices: Sequence[ChoiceIn]
) -> Question:
    module = _module_for_change(actor, module_id)
    if module.kind != ModuleKind.QUIZ:
        raise InvalidInput(_("Only a quiz has questions."), code="training_module_not_quiz")
    kept = _checked_choices(multiple, choices)
    question = Question.objects.create(module=module, text=_text(text, "text", 5000), multiple=multiple)
    _write_choices(question, kept)
    _log(actor, audit.Action.UPDATE, module.course, question=question.pk, added=True)
    return question


@transaction.atomic
def update_question(
    actor: Actor, question_id: int, *, text: str, multiple: bool = False, choices: Sequence[ChoiceIn]
) -> Question:
    """Rewrite a question and its choices (answers already given keep their score)."""
    question = _question_for_change(actor, question_id)
    kept = _checked_choices(multiple, choices)
    question.text = _text(text, "text", 5000)
    question.multiple = multiple
    question.save()
    _write_choices(question, kept)
    _log(actor, audit.Action.UPDATE, question.module.course, question=question.pk)
    return question


@transaction.atomic
def delete_question(actor: Actor, question_id: int) -> None:
    question = _question_for_change(actor, question_id)
    module = question.module
    if (
        module.course.state == CourseState.PUBLISHED
        and module.questions.count() - 1 < module.questions_per_attempt
    ):
        raise InvalidInput(
            _("The quiz “%(title)s” needs at least as many questions as it asks per attempt."),
            code="training_quiz_bank_too_small",
            title=module.title,
        )
    question.delete()
    _log(actor, audit.Action.UPDATE, module.course, question=question_id, deleted=True)


# ---- media ------------------------------------------------------------------------------------


@transaction.atomic
def attach_media(
    actor: Actor, course_id: int, *, title: str, file_name: str, data: bytes, module_id: int | None = None
) -> Media:
    """Keep a file of the course; a lesson shows an image with ``![text](media:<id>)``."""
    course = course_for_change(actor, course_id)
    module = None
    if module_id is not None:
        module = course.modules.filter(pk=module_id).first()
        if module is None:
            raise NotFound(_("No such module."), code="training_module_not_found")
    item = media_store.store(course, title=title, file_name=file_name, data=data, module=module)
    _log(actor, audit.Action.UPDATE, course, media=item.pk, kind=item.kind, sha256=item.sha256)
    return item


# ---- translations -----------------------------------------------------------------------------


@transaction.atomic
def translate(actor: Actor, course_id: int, *, language: str, title: str = "") -> Course:
    """A draft copy of the original course in another language: modules, questions and files,
    for the author to translate; lessons' ``media:<id>`` point at the copy's files."""
    course = course_for_change(actor, course_id)
    original = course.translation_of or course
    if language not in languages() or language == original.language:
        raise InvalidInput(
            _("Choose a language of the network other than the course's own."),
            code="training_translation_language",
            field="language",
        )
    if original.translations.filter(language=language).exists():
        raise Conflict(
            _("The course already has a translation in this language."), code="training_translation_exists"
        )
    copy = Course.objects.create(
        code=_unique_code(f"{original.code}-{language}"),
        title=(title or "").strip()[:200] or original.title,
        summary=original.summary,
        language=language,
        translation_of=original,
        format=original.format,
        area=original.area,
        owner_bureau_id=original.owner_bureau_id,
        owner_partner_id=original.owner_partner_id,
        audience=original.audience,
        certificate_months=original.certificate_months,
        estimated_minutes=original.estimated_minutes,
        created_by_id=person(actor),
    )
    copy.countries.set(original.countries.all())
    copy.partners.set(original.partners.all())
    modules: dict[int, Module] = {}
    for m in original.modules.all():
        modules[m.pk] = Module.objects.create(
            course=copy,
            position=m.position,
            title=m.title,
            kind=m.kind,
            body=m.body,
            pass_mark=m.pass_mark,
            questions_per_attempt=m.questions_per_attempt,
            max_attempts=m.max_attempts,
        )
        for q in m.questions.prefetch_related("choices"):
            new_q = Question.objects.create(module=modules[m.pk], text=q.text, multiple=q.multiple)
            _write_choices(new_q, [ChoiceIn(c.text, c.correct, c.explanation) for c in q.choices.all()])
    files: dict[str, str] = {}
    for item in original.media.all():
        old = item.pk
        item.pk = None
        item.course = copy
        item.module = modules.get(item.module_id) if item.module_id else None
        item.save()  # the same stored bytes, a link of the copy's own
        files[str(old)] = str(item.pk)
    for new_module in modules.values():
        if files and "media:" in new_module.body:
            new_module.body = MEDIA_REF.sub(
                lambda m: f"media:{files.get(m.group(1), m.group(1))}", new_module.body
            )
            new_module.save(update_fields=["body"])
    _log(actor, audit.Action.CREATE, copy, translation_of=original.pk, language=language)
    return copy
