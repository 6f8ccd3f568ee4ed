"""Certification gates in the one policy: for random actors carrying random holds, the rule's
SQL filter and in-memory predicate still agree, and a hold shuts its door whatever else the
actor may do."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polnet.core import policy
from polnet.core.actor import Actor, Gated, Hold
from polnet.notices import policy as notice_policy
from polnet.notices.models import Notice
from polnet.records.models import RECORD_MODELS
from tests.core.test_policy_property import actors
from tests.factories import Network, make_record
from tests.notices.helpers import YELLOW, draft, published

KINDS = sorted(RECORD_MODELS)

holds = st.sets(st.sampled_from(list(Gated))).map(
    lambda acts: frozenset(Hold(a, 1, "Handling police data") for a in acts)
)


@pytest.fixture
def world(net: Network) -> Network:
    """Records and notices of several owners, shared in several ways."""
    for owner in ("FR-officer", "DE-officer"):
        for kind in KINDS:
            make_record(net.actor(owner), kind)
        make_record(net.actor(owner), "person", restriction="only_listed", listed=["IT"])
        make_record(net.actor(owner), "document", bureau_only=True)
    published(net, "FR-officer")
    published(net, "DE-officer", YELLOW)
    draft(net, "IT-officer")
    return net


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(base=actors(), carried=holds)
def test_held_actor_rules_agree_and_holds_shut_their_doors(
    world: Network, base: Actor, carried: frozenset[Hold]
) -> None:
    actor = dataclasses.replace(base, holds=carried)
    consult_held = Gated.CONSULT in {h.activity for h in carried}
    for model in RECORD_MODELS.values():
        rows = list(model.objects.all())
        ids_sql = set(model.objects.visible_to(actor).values_list("pk", flat=True))
        ids_mem = {r.pk for r in rows if policy.can_see(actor, r.access_facts())}
        assert ids_sql == ids_mem
        if consult_held:
            assert ids_sql == set()
    notices = list(Notice.objects.all())
    seen_sql = set(Notice.objects.filter(notice_policy.visible_q(actor)).values_list("pk", flat=True))
    seen_mem = {n.pk for n in notices if notice_policy.can_see(actor, notice_policy.facts_of(n))}
    assert seen_sql == seen_mem
    if consult_held:
        assert seen_sql == set()
        assert not policy.works_with_police_data(actor)
        assert not any(policy.may_screen(actor, kind) for kind in KINDS)
    if Gated.CREATE_RECORDS in {h.activity for h in carried}:
        owner = actor.country or "FR"
        assert not any(policy.may_create(actor, kind, owner) for kind in KINDS)
    if Gated.REQUEST_NOTICES in {h.activity for h in carried}:
        assert not notice_policy.may_create(actor, False)


def test_the_same_actor_without_holds_sees_and_writes(world: Network) -> None:
    """The property above is not empty: unheld, this officer sees records and notices and writes."""
    actor = world.actor("FR-officer")
    assert not actor.holds
    assert Notice.objects.filter(notice_policy.visible_q(actor)).exists()
    assert RECORD_MODELS["person"].objects.visible_to(actor).exists()
    assert policy.may_create(actor, "person", "FR")
    assert notice_policy.may_create(actor, False)
    held = dataclasses.replace(actor, holds=frozenset(Hold(g, 1, "c") for g in Gated))
    assert not Notice.objects.filter(notice_policy.visible_q(held)).exists()
    assert not RECORD_MODELS["person"].objects.visible_to(held).exists()
