"""The demo's capacity building: a joint action plan of the secretariat with two partners,
whose indicators' figures come from activity seeded here the way the network records it.

- Two new border posts of the first demo bureau are connected; from then on they run checks
  (written to the query log as the screening service writes a check, at past times), so the
  share of posts connected and the checks per day rise after the connection.
- The bureau's officers check a little more after the equipment arrives.
- A document-examination workshop: hits on the bureau's records, raised by a neighbour's
  checks, are answered sooner after it than before.

Indicators name the metrics; their baseline and current figures are computed, never typed.
Running it twice changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from polnet.core.actor import Actor, Role
from polnet.network.actors import actor_for
from polnet.network.models import Bureau, Partner, PartnerKind, Unit, User
from polnet.network.services import create_unit, create_user
from polnet.records.models import Person
from polnet.screening.models import Hit, HitState
from polnet.screening.querylog import writer as query_log
from polnet.training.capacity import services
from polnet.training.capacity.models import Metric, Plan, PlanState

TITLE = "Joint action plan: border security and police data management 2026-2027"
PARTNERS = (
    ("OSCE Transnational Threats Department", PartnerKind.INTERNATIONAL_ORGANISATION),
    ("Regional police academy", PartnerKind.POLICE_ACADEMY),
)
NEW_POSTS = ("Northern border crossing", "Eastern border crossing")
PLAN_START, PLAN_END = date(2026, 1, 1), date(2027, 12, 31)
WINDOW = 60  # days of activity before and after each activity


def _author() -> Actor:
    """The secretariat's trainer who runs the plan (a demo account without a password)."""
    user = User.objects.filter(role=Role.TRAINER, bureau__isnull=True, partner__isnull=True).first()
    if user is None:
        user = User.objects.create_user("gs-trainer", password=None, role=Role.TRAINER)
    return actor_for(user, origin="cli")


def _dates(today: date) -> dict[str, tuple[date, date]]:
    """Activities that ended before today, inside the plan, leaving room for a baseline."""
    end = max(min(today - timedelta(days=WINDOW + 1), PLAN_END), PLAN_START + timedelta(days=20))
    return {
        "connection": (end - timedelta(days=14), end),
        "workshop": (end - timedelta(days=2), end),
        "equipment": (end - timedelta(days=20), end - timedelta(days=10)),
    }


def _posts(bureau: Bureau, admin: Actor) -> list[Unit]:
    posts = []
    for name in NEW_POSTS:
        unit = Unit.objects.filter(bureau=bureau, name=name).first() or create_unit(
            admin,
            bureau,
            name=name,
            kind="border_crossing",
            databases=["person", "document", "vehicle"],
            result_level="full",
            may_write=False,
        )
        posts.append(unit)
    return posts


def _officer(admin: Actor, unit: Unit) -> Actor:
    username = f"{unit.bureau.country_id.lower()}-post-{unit.pk}"
    user = User.objects.filter(username=username).first() or create_user(
        admin, username=username, password=None, role=Role.UNIT_OFFICER, unit=unit
    )
    return actor_for(user, origin="cli")


def _checks(actor: Actor, first: date, last: date, per_day: int) -> None:
    query = {"number": "", "kind": "passport"}
    result = {"hit": False, "records": [], "hits": [], "disclosed": True}
    day = first
    while day <= last:
        for n in range(per_day):
            at = datetime.combine(day, time(8 + n % 10, 7 * n % 60), UTC)
            query_log.add(actor, "document", query, result, at=at, purpose="border_control")
        day += timedelta(days=1)


def _answered_hits(bureau: Bureau, screener: User, first: date, last: date, hours: int) -> None:
    """Hits on the bureau's persons, raised by a neighbour's checks, answered after ``hours``."""
    persons = list(Person.objects.filter(owner_country=bureau.country_id).values_list("pk", flat=True)[:5])
    day, n = first, 0
    while day <= last and persons:
        at = datetime.combine(day, time(10), UTC)
        Hit.objects.create(
            kind="person",
            record_id=persons[n % len(persons)],
            owner_country_id=bureau.country_id,
            score=0.95,
            screened_by=screener,
            screening_country_id=screener.bureau.country_id if screener.bureau else None,
            location="Demo border crossing",
            at=at,
            state=HitState.CONFIRMED,
            state_at=at + timedelta(hours=hours + n % 3),
            due_at=at + timedelta(hours=24),
        )
        day, n = day + timedelta(days=6), n + 1


def seed_capacity(today: date | None = None) -> None:
    if Plan.objects.filter(title=TITLE).exists():
        return
    # The first two bureaus with an administrator (the demo's sign-ins), by country code.
    with_admin = Bureau.objects.filter(users__role=Role.BUREAU_ADMIN, users__is_active=True)
    bureaus = list(with_admin.select_related("country").order_by("country_id").distinct()[:2])
    admins = {
        b.pk: User.objects.filter(bureau=b, role=Role.BUREAU_ADMIN, is_active=True).first() for b in bureaus
    }
    if len(bureaus) < 2 or not all(admins.values()):
        return  # no demo network to measure
    today = today or timezone.now().date()
    bureau, neighbour = bureaus
    admin = actor_for(admins[bureau.pk], origin="cli")  # type: ignore[arg-type]
    neighbour_officer = User.objects.filter(bureau=neighbour, is_active=True, is_machine=False).first()
    author = _author()
    dates = _dates(today)
    with transaction.atomic():
        partners = [Partner.objects.get_or_create(name=n, defaults={"kind": k})[0] for n, k in PARTNERS]
        posts = _posts(bureau, admin)
        plan = services.create_plan(
            author,
            title=TITLE,
            summary="Border posts connected to the network, document examination and police data "
            "management, with the partners' trainers.",
            partner_ids=[p.pk for p in partners],
            starts_on=PLAN_START,
            ends_on=PLAN_END,
            state=PlanState.ACTIVE,
        )
        common = {"bureau_ids": [bureau.pk], "done": True}
        connection = services.add_activity(
            author, plan.pk, title="Connection of two new border posts", kind="connection",
            area="border_security", unit_ids=[p.pk for p in posts], lead_partner_id=partners[0].pk,
            starts_on=dates["connection"][0], ends_on=dates["connection"][1], **common,
        )  # fmt: skip
        workshop = services.add_activity(
            author, plan.pk, title="Document-examination workshop", kind="workshop",
            area="police_data", lead_partner_id=partners[1].pk,
            starts_on=dates["workshop"][0], ends_on=dates["workshop"][1], **common,
        )  # fmt: skip
        equipment = services.add_activity(
            author, plan.pk, title="Document readers for the border posts", kind="equipment",
            area="border_security", unit_ids=[p.pk for p in posts],
            starts_on=dates["equipment"][0], ends_on=dates["equipment"][1], **common,
        )  # fmt: skip
        target = PLAN_END
        for metric, unit, goal, activity in (
            (Metric.POSTS_CONNECTED, None, "50", connection),
            (Metric.CHECKS_PER_DAY, None, "8", equipment),
            (Metric.CHECKS_PER_DAY, posts[0], "3", connection),
            (Metric.HOURS_TO_ANSWER, None, "12", workshop),
            (Metric.STAFF_CERTIFIED, None, "60", workshop),
        ):
            services.add_indicator(
                author, plan.pk, metric=metric, bureau_id=bureau.pk, unit_id=unit.pk if unit else None,
                target=goal, target_date=target, activity_id=activity.pk,
            )  # fmt: skip
    _activity(bureau, admin, posts, neighbour_officer, dates, today)


def _activity(
    bureau: Bureau,
    admin: Actor,
    posts: list[Unit],
    neighbour_officer: User | None,
    dates: dict[str, tuple[date, date]],
    today: date,
) -> None:
    """The checks and hits the indicators measure, before and after each activity."""
    officer_user = User.objects.filter(bureau=bureau, role=Role.BUREAU_OFFICER, is_active=True).first()
    officer = actor_for(officer_user, origin="cli") if officer_user else admin
    waited, query_log.wait = query_log.wait, False  # one write at the end, not one per row
    try:
        start, end = dates["equipment"]
        _checks(officer, start - timedelta(days=WINDOW), start - timedelta(days=1), 4)
        _checks(officer, end + timedelta(days=1), today - timedelta(days=1), 6)
        for post in posts:
            _checks(
                _officer(admin, post),
                dates["connection"][1] + timedelta(days=1),
                today - timedelta(days=1),
                4,
            )
    finally:
        query_log.flush()
        query_log.wait = waited
    if neighbour_officer is not None:
        start, end = dates["workshop"]
        _answered_hits(
            bureau, neighbour_officer, start - timedelta(days=WINDOW), start - timedelta(days=1), 30
        )
        _answered_hits(bureau, neighbour_officer, end + timedelta(days=1), today - timedelta(days=1), 6)
