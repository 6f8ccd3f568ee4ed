"""Quizzes and completion: questions drawn from the bank, exact scoring, the attempt limit,
one submission per attempt, and the certificate at the end of the course."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from polnet.core.errors import Conflict, InvalidInput, NotFound
from polnet.training.catalogue import services as catalogue
from polnet.training.catalogue.models import Course, ModuleKind
from polnet.training.catalogue.services import ChoiceIn
from polnet.training.certificates.models import Certificate, CertificateSource
from polnet.training.learning import services as learning
from polnet.training.learning.models import Attempt, EnrolmentState
from tests.factories import Network
from tests.training.learning_helpers import make_course
from tests.training.learning_helpers import secretariat_trainer as trainer

pytestmark = pytest.mark.django_db


def _quiz(course: Course):  # type: ignore[no-untyped-def]
    return course.modules.get(kind=ModuleKind.QUIZ)


def _right_answers(attempt: Attempt) -> dict[int, list[int]]:
    return {s.question.pk: [c.pk for c in s.choices if c.correct] for s in learning.shown(attempt)}


def test_the_draw_stays_in_the_bank_and_differs_across_attempts(net: Network) -> None:
    course = make_course(trainer(), questions=12, per_attempt=8, max_attempts=0, pass_mark=100)
    officer = net.actor("FR-officer")
    enrolment = learning.enrol(officer, course.pk)
    quiz = _quiz(course)
    bank = set(quiz.questions.values_list("pk", flat=True))
    rng = random.Random(20261205)
    draws = []
    for _ in range(4):
        attempt = learning.start_attempt(officer, enrolment.pk, quiz.pk, rng=rng)
        assert len(attempt.question_ids) == 8 and len(set(attempt.question_ids)) == 8
        assert set(attempt.question_ids) <= bank
        draws.append(tuple(attempt.question_ids))
        learning.submit_attempt(officer, attempt.pk, {})  # all wrong: 0 %
    assert len(set(draws)) > 1  # the same seeded source gives different draws each time


def test_reloading_an_open_attempt_does_not_use_another(net: Network) -> None:
    course = make_course(trainer(), questions=3, per_attempt=2)
    officer = net.actor("FR-officer")
    enrolment = learning.enrol(officer, course.pk)
    first = learning.start_attempt(officer, enrolment.pk, _quiz(course).pk)
    again = learning.start_attempt(officer, enrolment.pk, _quiz(course).pk)
    assert first.pk == again.pk
    assert [[c.pk for c in s.choices] for s in learning.shown(first)] == [
        [c.pk for c in s.choices] for s in learning.shown(again)
    ]


def test_scoring_single_choice(net: Network) -> None:
    course = make_course(trainer(), questions=4, per_attempt=4, pass_mark=75)
    officer = net.actor("FR-officer")
    enrolment = learning.enrol(officer, course.pk)
    attempt = learning.start_attempt(officer, enrolment.pk, _quiz(course).pk)
    answers = _right_answers(attempt)
    wrong_q = attempt.question_ids[0]
    answers[wrong_q] = [c.pk for c in _quiz(course).questions.get(pk=wrong_q).choices.filter(correct=False)]
    done = learning.submit_attempt(officer, attempt.pk, answers)
    assert done.score == 75 and done.passed
    results = {s.question.pk: s.right for s in learning.shown(done)}
    assert results[wrong_q] is False and sum(bool(r) for r in results.values()) == 3


def _multiple_course(author) -> Course:  # type: ignore[no-untyped-def]
    course = catalogue.create_course(author, title="Document security")
    quiz = catalogue.add_module(
        author, course.pk, title="Quiz", kind=ModuleKind.QUIZ, questions_per_attempt=1, pass_mark=100
    )
    catalogue.add_question(
        author,
        quiz.pk,
        text="Which are security features of a passport's data page?",
        multiple=True,
        choices=[
            ChoiceIn("Intaglio printing", True, "Raised ink you can feel."),
            ChoiceIn("Optically variable ink", True, "It changes colour when tilted."),
            ChoiceIn("Plain photocopy paper", False, "Security paper has no optical brighteners."),
        ],
    )
    catalogue.publish(author, course.pk)
    return course


@pytest.mark.parametrize(
    ("chosen", "score"),
    [
        ({"Intaglio printing", "Optically variable ink"}, 100),
        ({"Intaglio printing"}, 0),  # partly right is wrong
        ({"Intaglio printing", "Optically variable ink", "Plain photocopy paper"}, 0),
        (set(), 0),
    ],
)
def test_scoring_multiple_choice_needs_exactly_the_correct_set(
    net: Network, chosen: set[str], score: int
) -> None:
    course = _multiple_course(trainer())
    officer = net.actor("FR-officer")
    enrolment = learning.enrol(officer, course.pk)
    attempt = learning.start_attempt(officer, enrolment.pk, _quiz(course).pk)
    question = _quiz(course).questions.get()
    ids = [c.pk for c in question.choices.all() if c.text in chosen]
    done = learning.submit_attempt(officer, attempt.pk, {question.pk: ids})
    assert done.score == score and done.passed is (score == 100)
    shown = learning.shown(done)[0]
    assert {c.explanation for c in shown.choices} >= {"Raised ink you can feel."}


def test_a_single_choice_answer_with_two_choices_is_refused(net: Network) -> None:
    course = make_course(trainer(), questions=1, per_attempt=1)
    officer = net.actor("FR-officer")
    enrolment = learning.enrol(officer, course.pk)
    attempt = learning.start_attempt(officer, enrolment.pk, _quiz(course).pk)
    question = _quiz(course).questions.get()
    with pytest.raises(InvalidInput):
        learning.submit_attempt(
            officer, attempt.pk, {question.pk: list(question.choices.values_list("pk", flat=True))}
        )
    other = make_course(trainer("other-trainer"), "Other", questions=1)
    foreign_choice = _quiz(other).questions.get().choices.first()
    assert foreign_choice is not None
    with pytest.raises(InvalidInput):
        learning.submit_attempt(officer, attempt.pk, {question.pk: [foreign_choice.pk]})
    attempt.refresh_from_db()
    assert attempt.submitted_at is None  # nothing was written


def test_a_resubmission_is_refused(net: Network) -> None:
    course = make_course(trainer(), questions=2, per_attempt=2, pass_mark=100)
    officer = net.actor("FR-officer")
    enrolment = learning.enrol(officer, course.pk)
    attempt = learning.start_attempt(officer, enrolment.pk, _quiz(course).pk)
    learning.submit_attempt(officer, attempt.pk, {})
    with pytest.raises(Conflict) as exc:
        learning.submit_attempt(officer, attempt.pk, _right_answers(attempt))
    assert exc.value.code == "training_attempt_submitted"
    attempt.refresh_from_db()
    assert attempt.score == 0 and not attempt.passed


def test_the_attempt_limit_is_enforced(net: Network) -> None:
    course = make_course(trainer(), questions=2, per_attempt=2, pass_mark=100, max_attempts=2)
    officer = net.actor("FR-officer")
    enrolment = learning.enrol(officer, course.pk)
    quiz = _quiz(course)
    for _ in range(2):
        learning.submit_attempt(officer, learning.start_attempt(officer, enrolment.pk, quiz.pk).pk, {})
    assert learning.attempts_left(enrolment, quiz) == 0
    with pytest.raises(Conflict) as exc:
        learning.start_attempt(officer, enrolment.pk, quiz.pk)
    assert exc.value.code == "training_attempts_used"


def test_someone_elses_attempt_is_not_found(net: Network) -> None:
    course = make_course(trainer(), questions=1)
    officer = net.actor("FR-officer")
    attempt = learning.start_attempt(officer, learning.enrol(officer, course.pk).pk, _quiz(course).pk)
    with pytest.raises(NotFound):
        learning.submit_attempt(net.actor("DE-officer"), attempt.pk, {})


def test_completing_every_module_issues_a_certificate_of_the_family(net: Network) -> None:
    author = trainer()
    course = make_course(author, lessons=2, questions=4, per_attempt=4, pass_mark=75, certificate_months=24)
    french = catalogue.translate(author, course.pk, language="fr")
    catalogue.publish(author, french.pk)
    officer = net.actor("FR-officer")
    enrolment = learning.enrol(officer, french.pk)
    lessons = list(french.modules.filter(kind=ModuleKind.LESSON))
    learning.complete_lesson(officer, enrolment.pk, lessons[0].pk)
    quiz = _quiz(french)
    attempt = learning.start_attempt(officer, enrolment.pk, quiz.pk)
    learning.submit_attempt(officer, attempt.pk, _right_answers(attempt))
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.ACTIVE  # a lesson is still open
    assert not Certificate.objects.exists()
    learning.complete_lesson(officer, enrolment.pk, lessons[1].pk)
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.COMPLETED
    cert = Certificate.objects.get()
    assert cert.course_id == course.pk and cert.taken_course_id == french.pk
    assert cert.source == CertificateSource.ONLINE and cert.score == 100 and cert.enrolment_id == enrolment.pk
    assert cert.valid_until == timezone.localdate(cert.issued_at) + relativedelta(months=24)
    # Certified: no new enrolment until the renewal window opens.
    with pytest.raises(Conflict):
        learning.enrol(officer, course.pk)
    Certificate.objects.filter(pk=cert.pk).update(valid_until=timezone.localdate() + timedelta(days=30))
    renewal = learning.enrol(officer, course.pk)
    assert renewal.pk != enrolment.pk and renewal.state == EnrolmentState.ACTIVE


def test_a_course_without_certificate_completes_without_one(net: Network) -> None:
    course = make_course(trainer(), lessons=1, certificate_months=0)
    officer = net.actor("FR-officer")
    enrolment = learning.enrol(officer, course.pk)
    learning.complete_lesson(officer, enrolment.pk, course.modules.get().pk)
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.COMPLETED and not Certificate.objects.exists()


def test_enrolment_by_staff_managers(net: Network) -> None:
    course = make_course(trainer(), lessons=1)
    fr_admin = net.actor("FR-admin")
    mine = [net.users["FR-officer"].pk, net.users["FR-unit-full"].pk]
    enrolments = learning.enrol_staff(fr_admin, course.pk, mine)
    assert {e.user_id for e in enrolments} == set(mine)
    assert all(e.enrolled_by_id == net.users["FR-admin"].pk for e in enrolments)
    with pytest.raises(NotFound):  # another bureau's officer is not among the staff
        learning.enrol_staff(fr_admin, course.pk, [net.users["FR-analyst"].pk, net.users["DE-officer"].pk])
    assert not learning.my_enrolments(net.actor("FR-analyst")).exists()  # all or none
    from polnet.core.errors import Forbidden

    with pytest.raises(Forbidden):
        learning.enrol_staff(net.actor("FR-officer"), course.pk, [net.users["FR-analyst"].pk])


def test_a_draft_cannot_be_taken(net: Network) -> None:
    course = make_course(trainer(), publish=False)
    with pytest.raises(NotFound):
        learning.enrol(net.actor("FR-officer"), course.pk)
