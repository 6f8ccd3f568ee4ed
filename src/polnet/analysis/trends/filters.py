"""The filters every trend takes, checked once: a date range, a country, a post, a kind and a
crime area. Bad input is refused with a stable code, never half applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.analysis.models import CrimeArea
from polnet.core.countries import to_alpha2
from polnet.core.errors import InvalidInput
from polnet.core.kinds import SCREENED_KINDS

# The kinds of a check and of a hit: the screened databases, and notices (hits only).
KINDS: tuple[str, ...] = (*SCREENED_KINDS, "notice")
MAX_DAYS = 5 * 366
DEFAULT_DAYS = 182


@dataclass(frozen=True)
class Filters:
    since: date
    until: date
    country: str = ""  # where a check or hit was made; a notice's owner
    post: int | None = None  # a screening unit's id
    kind: str = ""  # of checks and hits
    crime_area: str = ""  # hits and notices named in the reader's projects of that area

    def as_dict(self) -> dict[str, object]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "country": self.country,
            "post": self.post,
            "kind": self.kind,
            "crime_area": self.crime_area,
        }


def _day(value: str | date | None, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("Give a date as YYYY-MM-DD."), code="trends_date_invalid", field=field) from None


def make_filters(
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    country: str = "",
    post: str | int | None = None,
    kind: str = "",
    crime_area: str = "",
) -> Filters:
    today = timezone.now().date()
    end = _day(until, "until") or today
    start = _day(since, "since") or end - timedelta(days=DEFAULT_DAYS)
    if start > end:
        raise InvalidInput(
            _("The start of the period comes after its end."), code="trends_period_reversed", field="since"
        )
    if (end - start).days > MAX_DAYS:
        raise InvalidInput(
            _("Choose a period of at most five years."), code="trends_period_too_long", field="since"
        )
    code = ""
    if country:
        code = to_alpha2(country) or ""
        if not code:
            raise InvalidInput(_("Not a country code."), code="trends_country_unknown", field="country")
    unit: int | None = None
    if post not in (None, ""):
        if isinstance(post, int) or str(post).isdigit():
            unit = int(post)
        if unit is None or not 0 < unit < 2**62:
            raise InvalidInput(_("A post is named by its number."), code="trends_post_invalid", field="post")
    if kind and kind not in KINDS:
        raise InvalidInput(_("Choose one of the listed kinds."), code="trends_kind_unknown", field="kind")
    if crime_area and crime_area not in CrimeArea.values:
        raise InvalidInput(
            _("Choose one of the crime areas."), code="trends_crime_area_unknown", field="crime_area"
        )
    return Filters(start, end, code, unit, kind, crime_area)
