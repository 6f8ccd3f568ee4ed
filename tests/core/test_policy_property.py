"""The access rule's two readings agree: the SQL filter and the in-memory predicate."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polnet.core import policy
from polnet.core.actor import Actor, ResultLevel, Role, TokenScope, UnitScope
from polnet.core.policy import Restriction
from polnet.network.models import User
from polnet.network.services import sync_countries
from polnet.records.models import RECORD_MODELS, Artwork, Firearm, Person, TravelDocument, Vehicle

COUNTRIES = ["FR", "DE", "IT", "ES", "BR"]
KINDS = sorted(RECORD_MODELS)

record_facts = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(KINDS),
        "owner": st.sampled_from(COUNTRIES),
        "restriction": st.sampled_from(list(Restriction)),
        "listed": st.sets(st.sampled_from(COUNTRIES), max_size=3),
        "bureau_only": st.booleans(),
        "status": st.sampled_from(["active", "expired"]),
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
            databases=frozenset(draw(st.sets(st.sampled_from(KINDS)))),
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


def _create(spec: dict, user: User, n: int) -> object:  # type: ignore[type-arg]
    common = dict(
        owner_country_id=spec["owner"],
        created_by=user,
        purpose="investigation",
        restriction=spec["restriction"].value,
        bureau_only=spec["bureau_only"],
        record_status=spec["status"],
        review_date=date.today() + timedelta(days=30),
    )
    model = RECORD_MODELS[spec["kind"]]
    extra = {
        Person: {},
        TravelDocument: {
            "number": f"N{n}",
            "kind": "passport",
            "issuing_country_id": spec["owner"],
            "status": "lost",
            "date_reported": date.today(),
        },
        Vehicle: {"vin": "", "plate": f"P{n}", "make": "Fiat"},
        Firearm: {"make": "Beretta", "serial_number": f"S{n}", "kind": "pistol", "status": "stolen"},
        Artwork: {"title": "t", "category": "painting"},
    }[model]
    rec = model.objects.create(**common, **extra)
    rec.listed_countries.set(sorted(spec["listed"]))
    return rec


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(record_facts, min_size=1, max_size=8), actor=actors())
def test_filter_and_predicate_agree(specs: list[dict], actor: Actor) -> None:  # type: ignore[type-arg]
    sync_countries()
    with transaction.atomic():
        user = User.objects.create(username="owner", role="bureau_officer")
        made = [_create(spec, user, n) for n, spec in enumerate(specs)]
        for model in RECORD_MODELS.values():
            ids_sql = set(model.objects.visible_to(actor).values_list("pk", flat=True))
            ids_mem = {r.pk for r in made if isinstance(r, model) and policy.can_see(actor, r.access_facts())}  # type: ignore[attr-defined]
            assert ids_sql == ids_mem
            change_sql = set(model.objects.changeable_by(actor).values_list("pk", flat=True))
            change_mem = {
                r.pk for r in made if isinstance(r, model) and policy.can_change(actor, r.access_facts())
            }  # type: ignore[attr-defined]
            assert change_sql == change_mem
            assert change_sql <= ids_sql
        transaction.set_rollback(True)
