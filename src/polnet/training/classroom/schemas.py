"""What the sessions API takes and gives."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from polnet.training.classroom.models import ClassSession, Registration


class TrainingSessionIn(Schema):
    course_id: int
    place: str = Field(max_length=200)
    city: str = Field(max_length=100)
    country: str = Field(min_length=2, max_length=2)
    starts_on: date
    ends_on: date
    trainers: str = Field(max_length=500)
    seats: int = Field(ge=1, le=1000)
    registration_closes: date


class TrainingSessionOut(Schema):
    id: int
    course_id: int
    course_title: str
    place: str
    city: str
    country: str
    starts_on: date
    ends_on: date
    trainers: str
    seats: int
    registration_closes: date
    state: str


class TrainingRegistrationIn(Schema):
    user_id: int


class TrainingRegistrationOut(Schema):
    id: int
    session_id: int
    user_id: int
    state: str
    attended: bool | None
    registered_at: datetime


class TrainingAttendanceIn(Schema):
    attended: dict[int, bool] = Field(description="registration id -> attended")


def session_out(s: ClassSession) -> dict[str, Any]:
    return {
        "id": s.pk,
        "course_id": s.course_id,
        "course_title": s.course.title,
        "place": s.place,
        "city": s.city,
        "country": s.country_id,
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "trainers": s.trainers,
        "seats": s.seats,
        "registration_closes": s.registration_closes,
        "state": s.state,
    }


def registration_out(r: Registration) -> dict[str, Any]:
    return {
        "id": r.pk,
        "session_id": r.session_id,
        "user_id": r.user_id,
        "state": r.state,
        "attended": r.attended,
        "registered_at": r.registered_at,
    }
