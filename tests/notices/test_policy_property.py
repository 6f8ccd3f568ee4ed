"""The notice access rule's two readings agree: the SQL filter and the in-memory predicate.
The same holds for the rule of what may be public."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from polnet.core.actor import Actor, ResultLevel, Role, TokenScope, UnitScope
from polnet.core.policy import Restriction
from polnet.network.models import User
from polnet.network.services import sync_countries
from polnet.notices import policy
from polnet.notices.kinds import NoticeKind
from polnet.notices.models import ExtractStatus, Notice
from polnet.notices.states import Channel, State

COUNTRIES = ["FR", "DE", "IT", "ES", "BR"]

notice_facts = st.fixed_dictionaries(
    {
        "owner": st.sampled_from([*COUNTRIES, None]),
        "kind": st.sampled_from(list(NoticeKind)),
        "channel": st.sampled_from(list(Channel)),
        "state": st.sampled_from(list(State)),
        "restriction": st.sampled_from(list(Restriction)),
        "listed": st.sets(st.sampled_from(COUNTRIES), max_size=3),
        "bureau_only": st.booleans(),
        "extract": st.sampled_from(list(ExtractStatus)),
    }
)


@st.composite
def actors(draw: st.DrawFn) -> Actor:
    role = draw(st.sampled_from(list(Role)))
    country = (
        None
        if role in (Role.SECRETARIAT_REVIEWER, Role.SYSTEM_ADMIN)
        else draw(st.sampled_from([*COUNTRIES, None]))
    )
    unit = None
    if role == Role.UNIT_OFFICER:
        country = country or "FR"
        unit = UnitScope(
            unit_id=1,
            kind="airport",
            databases=frozenset(draw(st.sets(st.sampled_from(["person", "document", "vehicle"])))),
            result_level=draw(st.sampled_from(list(ResultLevel))),
            may_write=draw(st.booleans()),
        )
    scopes = draw(st.one_of(st.none(), st.sets(st.sampled_from(list(TokenScope))).map(frozenset)))
    return Actor(
        user_id=None,
        username="p",
        role=role,
        country=country,
        bureau_id=1 if country else None,
        unit=unit,
        token_scopes=scopes,
    )


def _fixed(role: Role, country: str | None, databases: frozenset[str] | None = None) -> Actor:
    unit = (
        None
        if databases is None
        else UnitScope(
            unit_id=1, kind="airport", databases=databases, result_level=ResultLevel.FULL, may_write=False
        )
    )
    return Actor(
        user_id=None, username="x", role=role, country=country, bureau_id=1 if country else None, unit=unit
    )


# Every kind of actor, every time, so that each example tries the random notices against all of them.
EVERY_KIND_OF_ACTOR = (
    _fixed(Role.BUREAU_OFFICER, "FR"),
    _fixed(Role.BUREAU_OFFICER, "DE"),
    _fixed(Role.ANALYST, "IT"),
    _fixed(Role.UNIT_OFFICER, "FR", frozenset({"person"})),
    _fixed(Role.UNIT_OFFICER, "DE", frozenset({"person", "document"})),
    _fixed(Role.UNIT_OFFICER, "ES", frozenset({"document"})),
    _fixed(Role.SECRETARIAT_REVIEWER, None),
    _fixed(Role.ANALYST, None),
    _fixed(Role.DATA_PROTECTION_OFFICER, None),
    _fixed(Role.SYSTEM_ADMIN, None),
)


def _spec(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "owner": "FR",
        "kind": NoticeKind.RED,
        "channel": Channel.NOTICE,
        "state": State.DRAFT,
        "restriction": Restriction.ALL_MEMBERS,
        "listed": set(),
        "bureau_only": False,
        "extract": ExtractStatus.NONE,
    }
    return {**base, **changes}


def _create(spec: dict, user: User) -> Notice:  # type: ignore[type-arg]
    notice = Notice.objects.create(
        owner_country_id=spec["owner"],
        created_by=user,
        kind=spec["kind"],
        channel=spec["channel"],
        state=spec["state"],
        restriction=spec["restriction"].value,
        bureau_only=spec["bureau_only"],
        extract_status=spec["extract"],
        review_date=date.today() + timedelta(days=30),
    )
    notice.listed_countries.set(sorted(spec["listed"]))
    return notice


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(notice_facts, min_size=1, max_size=10), actor=actors())
@example(specs=[_spec(owner=None, kind=NoticeKind.UN, state=State.DRAFT)], actor=EVERY_KIND_OF_ACTOR[0])
@example(
    specs=[
        _spec(
            channel=Channel.DIFFUSION,
            state=State.CIRCULATED,
            restriction=Restriction.ONLY_LISTED,
            listed={"DE"},
        ),
        _spec(
            state=State.PUBLISHED, restriction=Restriction.ALL_EXCEPT_LISTED, listed={"DE"}, bureau_only=True
        ),
        _spec(state=State.PUBLISHED, extract=ExtractStatus.APPROVED),
    ],
    actor=EVERY_KIND_OF_ACTOR[0],
)
def test_filter_and_predicate_agree(specs: list[dict], actor: Actor) -> None:  # type: ignore[type-arg]
    sync_countries()
    with transaction.atomic():
        user = User.objects.create(username="owner", role="bureau_officer")
        made = [_create(spec, user) for spec in specs]
        facts = {n.pk: policy.facts_of(n) for n in made}
        for someone in (actor, *EVERY_KIND_OF_ACTOR):
            ids_sql = set(Notice.objects.visible_to(someone).values_list("pk", flat=True))
            ids_mem = {pk for pk, f in facts.items() if policy.can_see(someone, f)}
            assert ids_sql == ids_mem, someone
        public_sql = set(Notice.objects.public().values_list("pk", flat=True))
        public_mem = {n.pk for n in made if policy.is_public(n)}
        assert public_sql == public_mem
        transaction.set_rollback(True)


def test_the_system_administrator_sees_no_notice() -> None:
    from polnet.core.actor import system_actor

    assert (
        policy.visibility(system_actor()).holds(
            policy.NoticeFacts(
                kind="red",
                owner_country="",
                restriction="all",
                listed_countries=frozenset(),
                bureau_only=False,
                record_status="active",
                state=State.PUBLISHED,
            )
        )
        is False
    )
