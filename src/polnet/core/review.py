"""The review date every record and notice carries: the day its owner must justify keeping it
again. Never in the past, at most five years ahead (the data rules' retention limit), and
five years ahead when none is given. One rule for the records and the notices."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core.errors import InvalidInput

MAX_REVIEW_YEARS = 5
_TODAY: ContextVar[date | None] = ContextVar("review_today", default=None)


@contextmanager
def one_day() -> Iterator[None]:
    """Check many rows against the same today: reading the current time zone costs more than
    the check itself, a batch's main cost once its rows are validated."""
    token = _TODAY.set(timezone.localdate())
    try:
        yield
    finally:
        _TODAY.reset(token)


def latest_review_date(today: date | None = None) -> date:
    today = today or _TODAY.get() or timezone.localdate()
    try:
        return today.replace(year=today.year + MAX_REVIEW_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_REVIEW_YEARS, day=28)


def check_review_date(value: date) -> None:
    """Refuse a review date in the past or more than five years ahead."""
    today = _TODAY.get() or timezone.localdate()
    if value < today:
        raise InvalidInput(_("The review date is in the past."), code="review_date_past", field="review_date")
    if value > latest_review_date(today):
        raise InvalidInput(
            _("The review date must be at most five years ahead (%(date)s)."),
            code="review_date_too_far",
            field="review_date",
            date=latest_review_date(today),
        )
