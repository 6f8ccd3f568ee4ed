"""Capacity-building plans: who writes and reads them, and what their input must satisfy."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from polnet.core.actor import Actor, Role
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.network.actors import actor_for
from polnet.network.models import Partner, User
from polnet.training.capacity import services
from polnet.training.capacity.models import Plan
from tests.factories import PASSWORD, Network

JAN, DEC = date(2026, 1, 1), date(2026, 12, 31)


class People:
    def __init__(self, net: Network) -> None:
        self.net = net
        self.osce = Partner.objects.create(name="OSCE TNTD", kind="international_organisation")
        self.academy = Partner.objects.create(name="Academy", kind="police_academy")
        self.trainer = self._user("gs-trainer", Role.TRAINER)
        self.osce_member = self._user("osce-member", Role.PARTNER, partner=self.osce)
        self.osce_trainer = self._user("osce-trainer", Role.TRAINER, partner=self.osce)
        self.academy_member = self._user("academy-member", Role.PARTNER, partner=self.academy)

    @staticmethod
    def _user(name: str, role: Role, partner: Partner | None = None) -> Actor:
        user = User.objects.create_user(name, password=PASSWORD, role=role, partner=partner)
        return actor_for(user, origin="test")


@pytest.fixture
def people(net: Network) -> People:
    return People(net)


def plan_with_activity(people: People, bureau: str = "FR") -> Plan:
    plan = services.create_plan(
        people.trainer, title="Joint plan", starts_on=JAN, ends_on=DEC, partner_ids=[people.osce.pk]
    )
    services.add_activity(
        people.trainer,
        plan.pk,
        title="New posts",
        kind="connection",
        area="border_security",
        bureau_ids=[people.net.bureaus[bureau].pk],
        unit_ids=[people.net.units[f"{bureau}-full"].pk],
        lead_partner_id=people.osce.pk,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 4, 30),
    )
    return plan


@pytest.mark.django_db
def test_the_secretariats_authors_write_plans_and_it_is_audited(people: People) -> None:
    plan = plan_with_activity(people)
    assert plan.activities.get().units.get() == people.net.units["FR-full"]
    updated = services.update_plan(
        people.net.actor("gs-reviewer"), plan.pk, title="Renamed", starts_on=JAN, ends_on=DEC, state="active"
    )
    assert updated.title == "Renamed" and updated.state == "active" and not updated.partners.exists()
    kinds = set(AuditEntry.objects.values_list("object_type", flat=True))
    assert {"plan", "plan_activity"} <= kinds


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["FR-admin", "FR-officer", "gs-analyst", "gs-sysadmin"])
def test_others_may_not_write_plans(people: People, who: str) -> None:
    with pytest.raises(Forbidden):
        services.create_plan(people.net.actor(who), title="Mine", starts_on=JAN, ends_on=DEC)


@pytest.mark.django_db
def test_partners_trainers_may_not_write_plans(people: People) -> None:
    plan = plan_with_activity(people)
    with pytest.raises(Forbidden):
        services.create_plan(people.osce_trainer, title="Mine", starts_on=JAN, ends_on=DEC)
    with pytest.raises(Forbidden):
        services.add_indicator(
            people.osce_trainer,
            plan.pk,
            metric="checks_per_day",
            bureau_id=people.net.bureaus["FR"].pk,
            target="5",
            target_date=DEC,
        )


@pytest.mark.django_db
def test_who_reads_which_plan(people: People) -> None:
    fr_plan = plan_with_activity(people, "FR")
    de_plan = services.create_plan(people.trainer, title="Other", starts_on=JAN, ends_on=DEC)
    services.add_activity(
        people.trainer,
        de_plan.pk,
        title="Workshop",
        kind="workshop",
        area="police_data",
        bureau_ids=[people.net.bureaus["DE"].pk],
        starts_on=JAN,
        ends_on=JAN,
    )

    def ids(actor: Actor) -> set[int]:
        return set(services.visible_plans(actor).values_list("pk", flat=True))

    assert ids(people.trainer) == ids(people.net.actor("gs-analyst")) == {fr_plan.pk, de_plan.pk}
    assert ids(people.osce_member) == {fr_plan.pk}  # only the plans it takes part in
    assert ids(people.academy_member) == set()
    assert ids(people.net.actor("FR-admin")) == {fr_plan.pk}  # an activity serves France
    assert ids(people.net.actor("DE-admin")) == {de_plan.pk}
    assert ids(people.net.actor("IT-admin")) == set()
    assert ids(people.net.actor("FR-unit-full")) == set()
    assert ids(people.net.actor("gs-sysadmin")) == set()
    with pytest.raises(NotFound):
        services.plan_for(people.osce_member, de_plan.pk)
    assert services.plan_for(people.osce_member, fr_plan.pk) == fr_plan


@pytest.mark.django_db
def test_plan_and_activity_input_is_checked(people: People) -> None:
    t = people.trainer
    with pytest.raises(InvalidInput) as e:
        services.create_plan(t, title="X", starts_on=DEC, ends_on=JAN)
    assert e.value.code == "dates_reversed"
    with pytest.raises(InvalidInput) as e:
        services.create_plan(t, title="  ", starts_on=JAN, ends_on=DEC)
    assert e.value.code == "plan_title_missing"
    with pytest.raises(InvalidInput) as e:
        services.create_plan(t, title="X", starts_on=JAN, ends_on=DEC, partner_ids=[999999])
    assert e.value.code == "partner_unknown"
    plan = plan_with_activity(people)
    fr = people.net.bureaus["FR"]
    base = {"title": "A", "kind": "workshop", "area": "drugs", "starts_on": JAN, "ends_on": DEC}
    cases = [
        ({"starts_on": date(2025, 12, 31)}, "activity_outside_plan"),
        ({"ends_on": date(2027, 1, 1)}, "activity_outside_plan"),
        ({"kind": "party"}, "choice_unknown"),
        ({"bureau_ids": [fr.pk], "unit_ids": [people.net.units["DE-full"].pk]}, "unit_outside_bureaus"),
        ({"lead_partner_id": people.academy.pk}, "lead_not_in_plan"),
        ({"course_id": 999999}, "course_unknown"),
    ]
    for change, code in cases:
        with pytest.raises(InvalidInput) as e:
            services.add_activity(t, plan.pk, **{**base, **change})
        assert e.value.code == code
    assert plan.activities.count() == 1  # nothing half-written
    with pytest.raises(InvalidInput) as e:
        services.update_plan(t, plan.pk, title="X", starts_on=date(2026, 4, 1), ends_on=DEC)
    assert e.value.code == "plan_excludes_activity"


@pytest.mark.django_db
def test_indicator_input_is_checked(people: People) -> None:
    t = people.trainer
    plan = plan_with_activity(people)
    other = services.create_plan(t, title="Other", starts_on=JAN, ends_on=DEC)
    other_activity = services.add_activity(
        t, other.pk, title="A", kind="equipment", area="drugs", starts_on=JAN, ends_on=JAN
    )
    fr = people.net.bureaus["FR"]
    base = {"metric": "hit_rate", "bureau_id": fr.pk, "target": "10", "target_date": DEC}
    cases = [
        ({"unit_id": people.net.units["DE-full"].pk}, "unit_outside_bureau"),
        ({"metric": "happiness"}, "choice_unknown"),
        ({"target": "lots"}, "target_invalid"),
        ({"target": "-1"}, "target_range"),
        ({"activity_id": other_activity.pk}, "activity_not_in_plan"),
        ({"bureau_id": 999999}, "bureau_unknown"),
    ]
    for change, code in cases:
        with pytest.raises(InvalidInput) as e:
            services.add_indicator(t, plan.pk, **{**base, **change})
        assert e.value.code == code
    ind = services.add_indicator(t, plan.pk, **{**base, "unit_id": people.net.units["FR-full"].pk})
    assert str(ind.target) == "10.00" and plan.indicators.count() == 1


@pytest.mark.django_db
def test_pages_write_and_show_plans_to_whom_they_concern(people: People) -> None:
    from tests.factories import signed_in_client

    net = people.net
    author = signed_in_client(net.users["gs-reviewer"])
    bad = author.post(
        "/training/plans/new/",
        {"title": "P", "starts_on": "2026-12-31", "ends_on": "2026-01-01", "state": "draft"},
    )
    assert bad.status_code == 422 and not Plan.objects.exists()
    made = author.post(
        "/training/plans/new/",
        {
            "title": "Border plan",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "state": "active",
            "partners": [people.osce.pk],
        },
    )
    assert made.status_code == 302
    plan = Plan.objects.get()
    fr = net.bureaus["FR"]
    outside = author.post(
        f"/training/plans/{plan.pk}/activities/new/",
        {
            "title": "Posts",
            "kind": "connection",
            "area": "border_security",
            "bureaus": [fr.pk],
            "units": [net.units["DE-full"].pk],
            "starts_on": "2026-02-01",
            "ends_on": "2026-02-28",
        },
    )
    assert outside.status_code == 422 and "must belong to one of the bureaus" in outside.content.decode()
    ok = author.post(
        f"/training/plans/{plan.pk}/activities/new/",
        {
            "title": "Posts",
            "kind": "connection",
            "area": "border_security",
            "bureaus": [fr.pk],
            "units": [net.units["FR-full"].pk],
            "starts_on": "2026-02-01",
            "ends_on": "2026-02-28",
        },
    )
    assert ok.status_code == 302
    ind = author.post(
        f"/training/plans/{plan.pk}/indicators/new/",
        {
            "metric": "checks_per_day",
            "bureau": fr.pk,
            "target": "5",
            "target_date": "2026-12-31",
            "activity": plan.activities.get().pk,
        },
    )
    assert ind.status_code == 302 and plan.indicators.count() == 1
    page = author.get(f"/training/plans/{plan.pk}/").content.decode()
    assert "Border plan" in page and "<svg" in page and "Checks per day" in page

    partner_user = User.objects.get(username="osce-member")
    partner = signed_in_client(partner_user)
    assert "Border plan" in partner.get("/training/plans/").content.decode()
    assert partner.get(f"/training/plans/{plan.pk}/").status_code == 200
    assert partner.get("/training/plans/new/").status_code == 403
    body = partner.get(f"/api/training/capacity/plans/{plan.pk}").json()
    assert body["title"] == "Border plan" and body["indicators"][0]["metric"] == "checks_per_day"
    refused = partner.post(
        "/api/training/capacity/plans/",
        {"title": "X", "starts_on": "2026-01-01", "ends_on": "2026-02-01"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    stranger = signed_in_client(User.objects.get(username="academy-member"))
    assert stranger.get(f"/training/plans/{plan.pk}/").status_code == 404
    assert stranger.get(f"/api/training/capacity/plans/{plan.pk}").status_code == 404
    assert stranger.get("/api/training/capacity/plans/").json() == []


@pytest.mark.django_db
def test_dashboard_page_and_api(people: People) -> None:
    from tests.factories import signed_in_client

    net = people.net
    fr, de = net.bureaus["FR"], net.bureaus["DE"]
    admin = signed_in_client(net.users["FR-admin"])
    page = admin.get("/training/dashboard/")
    assert page.status_code == 200 and 'data-metric="staff_certified"' in page.content.decode()
    assert admin.get(f"/training/dashboard/?bureau={de.pk}").status_code == 404
    officer = signed_in_client(net.users["FR-officer"]).get("/training/dashboard/")
    assert officer.status_code == 200 and "data-metric" not in officer.content.decode()
    assert admin.get("/training/dashboard/?start=yesterday").status_code == 422
    body = admin.get(
        f"/api/training/capacity/dashboard?bureau_id={fr.pk}&start=2026-03-01&end=2026-03-10"
    ).json()
    assert body["bureau"] == "FR" and len(body["figures"]) == 8
    assert body["figures"][0]["metric"] == "checks_per_day" and body["figures"][0]["value"] == "0.00"
    assert admin.get(f"/api/training/capacity/dashboard?bureau_id={de.pk}").status_code == 404
    for window in ("end=0001-01-01", "start=2026-03-10&end=2026-03-01", "start=2001-01-01&end=2026-01-01"):
        refused = admin.get(f"/api/training/capacity/dashboard?bureau_id={fr.pk}&{window}")
        assert refused.status_code == 422, window
        assert refused.json()["code"].startswith("dashboard_window_")
    assert admin.get("/training/dashboard/?end=0001-01-01").status_code == 422
    partner = signed_in_client(User.objects.get(username="osce-member"))
    assert "No bureau" in partner.get("/training/dashboard/").content.decode()
    plan_with_activity(people, "DE")
    assert partner.get(f"/training/dashboard/?bureau={de.pk}").status_code == 200
    assert partner.get(f"/training/dashboard/?bureau={fr.pk}").status_code == 404


@pytest.mark.django_db
def test_the_demo_plan_is_measured_from_seeded_activity(net: Network) -> None:
    from polnet.screening.models import Hit, QueryLog
    from polnet.training.capacity import dashboard
    from polnet.training.seeding_capacity import TITLE, seed_capacity
    from tests.factories import make_record

    make_record(net.actor("DE-officer"), "person")  # the plan serves the first bureau by country code
    today = date(2026, 12, 5)
    seed_capacity(today)
    seed_capacity(today)  # idempotent
    plan = Plan.objects.get(title=TITLE)
    assert sorted(plan.partners.values_list("name", flat=True)) == [
        "OSCE Transnational Threats Department",
        "Regional police academy",
    ]
    assert plan.activities.count() == 3 and plan.indicators.count() == 5
    assert QueryLog.objects.exists() and Hit.objects.filter(owner_country="DE").exists()
    figures = {
        (i.metric, i.unit_id is not None): dashboard.before_after(i, today)
        for i in plan.indicators.select_related("bureau", "unit", "activity", "plan")
    }
    posts = figures[("posts_connected", False)]
    assert posts.before is not None and posts.after is not None and posts.after > posts.before
    checks = figures[("checks_per_day", False)]
    assert checks.after is not None and checks.before is not None and checks.after > checks.before
    answer = figures[("hours_to_answer", False)]
    assert answer.after is not None and answer.before is not None and answer.after < answer.before
    assert answer.met is True
    assert figures[("checks_per_day", True)].before == 0


@pytest.mark.django_db
def test_the_api_writes_plans_and_refuses_bad_input_whole(people: People) -> None:
    import json

    from tests.factories import signed_in_client

    net = people.net
    c = signed_in_client(net.users["gs-reviewer"])

    def post(url: str, body: dict[str, object]) -> Any:
        return c.post(f"/api/training/capacity/{url}", json.dumps(body), content_type="application/json")

    made = post("plans/", {"title": "API plan", "starts_on": "2026-01-01", "ends_on": "2026-12-31"})
    assert made.status_code == 201
    pk = made.json()["id"]
    fr = net.bureaus["FR"].pk
    activity = {
        "title": "W",
        "kind": "workshop",
        "area": "drugs",
        "bureau_ids": [fr],
        "starts_on": "2026-02-01",
        "ends_on": "2026-02-02",
    }
    bad = post(f"plans/{pk}/activities", {**activity, "unit_ids": [net.units["IT-full"].pk]})
    assert bad.status_code == 422 and bad.json()["code"] == "unit_outside_bureaus"
    assert post(f"plans/{pk}/activities", {**activity, "ends_on": "not a date"}).status_code == 422
    ok = post(f"plans/{pk}/activities", activity)
    assert ok.status_code == 201 and ok.json()["bureaus"] == ["FR"]
    indicator = {"metric": "hit_rate", "bureau_id": fr, "target": "12.5", "target_date": "2026-12-31"}
    assert post(f"plans/{pk}/indicators", {**indicator, "target": "-3"}).status_code == 422
    made_ind = post(f"plans/{pk}/indicators", indicator)
    assert made_ind.status_code == 201 and made_ind.json()["target"] == "12.50"
    detail = c.get(f"/api/training/capacity/plans/{pk}").json()
    assert len(detail["activities"]) == 1 and len(detail["indicators"]) == 1
    assert detail["indicators"][0]["met"] is None  # the plan has not ended yet
