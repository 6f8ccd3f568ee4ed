"""The demo's learning centre: partners and their people, courses in two languages, a workshop,
a certificate earned through the real services, a certification gate and a capacity-building
plan, made once."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from rich.console import Console

from polnet.core.actor import Gated
from polnet.network.actors import actor_for
from polnet.network.models import Partner, User
from polnet.network.services import sync_countries
from polnet.records.seeding import SeedSizes, seed_demo_if_empty
from polnet.training.capacity.models import Indicator, Plan
from polnet.training.catalogue.models import Course
from polnet.training.certificates.models import Certificate, Requirement
from polnet.training.classroom.models import ClassSession
from polnet.training.seeding import DATA_COURSE, seed_demo_training

# Starts from an empty database, without the test network (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("empty_database")

SMALL = SeedSizes(persons=20, documents=10, vehicles=2, firearms=2, artworks=1, countries=4)


@pytest.mark.django_db
def test_the_demo_seeds_the_learning_centre_once(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> None:
    quiet = Console(quiet=True)
    sync_countries()
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo_if_empty(password="demo-password-1", sizes=SMALL, console=quiet)
        seed_demo_training(quiet, "demo-password-1")
    assert Partner.objects.count() == 2
    member = User.objects.get(username="academy-member")
    assert member.partner is not None and member.check_password("demo-password-1")
    assert not actor_for(member).handles_police_data
    languages = set(Course.objects.filter(state="published").values_list("language", flat=True))
    assert {"en", "fr", "es"} <= languages
    data_course = Course.objects.get(code=DATA_COURSE)
    # The first officer earned the data-processing certificate through the quiz.
    officers = User.objects.filter(role="bureau_officer", totpdevice__isnull=False)
    officer = officers.order_by("username").first()
    certificate = Certificate.objects.get(user=officer, course=data_course)
    assert certificate.score == 100 and certificate.valid_until is not None
    # The third bureau requires it before creating records; its officer is held, its admin not.
    requirement = Requirement.objects.get(course=data_course)
    assert requirement.activity == Gated.CREATE_RECORDS and requirement.bureau is not None
    gated_officer = officers.get(bureau=requirement.bureau)
    gated_admin = User.objects.get(bureau=requirement.bureau, role="bureau_admin")
    assert {h.activity for h in actor_for(gated_officer).holds} == {Gated.CREATE_RECORDS}
    assert actor_for(gated_admin).holds == frozenset()
    assert ClassSession.objects.filter(state="held").exists()
    plan = Plan.objects.get()
    assert plan.partners.count() == 2 and Indicator.objects.filter(plan=plan).exists()
    before = (Course.objects.count(), Certificate.objects.count(), Requirement.objects.count())
    seed_demo_training(quiet, "demo-password-1")  # once
    assert (Course.objects.count(), Certificate.objects.count(), Requirement.objects.count()) == before
