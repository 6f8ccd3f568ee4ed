"""Taking courses: enrolment (one's own, or staff by their manager), progress through the
modules, quiz attempts drawn at random from the bank, completion and the certificate.

Every act takes an actor, asks `training/policy.py` and writes the audit log.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.network.actors import actor_for
from polnet.network.models import User
from polnet.training import policy
from polnet.training.catalogue.models import Choice, Course, Module, ModuleKind, Question
from polnet.training.catalogue.services import person
from polnet.training.certificates.gate import valid_certificates_q
from polnet.training.certificates.issue import issue
from polnet.training.certificates.models import Certificate, CertificateSource
from polnet.training.learning.models import Attempt, Enrolment, EnrolmentState, ModuleProgress

RENEWAL_DAYS = 60  # a certificate this close to its end may be renewed by taking the course again


def _log(actor: Actor, action: audit.Action, kind: str, pk: int, **detail: Any) -> None:
    audit.log(actor, action, kind, pk, detail=detail)


# ---- enrolment --------------------------------------------------------------------------------


def _open_course(actor: Actor, course_id: int) -> Course:
    course = policy.visible_courses(actor).filter(pk=course_id).first()
    if course is None:
        raise NotFound(_("No such course."), code="training_course_not_found")
    return course


def current_certificate(user_id: int, course: Course) -> Certificate | None:
    """The user's certificate in force for the course's family, the longest-lasting first."""
    rows = Certificate.objects.filter(valid_certificates_q(), user_id=user_id, course_id=course.family_id)
    return rows.order_by("-valid_until").first()


def renewable(user_id: int, course: Course) -> bool:
    """No certificate in force, or one that ends within `RENEWAL_DAYS`."""
    cert = current_certificate(user_id, course)
    if cert is None:
        return True
    if cert.valid_until is None:
        return False
    return cert.valid_until <= timezone.localdate() + timedelta(days=RENEWAL_DAYS)


def _enrol(actor: Actor, user: User, course: Course) -> Enrolment:
    active = Enrolment.objects.filter(user=user, course=course, state=EnrolmentState.ACTIVE).first()
    if active is not None:
        return active  # already taking it: nothing new
    if (course.translation_of or course).certificate_months > 0 and not renewable(user.pk, course):
        raise Conflict(
            _("%(name)s holds a valid certificate of this course; it can be renewed in its last 60 days."),
            code="training_already_certified",
            name=user.username,
        )
    enrolment = Enrolment.objects.create(course=course, user=user, enrolled_by_id=person(actor))
    _log(actor, audit.Action.CREATE, "training_enrolment", enrolment.pk, course=course.pk, user=user.pk)
    return enrolment


@transaction.atomic
def enrol(actor: Actor, course_id: int) -> Enrolment:
    """Enrol oneself in a published course open to one (or find one's enrolment in it)."""
    course = _open_course(actor, course_id)
    if not policy.may_take(actor, course):
        raise Conflict(_("This course is not open for enrolment."), code="training_course_closed")
    user = User.objects.select_for_update().get(pk=person(actor))  # one enrolment at a time per person
    return _enrol(actor, user, course)


@transaction.atomic
def enrol_staff(actor: Actor, course_id: int, user_ids: Iterable[int]) -> list[Enrolment]:
    """A staff manager enrols people they manage; all or none."""
    if not policy.manages_staff(actor):
        raise Forbidden(_("You do not manage anyone's training."), code="training_not_staff_manager")
    wanted = sorted(set(user_ids))
    if not wanted:
        raise InvalidInput(_("Choose at least one person."), code="training_staff_missing", field="users")
    course = _open_course(actor, course_id)
    users = list(
        User.objects.select_for_update(of=("self",))
        .filter(policy.staff_q(actor), pk__in=wanted, is_active=True)
        .order_by("pk")
    )
    if len(users) != len(wanted):  # someone else's staff is hidden, as if unknown
        raise NotFound(_("No such person among your staff."), code="training_staff_not_found", field="users")
    out = []
    for user in users:
        if not policy.may_take(actor_for(user, origin=actor.origin), course):
            raise InvalidInput(
                _("The course is not open to %(name)s."),
                code="training_course_not_open_to",
                name=user.username,
            )
        out.append(_enrol(actor, user, course))
    return out


def my_enrolments(actor: Actor) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(user_id=person(actor)).select_related("course")


def staff_enrolments(actor: Actor) -> QuerySet[Enrolment]:
    """The enrolments of the people the actor manages (the staff page)."""
    if not policy.manages_staff(actor):
        raise Forbidden(_("You do not manage anyone's training."), code="training_not_staff_manager")
    staff = User.objects.filter(policy.staff_q(actor)).values("pk")
    return Enrolment.objects.filter(user__in=staff).select_related("course", "user")


def staff(actor: Actor) -> QuerySet[User]:
    if not policy.manages_staff(actor):
        raise Forbidden(_("You do not manage anyone's training."), code="training_not_staff_manager")
    return User.objects.filter(policy.staff_q(actor), is_active=True, is_machine=False).order_by("username")


def own_enrolment(actor: Actor, enrolment_id: int, *, lock: bool = False) -> Enrolment:
    rows = Enrolment.objects.select_related("course")
    if lock:
        rows = rows.select_for_update()
    enrolment = rows.filter(pk=enrolment_id, user_id=person(actor)).first()
    if enrolment is None:
        raise NotFound(_("No such enrolment."), code="training_enrolment_not_found")
    return enrolment


def active_enrolment(actor: Actor, course: Course) -> Enrolment | None:
    return Enrolment.objects.filter(user_id=person(actor), course=course, state=EnrolmentState.ACTIVE).first()


def latest_enrolment(actor: Actor, course: Course) -> Enrolment | None:
    return (
        Enrolment.objects.filter(user_id=person(actor), course=course).order_by("-enrolled_at", "-pk").first()
    )


# ---- progress ---------------------------------------------------------------------------------


def _module(enrolment: Enrolment, module_id: int) -> Module:
    module = enrolment.course.modules.filter(pk=module_id).first()
    if module is None:
        raise NotFound(_("No such module."), code="training_module_not_found")
    return module


def _active(enrolment: Enrolment) -> None:
    if enrolment.state != EnrolmentState.ACTIVE:
        raise Conflict(_("This enrolment is no longer in progress."), code="training_enrolment_closed")


def completed_modules(enrolment: Enrolment) -> set[int]:
    return set(enrolment.progress.filter(completed_at__isnull=False).values_list("module_id", flat=True))


@transaction.atomic
def open_module(actor: Actor, enrolment_id: int, module_id: int) -> ModuleProgress | None:
    """Opening a module starts it (while the enrolment is in progress)."""
    enrolment = own_enrolment(actor, enrolment_id)
    module = _module(enrolment, module_id)
    if enrolment.state != EnrolmentState.ACTIVE:
        return enrolment.progress.filter(module=module).first()
    progress, _created = ModuleProgress.objects.get_or_create(enrolment=enrolment, module=module)
    return progress


@transaction.atomic
def complete_lesson(actor: Actor, enrolment_id: int, module_id: int) -> Enrolment:
    enrolment = own_enrolment(actor, enrolment_id, lock=True)
    _active(enrolment)
    module = _module(enrolment, module_id)
    if module.kind != ModuleKind.LESSON:
        raise InvalidInput(_("A quiz is completed by passing it."), code="training_quiz_by_passing")
    progress, _created = ModuleProgress.objects.get_or_create(enrolment=enrolment, module=module)
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at"])
        _log(actor, audit.Action.UPDATE, "training_enrolment", enrolment.pk, module=module.pk, completed=True)
    _complete_if_done(actor, enrolment)
    return enrolment


def _complete_if_done(actor: Actor, enrolment: Enrolment) -> Certificate | None:
    """Every module done: the enrolment is completed and, if the course certifies, a certificate issued."""
    modules = set(enrolment.course.modules.values_list("pk", flat=True))
    if not modules or not modules <= completed_modules(enrolment):
        return None
    enrolment.state = EnrolmentState.COMPLETED
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["state", "completed_at"])
    _log(actor, audit.Action.UPDATE, "training_enrolment", enrolment.pk, state=enrolment.state)
    family = enrolment.course.translation_of or enrolment.course
    if family.certificate_months == 0:
        return None
    last = Attempt.objects.filter(enrolment=enrolment, passed=True).order_by("-submitted_at", "-pk").first()
    cert = issue(
        enrolment.user,
        enrolment.course,
        source=CertificateSource.ONLINE,
        score=last.score if last else None,
        enrolment_id=enrolment.pk,
    )
    _log(actor, audit.Action.CREATE, "training_certificate", cert.pk, enrolment=enrolment.pk)
    return cert


# ---- quizzes ----------------------------------------------------------------------------------


@transaction.atomic
def start_attempt(
    actor: Actor, enrolment_id: int, module_id: int, *, rng: random.Random | None = None
) -> Attempt:
    """An attempt with ``questions_per_attempt`` questions drawn from the bank, or the attempt
    already open (reloading the page does not use up an attempt)."""
    enrolment = own_enrolment(actor, enrolment_id, lock=True)
    _active(enrolment)
    module = _module(enrolment, module_id)
    if module.kind != ModuleKind.QUIZ:
        raise InvalidInput(_("This module is not a quiz."), code="training_module_not_quiz_attempt")
    attempts = Attempt.objects.filter(enrolment=enrolment, module=module)
    if attempts.filter(passed=True).exists():
        raise Conflict(_("You have already passed this quiz."), code="training_quiz_passed")
    pending = attempts.filter(submitted_at__isnull=True).first()
    if pending is not None:
        return pending
    used = attempts.count()
    if module.max_attempts and used >= module.max_attempts:
        raise Conflict(
            _("You have used all %(count)s attempts at this quiz."), code="training_attempts_used", count=used
        )
    bank = list(module.questions.values_list("pk", flat=True))
    if len(bank) < module.questions_per_attempt:
        raise Conflict(_("This quiz is not ready yet."), code="training_quiz_not_ready")
    drawn = (rng or secrets.SystemRandom()).sample(bank, module.questions_per_attempt)
    ModuleProgress.objects.get_or_create(enrolment=enrolment, module=module)
    attempt = Attempt.objects.create(enrolment=enrolment, module=module, number=used + 1, question_ids=drawn)
    _log(actor, audit.Action.CREATE, "training_attempt", attempt.pk, enrolment=enrolment.pk, module=module.pk)
    return attempt


def own_attempt(actor: Actor, attempt_id: int, *, lock: bool = False) -> Attempt:
    rows = Attempt.objects.select_related("enrolment__course", "module")
    if lock:
        rows = rows.select_for_update()
    attempt = rows.filter(pk=attempt_id, enrolment__user_id=person(actor)).first()
    if attempt is None:
        raise NotFound(_("No such attempt."), code="training_attempt_not_found")
    return attempt


@dataclass
class ShownQuestion:
    question: Question
    choices: list[Choice]
    chosen: set[int]
    right: bool | None = None  # after submission


def shown(attempt: Attempt) -> list[ShownQuestion]:
    """The attempt's questions in the drawn order, their choices shuffled the same way each
    time the attempt is shown (seeded by the attempt and the question)."""
    by_id = Question.objects.prefetch_related("choices").in_bulk(attempt.question_ids)
    out = []
    for qid in attempt.question_ids:
        question = by_id.get(qid)
        if question is None:
            continue  # removed from the bank since
        choices = list(question.choices.all())
        random.Random(f"{attempt.pk}:{qid}").shuffle(choices)  # display order, not secret
        chosen = set(attempt.answers.get(str(qid), []))
        right = _right(question, chosen) if attempt.submitted_at else None
        out.append(ShownQuestion(question, choices, chosen, right))
    return out


def _right(question: Question, chosen: set[int]) -> bool:
    """Exactly the set of correct choices: a partly right answer is wrong."""
    correct = {c.pk for c in question.choices.all() if c.correct}
    return chosen == correct


def _answers(attempt: Attempt, given: Mapping[Any, Sequence[int]]) -> dict[str, list[int]]:
    by_id = Question.objects.prefetch_related("choices").in_bulk(attempt.question_ids)
    out: dict[str, list[int]] = {}
    for key, choice_ids in given.items():
        try:
            qid = int(key)
        except (TypeError, ValueError):
            qid = -1
        question = by_id.get(qid)
        if question is None:
            raise InvalidInput(
                _("An answer names a question not asked in this attempt."), code="training_answer_question"
            )
        valid = {c.pk for c in question.choices.all()}
        chosen = sorted(set(int(c) for c in choice_ids))
        if not set(chosen) <= valid:
            raise InvalidInput(
                _("An answer names a choice of another question."), code="training_answer_choice"
            )
        if not question.multiple and len(chosen) > 1:
            raise InvalidInput(
                _("Choose one answer to a single-choice question."), code="training_answer_single"
            )
        out[str(qid)] = chosen
    return out


@transaction.atomic
def submit_attempt(actor: Actor, attempt_id: int, answers: Mapping[Any, Sequence[int]]) -> Attempt:
    """Score the answers once: the percent of questions answered exactly right."""
    attempt = own_attempt(actor, attempt_id, lock=True)
    if attempt.submitted_at is not None:
        raise Conflict(_("This attempt has already been submitted."), code="training_attempt_submitted")
    enrolment = own_enrolment(actor, attempt.enrolment_id, lock=True)
    _active(enrolment)
    attempt.answers = _answers(attempt, answers)
    attempt.submitted_at = timezone.now()
    results = shown(attempt)
    right = sum(1 for r in results if r.right)
    attempt.score = round(100 * right / len(attempt.question_ids)) if attempt.question_ids else 0
    attempt.passed = attempt.score >= attempt.module.pass_mark
    attempt.save(update_fields=["answers", "submitted_at", "score", "passed"])
    _log(
        actor,
        audit.Action.UPDATE,
        "training_attempt",
        attempt.pk,
        score=attempt.score,
        passed=attempt.passed,
    )
    if attempt.passed:
        progress, _created = ModuleProgress.objects.get_or_create(enrolment=enrolment, module=attempt.module)
        progress.completed_at = attempt.submitted_at
        progress.save(update_fields=["completed_at"])
        _complete_if_done(actor, enrolment)
    return attempt


def attempts_left(enrolment: Enrolment, module: Module) -> int | None:
    """None: unlimited."""
    if not module.max_attempts:
        return None
    used = Attempt.objects.filter(enrolment=enrolment, module=module, submitted_at__isnull=False).count()
    return max(0, module.max_attempts - used)
