"""The performance dashboard: each metric's exact value from activity built in the tables
polnet records, before/after windows, a bounded number of queries, and who may read it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from polnet.core.actor import Role
from polnet.core.errors import NotFound
from polnet.network.models import Partner, User
from polnet.network.services import create_user
from polnet.notices.models import Notice, NoticeEvent
from polnet.screening.models import Hit, QueryLog
from polnet.training import policy
from polnet.training.capacity import dashboard, services
from polnet.training.capacity.models import Metric
from polnet.training.catalogue.models import Course
from polnet.training.certificates.models import Certificate
from tests.browser import NARROW
from tests.factories import PASSWORD, Network, make_record

START, END = date(2026, 3, 1), date(2026, 3, 10)  # ten days


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def check(affiliation: str, day: date, n: int = 1) -> None:
    QueryLog.objects.bulk_create(
        QueryLog(at=at(day), actor_name="x", affiliation=affiliation, kind="document") for _ in range(n)
    )


def hit(net: Network, *, unit: str | None, owner: str, day: date, answer_hours: float | None = None) -> Hit:
    screener = net.users["FR-officer"]
    raised = at(day)
    return Hit.objects.create(
        kind="document",
        record_id=1,
        owner_country_id=owner,
        score=1.0,
        screened_by=screener,
        unit=net.units[unit] if unit else None,
        screening_country_id="FR",
        at=raised,
        state="confirmed" if answer_hours is not None else "reported",
        state_at=raised + timedelta(hours=answer_hours) if answer_hours is not None else None,
    )


def notice(net: Network, owner: str, events: list[tuple[str, str, date]], channel: str = "notice") -> None:
    n = Notice.objects.create(
        owner_country_id=owner,
        created_by=net.users[f"{owner}-officer"],
        review_date=date(2030, 1, 1),
        kind="red",
        channel=channel,
    )
    for act, to_state, day in events:
        NoticeEvent.objects.create(
            notice=n, act=act, to_state=to_state, at=at(day), actor_name="x", affiliation="x"
        )


def certify(
    user: User, course: Course, *, issued: date, valid_until: date | None = None, revoked: date | None = None
) -> None:
    Certificate.objects.create(
        code=f"C{user.pk}-{issued.isoformat()}",
        user=user,
        course=course,
        taken_course=course,
        source="online",
        holder_name=user.username,
        course_title=course.title,
        issued_at=at(issued),
        valid_until=valid_until,
        revoked_at=at(revoked) if revoked else None,
    )


@pytest.fixture
def activity(net: Network) -> Network:
    fr = net.bureaus["FR"]
    units = net.units
    # Checks: 20 at the bureau, 30 at "full", 10 at "hitonly"; none at "docsonly" or "writer".
    check("bureau:FR", date(2026, 3, 2), 20)
    check(f"unit:{units['FR-full'].pk}", date(2026, 3, 3), 30)
    check(f"unit:{units['FR-hitonly'].pk}", date(2026, 3, 9), 10)
    check(f"unit:{units['FR-writer'].pk}", date(2026, 2, 20), 5)  # before the window
    check(f"unit:{units['DE-full'].pk}", date(2026, 3, 3), 99)  # another bureau
    # Hits raised by France's checks: three, answered by their owners in 2, 4 and 10 hours.
    hit(net, unit="FR-full", owner="DE", day=date(2026, 3, 3), answer_hours=2)
    hit(net, unit="FR-full", owner="IT", day=date(2026, 3, 4), answer_hours=4)
    hit(net, unit=None, owner="DE", day=date(2026, 3, 5), answer_hours=10)
    # Hits on France's own records, raised elsewhere: answered in 1 and 3 hours, one waiting.
    for hours in (1, 3, None):
        h = hit(net, unit=None, owner="FR", day=date(2026, 3, 6), answer_hours=hours)
        Hit.objects.filter(pk=h.pk).update(screening_country_id="DE")
    # Notices: three requested in the window (one twice), one refused, one diffusion.
    notice(net, "FR", [("submit", "requested", date(2026, 3, 2)), ("refuse", "refused", date(2026, 3, 8))])
    notice(net, "FR", [("submit", "requested", date(2026, 3, 3)), ("submit", "requested", date(2026, 3, 7))])
    notice(net, "FR", [("submit", "requested", date(2026, 3, 10))])
    notice(net, "FR", [("submit", "requested", date(2026, 2, 10))])  # before the window
    notice(net, "FR", [("send", "circulated", date(2026, 3, 4))], channel="diffusion")
    notice(net, "DE", [("submit", "requested", date(2026, 3, 4))])
    # Records: two of France's past their review date on 10 March, one still in time.
    owner = net.actor("FR-officer")
    past = [make_record(owner, "document") for _ in range(2)] + [make_record(owner, "vehicle")]
    for r, review in zip(past, (date(2026, 3, 1), date(2026, 3, 9), date(2026, 3, 10)), strict=True):
        type(r).objects.filter(pk=r.pk).update(review_date=review)
    # Certificates: France has 4 bureau people and 4 unit officers (8 active, no machine).
    course = Course.objects.create(code="c1", title="Border checks", created_by=net.users["FR-admin"])
    certify(net.users["FR-officer"], course, issued=date(2026, 1, 1))
    certify(net.users["FR-unit-full"], course, issued=date(2026, 2, 1), valid_until=date(2026, 12, 31))
    certify(net.users["FR-analyst"], course, issued=date(2025, 1, 1), valid_until=date(2026, 3, 5))  # expired
    certify(net.users["FR-dpo"], course, issued=date(2026, 1, 1), revoked=date(2026, 3, 4))  # revoked
    certify(net.users["FR-admin"], course, issued=date(2026, 3, 20))  # after the window
    create_user(
        net.actor("FR-admin"),
        username="fr-gate",
        password=None,
        role=Role.BUREAU_OFFICER,
        bureau=fr,
        is_machine=True,
    )
    return net


def value(net: Network, metric: Metric, unit: str | None = None) -> Decimal | None:
    return dashboard.compute(metric, net.bureaus["FR"], net.units[unit] if unit else None, START, END)


@pytest.mark.django_db
def test_each_metric_of_a_bureau_has_its_exact_value(activity: Network) -> None:
    assert value(activity, Metric.CHECKS_PER_DAY) == Decimal("6.00")  # 60 checks / 10 days
    assert value(activity, Metric.POSTS_CONNECTED) == Decimal("50.00")  # 2 of 4 units
    assert value(activity, Metric.HIT_RATE) == Decimal("50.00")  # 3 hits per 60 checks
    assert value(activity, Metric.HOURS_TO_ANSWER) == Decimal("2.00")  # median of 1 and 3
    assert value(activity, Metric.NOTICES_REQUESTED) == Decimal("3.00")
    assert value(activity, Metric.NOTICES_REFUSED) == Decimal("1.00")
    assert value(activity, Metric.RECORDS_PAST_REVIEW) == Decimal("2.00")
    assert value(activity, Metric.STAFF_CERTIFIED) == Decimal("25.00")  # 2 of 8


@pytest.mark.django_db
def test_each_metric_of_a_post_has_its_exact_value(activity: Network) -> None:
    assert value(activity, Metric.CHECKS_PER_DAY, "FR-full") == Decimal("3.00")
    assert value(activity, Metric.POSTS_CONNECTED, "FR-full") == Decimal("100.00")
    assert value(activity, Metric.POSTS_CONNECTED, "FR-writer") == Decimal("0.00")
    assert value(activity, Metric.HIT_RATE, "FR-full") == Decimal("66.67")  # 2 per 30
    assert value(activity, Metric.HIT_RATE, "FR-docsonly") is None  # no checks
    assert value(activity, Metric.HOURS_TO_ANSWER, "FR-full") == Decimal("3.00")  # median of 2 and 4
    assert value(activity, Metric.NOTICES_REQUESTED, "FR-full") is None
    assert value(activity, Metric.STAFF_CERTIFIED, "FR-full") == Decimal("100.00")
    assert value(activity, Metric.STAFF_CERTIFIED, "FR-hitonly") == Decimal("0.00")


@pytest.mark.django_db
def test_a_post_of_another_bureau_is_refused(activity: Network) -> None:
    from polnet.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        dashboard.compute(
            Metric.CHECKS_PER_DAY, activity.bureaus["FR"], activity.units["DE-full"], START, END
        )
    with pytest.raises(InvalidInput):
        dashboard.compute(Metric.CHECKS_PER_DAY, activity.bureaus["FR"], None, END, START)


@pytest.mark.django_db
def test_the_bureau_dashboard_uses_a_bounded_number_of_queries(activity: Network) -> None:
    with CaptureQueriesContext(connection) as small:
        figures = dashboard.bureau_dashboard(activity.bureaus["FR"], START, END)
    check(f"unit:{activity.units['FR-docsonly'].pk}", date(2026, 3, 5), 50)
    for _ in range(20):
        hit(activity, unit="FR-docsonly", owner="DE", day=date(2026, 3, 5), answer_hours=1)
        make_record(activity.actor("FR-officer"), "document")
    with CaptureQueriesContext(connection) as large:
        dashboard.bureau_dashboard(activity.bureaus["FR"], START, END)
    assert len(large.captured_queries) == len(small.captured_queries)
    per_window = 9  # one query per metric, two for the hit rate
    assert len(small.captured_queries) <= 1 + per_window * (1 + dashboard.TREND_POINTS)
    assert [f.metric for f in figures] == list(Metric)
    assert all(len(f.trend) == dashboard.TREND_POINTS for f in figures)
    checks = next(f for f in figures if f.metric == Metric.CHECKS_PER_DAY)
    assert checks.trend[-1] == Decimal("2.00")  # the last five days: 10 checks on 9 March


@pytest.mark.django_db
def test_before_and_after_an_activity(activity: Network) -> None:
    author = activity.actor("gs-reviewer")
    plan = services.create_plan(author, title="Plan", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    fr = activity.bureaus["FR"]
    act = services.add_activity(
        author,
        plan.pk,
        title="Connection",
        kind="connection",
        area="border_security",
        bureau_ids=[fr.pk],
        starts_on=date(2026, 2, 21),
        ends_on=date(2026, 2, 28),
    )
    ind = services.add_indicator(
        author,
        plan.pk,
        metric=Metric.CHECKS_PER_DAY,
        bureau_id=fr.pk,
        target="5",
        target_date=date(2026, 6, 30),
        activity_id=act.pk,
    )
    # Today is 10 March: after = 1..10 March (ten days), before = 11..20 February.
    check("bureau:FR", date(2026, 2, 15), 10)
    figures = dashboard.before_after(ind, today=END)
    assert figures.after_window == (START, END)
    assert figures.before_window == (date(2026, 2, 11), date(2026, 2, 20))
    assert figures.before == Decimal("1.50")  # 10 + the writer's 5 on 20 February
    assert figures.after == Decimal("6.00")
    assert figures.change == Decimal("4.50")
    assert figures.met is True
    refused = services.add_indicator(
        author,
        plan.pk,
        metric=Metric.NOTICES_REFUSED,
        bureau_id=fr.pk,
        target="0",
        target_date=date(2026, 6, 30),
        activity_id=act.pk,
    )
    assert dashboard.before_after(refused, today=END).met is False  # lower is better: 1 > 0
    assert dashboard.before_after(ind, today=date(2026, 2, 27)).after is None  # not over yet


@pytest.mark.django_db
def test_who_reads_a_bureaus_dashboard(activity: Network) -> None:
    fr, de = activity.bureaus["FR"], activity.bureaus["DE"]
    osce = Partner.objects.create(name="OSCE", kind="international_organisation")
    other = Partner.objects.create(name="Academy", kind="police_academy")
    member = User.objects.create_user("osce-member", password=PASSWORD, role=Role.PARTNER, partner=osce)
    outsider = User.objects.create_user("academy-member", password=PASSWORD, role=Role.PARTNER, partner=other)
    author = activity.actor("gs-reviewer")
    plan = services.create_plan(
        author, title="Plan", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), partner_ids=[osce.pk]
    )
    services.add_activity(
        author,
        plan.pk,
        title="Posts",
        kind="connection",
        area="border_security",
        bureau_ids=[fr.pk],
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 2, 28),
    )
    from polnet.network.actors import actor_for

    partner, stranger = actor_for(member, origin="test"), actor_for(outsider, origin="test")
    assert policy.reads_dashboard(partner, fr.pk) and not policy.reads_dashboard(partner, de.pk)
    assert not policy.reads_dashboard(stranger, fr.pk)
    assert policy.reads_dashboard(activity.actor("FR-admin"), fr.pk)
    assert not policy.reads_dashboard(activity.actor("FR-admin"), de.pk)
    assert not policy.reads_dashboard(activity.actor("FR-officer"), fr.pk)
    assert not policy.reads_dashboard(activity.actor("FR-unit-full"), fr.pk)
    assert policy.reads_dashboard(activity.actor("gs-analyst"), de.pk)
    assert not policy.reads_dashboard(activity.actor("gs-sysadmin"), de.pk)
    with pytest.raises(NotFound):
        dashboard.dashboard_for(partner, de.pk, None, START, END)
    with pytest.raises(NotFound):
        dashboard.dashboard_for(activity.actor("FR-admin"), fr.pk, activity.units["DE-full"].pk, START, END)
    _, unit, figures = dashboard.dashboard_for(partner, fr.pk, activity.units["FR-full"].pk, START, END)
    assert unit == activity.units["FR-full"] and figures[0].value == Decimal("3.00")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_plan_and_dashboard_pages_fit_a_phone(net: Network, tab_factory: Any, language: str) -> None:
    from polnet.training.capacity.models import Plan
    from polnet.training.seeding_capacity import seed_capacity
    from tests.web.test_browser import sign_in

    make_record(net.actor("FR-officer"), "person")
    seed_capacity()
    plan = Plan.objects.get()
    tab = tab_factory(viewport=NARROW)
    tab.go("/login/")
    tab.page.select_option("#language", language)
    with tab.page.expect_navigation():
        tab.page.click("form.lang button")
    sign_in(tab, net.users["gs-reviewer"])
    tab.go(f"/training/plans/{plan.pk}/")
    assert tab.page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert tab.page.locator("#plan-indicators .indicator-row svg.before-after").count() == 5
    assert tab.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    tab.shot(f"capacity-plan-{language}-phone")
    tab.go(f"/training/dashboard/?bureau={net.bureaus['FR'].pk}")
    assert tab.page.locator("#dashboard-figures .figure").count() == len(Metric)
    assert tab.page.locator("#dashboard-figures polyline").count() >= 1
    assert tab.page.locator("#dashboard-operations .figure").count() == 5  # the country's operations
    assert tab.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    tab.shot(f"capacity-dashboard-{language}-phone")
