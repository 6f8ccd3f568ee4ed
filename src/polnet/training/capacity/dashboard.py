"""The performance figures of a bureau and of a post, computed from what polnet already
records: the query log, hits and their answers, notices' history, records' review dates,
units and certificates. Aggregates only: nothing here returns a record, a hit or a person.

A window is two dates, both included, in UTC. Each metric's exact definition is in
docs/training.md ("Capacity building and the performance dashboard").
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput, NotFound
from polnet.network.models import Bureau, Unit, User
from polnet.notices.models import NoticeEvent
from polnet.notices.states import Act, Channel, State
from polnet.records.models import RECORD_MODELS
from polnet.screening.models import Hit, HitState, QueryLog
from polnet.training import policy
from polnet.training.capacity import operation_figures
from polnet.training.capacity.models import Indicator, Metric
from polnet.training.certificates.models import Certificate

__all__ = [
    "LOWER_IS_BETTER",
    "BeforeAfter",
    "before_after",
    "bureau_dashboard",
    "compute",
    "operations_of",
    "post_dashboard",
]

LOWER_IS_BETTER = frozenset({Metric.HOURS_TO_ANSWER, Metric.NOTICES_REFUSED, Metric.RECORDS_PAST_REVIEW})
TREND_DAYS, TREND_POINTS = 30, 6  # the sparkline: six five-day windows ending with the window
MAX_DAYS = 3660
DEFAULT_DAYS = 90  # the page's and the API's window when none is chosen
WINDOW_MESSAGE = _("The window must end after it starts and span at most ten years.")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Scope:
    """Whose figures: a bureau, or one of its posts; the query log names them by affiliation."""

    bureau: Bureau
    unit: Unit | None
    unit_ids: tuple[int, ...]  # the bureau's units (a post: itself)
    active_unit_ids: frozenset[int]

    @property
    def affiliations(self) -> list[str]:
        own = [] if self.unit is not None else [f"bureau:{self.bureau.country_id}"]
        return own + [f"unit:{u}" for u in self.unit_ids]


def _scope(bureau: Bureau, unit: Unit | None) -> Scope:
    if unit is not None:
        if unit.bureau_id != bureau.pk:
            raise InvalidInput(
                _("The post must be a unit of the bureau."), code="unit_outside_bureau", field="unit"
            )
        return Scope(bureau, unit, (unit.pk,), frozenset({unit.pk} if unit.active else ()))
    rows = list(Unit.objects.filter(bureau=bureau).values_list("pk", "active"))
    return Scope(bureau, None, tuple(pk for pk, _active in rows), frozenset(pk for pk, a in rows if a))


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min, UTC), datetime.combine(end + timedelta(days=1), time.min, UTC)


def _dec(value: float | Decimal | int) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def _checks(s: Scope, start: date, end: date) -> int:
    lo, hi = _bounds(start, end)
    return QueryLog.objects.filter(at__gte=lo, at__lt=hi, affiliation__in=s.affiliations).count()


def _hits(s: Scope, start: date, end: date) -> Q:
    lo, hi = _bounds(start, end)
    where = Q(at__gte=lo, at__lt=hi)
    if s.unit is not None:
        return where & Q(unit=s.unit)
    return where & Q(screening_country_id=s.bureau.country_id)


def checks_per_day(s: Scope, start: date, end: date) -> Decimal | None:
    return _dec(Decimal(_checks(s, start, end)) / ((end - start).days + 1))


def posts_connected(s: Scope, start: date, end: date) -> Decimal | None:
    if not s.unit_ids:
        return None
    lo, hi = _bounds(start, end)
    posts = [f"unit:{u}" for u in s.active_unit_ids]
    seen = QueryLog.objects.filter(at__gte=lo, at__lt=hi, affiliation__in=posts)
    connected = seen.values("affiliation").distinct().count()
    return _dec(Decimal(100 * connected) / len(s.unit_ids))


def hit_rate(s: Scope, start: date, end: date) -> Decimal | None:
    checks = _checks(s, start, end)
    if not checks:
        return None
    return _dec(Decimal(1000 * Hit.objects.filter(_hits(s, start, end)).count()) / checks)


def hours_to_answer(s: Scope, start: date, end: date) -> Decimal | None:
    """Of a bureau: how fast it answers hits on its own records and notices; of a post: how
    fast the owners answer the hits its checks raise. Hits raised in the window."""
    lo, hi = _bounds(start, end)
    answered = Q(state__in=[HitState.CONFIRMED, HitState.NOT_SAME], state_at__isnull=False)
    mine = Q(unit=s.unit) if s.unit is not None else Q(owner_country_id=s.bureau.country_id)
    pairs = Hit.objects.filter(answered, mine, at__gte=lo, at__lt=hi).values_list("at", "state_at")
    hours = [(answer - raised).total_seconds() / 3600 for raised, answer in pairs if answer]
    return _dec(statistics.median(hours)) if hours else None


def _notice_events(s: Scope, start: date, end: date, which: Q) -> Decimal | None:
    if s.unit is not None:
        return None  # notices are requested by the bureau, not by its posts
    lo, hi = _bounds(start, end)
    events = NoticeEvent.objects.filter(
        which,
        at__gte=lo,
        at__lt=hi,
        notice__owner_country_id=s.bureau.country_id,
        notice__channel=Channel.NOTICE,
    )
    return _dec(events.aggregate(n=Count("notice", distinct=True))["n"])


def notices_requested(s: Scope, start: date, end: date) -> Decimal | None:
    return _notice_events(s, start, end, Q(act=Act.SUBMIT))


def notices_refused(s: Scope, start: date, end: date) -> Decimal | None:
    return _notice_events(s, start, end, Q(to_state=State.REFUSED))


def records_past_review(s: Scope, start: date, end: date) -> Decimal | None:
    """Records still held on the window's last day whose review date had passed by then."""
    owned = Q(created_by__unit=s.unit) if s.unit is not None else Q(owner_country_id=s.bureau.country_id)
    due = [
        m.objects.filter(owned, review_date__lt=end).order_by().values_list("pk")
        for m in RECORD_MODELS.values()
    ]
    return _dec(due[0].union(*due[1:], all=True).count())  # one query for the five databases


def staff_certified(s: Scope, start: date, end: date) -> Decimal | None:
    """Active people (no machine accounts) holding, on the window's last day, a certificate
    issued by then and neither revoked nor expired by then."""
    hi = _bounds(start, end)[1]
    staff = Q(unit=s.unit) if s.unit is not None else Q(bureau=s.bureau) | Q(unit__bureau=s.bureau)
    valid = Certificate.objects.filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gte=hi),
        Q(valid_until__isnull=True) | Q(valid_until__gte=end),
        user=OuterRef("pk"),
        issued_at__lt=hi,
    )
    people = User.objects.filter(staff, is_active=True, is_machine=False)
    counts = people.aggregate(all=Count("pk"), certified=Count("pk", filter=Q(Exists(valid))))
    if not counts["all"]:
        return None
    return _dec(Decimal(100 * counts["certified"]) / counts["all"])


METRICS: dict[str, Callable[[Scope, date, date], Decimal | None]] = {
    Metric.CHECKS_PER_DAY: checks_per_day,
    Metric.POSTS_CONNECTED: posts_connected,
    Metric.HIT_RATE: hit_rate,
    Metric.HOURS_TO_ANSWER: hours_to_answer,
    Metric.NOTICES_REQUESTED: notices_requested,
    Metric.NOTICES_REFUSED: notices_refused,
    Metric.RECORDS_PAST_REVIEW: records_past_review,
    Metric.STAFF_CERTIFIED: staff_certified,
}


def _check_window(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(WINDOW_MESSAGE, code="window_reversed", field="end")
    if (end - start).days > MAX_DAYS:
        raise InvalidInput(WINDOW_MESSAGE, code="window_too_long", field="start")


def compute(metric: str, bureau: Bureau, unit: Unit | None, start: date, end: date) -> Decimal | None:
    """One metric of a bureau (``unit`` None) or of one of its posts, over [start, end]."""
    _check_window(start, end)
    return METRICS[Metric(metric)](_scope(bureau, unit), start, end)


@dataclass(frozen=True)
class Figure:
    metric: Metric
    value: Decimal | None
    trend: list[Decimal | None]  # TREND_POINTS values, oldest first
    lower_is_better: bool


def _figures(s: Scope, start: date, end: date) -> list[Figure]:
    step = TREND_DAYS // TREND_POINTS
    buckets = [
        (end - timedelta(days=step * (i + 1) - 1), end - timedelta(days=step * i))
        for i in range(TREND_POINTS)
    ]
    buckets.reverse()
    out = []
    for metric, fn in METRICS.items():
        trend = [fn(s, a, b) for a, b in buckets]
        out.append(Figure(Metric(metric), fn(s, start, end), trend, metric in LOWER_IS_BETTER))
    return out


def bureau_dashboard(bureau: Bureau, start: date, end: date) -> list[Figure]:
    _check_window(start, end)
    return _figures(_scope(bureau, None), start, end)


def post_dashboard(unit: Unit, start: date, end: date) -> list[Figure]:
    _check_window(start, end)
    return _figures(_scope(unit.bureau, unit), start, end)


EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
MAX_WINDOW_DAYS = 3660  # ten years


def window(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    """The window a dashboard reads: the last DEFAULT_DAYS days to ``end`` (today) unless
    chosen; dates outside 2000-2100, a start after the end or more than ten years are refused."""
    end = end or today
    if not EARLIEST <= end <= LATEST:
        raise InvalidInput(
            _("Choose an end date between %(first)s and %(last)s."),
            code="dashboard_window_dates",
            field="end",
            first=EARLIEST.isoformat(),
            last=LATEST.isoformat(),
        )
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if not EARLIEST <= start <= end:
        raise InvalidInput(
            _("The window starts on or before its end, and not before %(first)s."),
            code="dashboard_window_order",
            field="start",
            first=EARLIEST.isoformat(),
        )
    if (end - start).days >= MAX_WINDOW_DAYS:
        raise InvalidInput(
            _("Choose a window of at most ten years."), code="dashboard_window_too_long", field="start"
        )
    return start, end


def dashboard_for(
    actor: Actor, bureau_id: int, unit_id: int | None, start: date, end: date
) -> tuple[Bureau, Unit | None, list[Figure]]:
    """The figures the actor may read; a bureau they may not read answers NotFound."""
    bureau = Bureau.objects.select_related("country").filter(pk=bureau_id).first()
    if bureau is None or not policy.reads_dashboard(actor, bureau.pk):
        raise NotFound(_("No such bureau."), code="bureau_not_found")
    if unit_id is None:
        return bureau, None, bureau_dashboard(bureau, start, end)
    unit = Unit.objects.filter(pk=unit_id, bureau=bureau).select_related("bureau").first()
    if unit is None:
        raise NotFound(_("No such post."), code="post_not_found")
    return bureau, unit, post_dashboard(unit, start, end)


def operations_of(
    bureau: Bureau, unit: Unit | None, start: date, end: date
) -> operation_figures.OperationFigures | None:
    """The bureau's country's figures from joint operations (`capacity/operation_figures.py`), for a
    reader `dashboard_for` admitted. Operations count countries, so a post has none."""
    if unit is not None:
        return None
    return operation_figures.figures(bureau.country_id, start, end)


@dataclass(frozen=True)
class BeforeAfter:
    """An indicator's figures: the window before its activity starts and the one after it ends."""

    before: Decimal | None
    after: Decimal | None
    before_window: tuple[date, date] | None
    after_window: tuple[date, date] | None
    change: Decimal | None
    met: bool | None  # None: no figure yet


def before_after(indicator: Indicator, today: date | None = None) -> BeforeAfter:
    """The after window runs from the day after the activity (or the plan, without one) ends
    to today; the before window has the same length and ends the day before it started."""
    today = today or timezone.now().date()
    span = indicator.activity or indicator.plan
    days = (today - span.ends_on).days
    if days < 1:
        return BeforeAfter(None, None, None, None, None, None)
    days = min(days, MAX_DAYS)
    after_w = (span.ends_on + timedelta(days=1), span.ends_on + timedelta(days=days))
    before_w = (span.starts_on - timedelta(days=days), span.starts_on - timedelta(days=1))
    s = _scope(indicator.bureau, indicator.unit)
    fn = METRICS[Metric(indicator.metric)]
    before, after = fn(s, *before_w), fn(s, *after_w)
    change = after - before if after is not None and before is not None else None
    met = None
    if after is not None:
        met = after <= indicator.target if indicator.metric in LOWER_IS_BETTER else after >= indicator.target
    return BeforeAfter(before, after, before_w, after_w, change, met)
