"""What the learning API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from polnet.training.learning.models import Attempt, Enrolment
from polnet.training.learning.services import ShownQuestion


class TrainingEnrolIn(Schema):
    course_id: int


class TrainingEnrolmentOut(Schema):
    id: int
    course_id: int
    course_title: str
    state: str
    enrolled_at: datetime
    completed_at: datetime | None
    completed_modules: list[int]


class TrainingAttemptStartIn(Schema):
    module_id: int


class TrainingAttemptChoiceOut(Schema):
    id: int
    text: str
    chosen: bool
    correct: bool | None = Field(None, description="after submission only")
    explanation: str | None = Field(None, description="after submission only")


class TrainingAttemptQuestionOut(Schema):
    id: int
    text: str
    multiple: bool
    right: bool | None = Field(None, description="after submission only")
    choices: list[TrainingAttemptChoiceOut]


class TrainingAttemptOut(Schema):
    id: int
    module_id: int
    number: int
    submitted_at: datetime | None
    score: int | None
    passed: bool
    questions: list[TrainingAttemptQuestionOut]


class TrainingAttemptIn(Schema):
    answers: dict[int, list[int]] = Field(
        default_factory=dict, description="question id: the chosen choice ids", max_length=200
    )


def enrolment_out(enrolment: Enrolment, completed: set[int]) -> dict[str, Any]:
    return {
        "id": enrolment.pk,
        "course_id": enrolment.course_id,
        "course_title": enrolment.course.title,
        "state": enrolment.state,
        "enrolled_at": enrolment.enrolled_at,
        "completed_at": enrolment.completed_at,
        "completed_modules": sorted(completed),
    }


def _question(s: ShownQuestion, submitted: bool) -> dict[str, Any]:
    return {
        "id": s.question.pk,
        "text": s.question.text,
        "multiple": s.question.multiple,
        "right": s.right,
        "choices": [
            {
                "id": c.pk,
                "text": c.text,
                "chosen": c.pk in s.chosen,
                "correct": c.correct if submitted else None,
                "explanation": c.explanation if submitted else None,
            }
            for c in s.choices
        ],
    }


def attempt_out(attempt: Attempt, shown: list[ShownQuestion]) -> dict[str, Any]:
    submitted = attempt.submitted_at is not None
    return {
        "id": attempt.pk,
        "module_id": attempt.module_id,
        "number": attempt.number,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score,
        "passed": attempt.passed,
        "questions": [_question(s, submitted) for s in shown],
    }
