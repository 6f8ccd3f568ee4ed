"""Who sees a hit, and who had it: the SQL filter and the in-memory predicate agree."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polnet.screening.hit_policy import had_q, had_the_hit, hit_visible, hits_q
from polnet.screening.models import Hit
from tests.factories import Network

COUNTRIES = ["FR", "DE", "IT", None]
# Every kind of actor the network has: bureau people, unit people, the secretariat.
ACTORS = [
    "FR-officer", "FR-admin", "DE-analyst", "DE-dpo", "IT-officer",
    "FR-unit-full", "DE-unit-full", "gs-reviewer", "gs-analyst", "gs-dpo", "gs-sysadmin",
]  # fmt: skip

hit_facts = st.fixed_dictionaries(
    {
        "owner": st.sampled_from(COUNTRIES),
        "screening": st.sampled_from(COUNTRIES),
        # The system administrator reads no police data and screens nothing.
        "screener": st.sampled_from([a for a in ACTORS if a != "gs-sysadmin"]),
        "from_unit": st.booleans(),
    }
)


def _hit(net: Network, facts: dict[str, Any]) -> Hit:
    screener = net.users[facts["screener"]]
    return Hit.objects.create(
        kind="document",
        record_id=1,
        owner_country_id=facts["owner"],
        screening_country_id=facts["screening"],
        screened_by=screener,
        unit=screener.unit if facts["from_unit"] else None,
        score=1.0,
    )


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(facts=st.lists(hit_facts, min_size=1, max_size=8))
def test_hit_filter_and_predicate_agree(net: Network, facts: list[dict[str, Any]]) -> None:
    with transaction.atomic():  # each example's hits are rolled back; the network stays
        made = [_hit(net, f) for f in facts]
        for name in ACTORS:
            actor = net.actor(name)
            seen_sql = set(Hit.objects.filter(hits_q(actor)).values_list("pk", flat=True))
            assert seen_sql == {h.pk for h in made if hit_visible(actor, h)}, name
            had_sql = set(Hit.objects.filter(had_q(actor)).values_list("pk", flat=True))
            assert had_sql == {h.pk for h in made if had_the_hit(actor, h)}, name
            assert had_sql <= seen_sql, name  # whoever had a hit also sees it
        transaction.set_rollback(True)
