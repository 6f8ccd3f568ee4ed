"""The processing log's filters, checked once for the page, the API and the command line."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from polnet.core.errors import InvalidInput

_OBJECT_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class LogFilters:
    user: str = ""
    unit: int | None = None
    purpose: str = ""
    kind: str = ""
    record_id: int | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive

    def as_dict(self) -> dict[str, Any]:
        """The filters that are set, as the extract's header names them."""
        out = {}
        for name, value in asdict(self).items():
            if value in ("", None):
                continue
            out[name] = value.isoformat() if isinstance(value, datetime) else value
        return out


def _moment(value: str, name: str, *, end: bool) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    day: date | None = None
    moment: datetime | None = None
    try:
        # A bare date first: Python reads "2026-11-03" as a time too (midnight).
        day = parse_date(value)
        if day is None:
            moment = parse_datetime(value)
    except ValueError:
        pass
    if moment is None and day is None:
        raise InvalidInput(
            _("Give a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)."), code="bad_date", field=name
        )
    if moment is None:
        assert day is not None
        # A day "until" includes the whole day.
        moment = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


def _number(value: Any, name: str) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not text.isdigit() or len(text) > 18:
        raise InvalidInput(_("Give a whole number."), code="bad_number", field=name)
    return int(text)


def make_filters(
    *,
    user: str = "",
    unit: Any = None,
    purpose: str = "",
    kind: str = "",
    record_id: Any = None,
    since: str = "",
    until: str = "",
) -> LogFilters:
    kind = kind.strip()
    if kind and not _OBJECT_TYPE.match(kind):
        raise InvalidInput(_("This is not a kind of record or object."), code="bad_kind", field="kind")
    rid = _number(record_id, "record_id")
    if rid is not None and not kind:
        raise InvalidInput(_("Say which kind of record the id is of."), code="kind_missing", field="kind")
    start, end = _moment(since, "since", end=False), _moment(until, "until", end=True)
    if start and end and start >= end:
        raise InvalidInput(_("The start must come before the end."), code="bad_period", field="since")
    return LogFilters(
        user=user.strip()[:150],
        unit=_number(unit, "unit"),
        purpose=purpose.strip()[:64],
        kind=kind,
        record_id=rid,
        since=start,
        until=end,
    )


def page_number(value: Any, *, per_page: int) -> int:
    page = _number(value, "page") or 1
    if page < 1 or page * per_page > 10_000:
        raise InvalidInput(_("There is no such page."), code="bad_page", field="page")
    return page
