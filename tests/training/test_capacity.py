"""Capacity-building plans: who writes and reads them, and what their input must satisfy."""

from __future__ import annotations

from datetime import date

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
    assert e.value.code == "title_missing"
    with pytest.raises(InvalidInput) as e:
        services.create_plan(t, title="X", starts_on=JAN, ends_on=DEC, partner_ids=[999999])
    assert e.value.code == "partner_unknown"
    plan = plan_with_activity(people)
    fr, de = people.net.bureaus["FR"], people.net.bureaus["DE"]
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
    assert e.value.code == "activity_outside_plan"


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
