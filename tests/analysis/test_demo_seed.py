"""The demo's analysis project: a ring across three countries, contributed by each, with
something for entity resolution and the link chart to find; seeded once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from rich.console import Console

from polnet.analysis import contributions
from polnet.analysis.models import Contribution, Project
from polnet.analysis.reports import services as reports
from polnet.analysis.reports.models import Report
from polnet.analysis.resolution.models import CandidatePair, ResolutionRun
from polnet.analysis.seeding import BOOKING, FLIGHT, seed_demo_analysis
from polnet.network.actors import actor_for
from polnet.network.models import Country, User
from polnet.network.services import sync_countries
from polnet.records.models import PersonName
from polnet.records.seeding import SeedSizes, seed_demo_if_empty
from polnet.screening.models import BatchRow

# Starts from an empty database, without the test network (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("empty_database")

SMALL = SeedSizes(persons=20, documents=10, vehicles=2, firearms=2, artworks=1, countries=4)


@pytest.mark.django_db
def test_the_demo_project_is_seeded_once_with_a_ring_worth_exploring(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> None:
    quiet = Console(quiet=True)
    sync_countries()
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo_if_empty(password="demo-password-1", sizes=SMALL, console=quiet)
        project = seed_demo_analysis(quiet)
    assert project is not None
    a, b, c = Country.objects.filter(is_member=True).order_by("code").values_list("code", flat=True)[:3]
    assert sorted(project.participations.values_list("country_id", flat=True)) == sorted([a, b, c])
    parties = Counter(Contribution.objects.filter(project=project).values_list("country_id", flat=True))
    assert set(parties) == {a, b, c}
    # Co-travellers: the list's hit rows share one flight and one booking.
    rows = BatchRow.objects.exclude(hit_ids=[])
    assert rows.count() >= 3
    assert {(r.values["flight"], r.values["booking"]) for r in rows} == {(FLIGHT, BOOKING)}

    # Each participant reads what the owners let it: the opener misses the record and the text
    # the third country kept for the second; the second misses the passenger-list rows, whose
    # hits it may not all see (the list was checked by the first country).
    def read(cc: str) -> contributions.ContributionPage:
        user = User.objects.get(username=f"{cc.lower()}-analyst")
        return contributions.list_contributions(actor_for(user, origin="test"), project.pk, limit=500)

    first, second = read(a), read(b)
    every = Contribution.objects.filter(project=project).count()
    assert first.total == every - 2
    assert {"list_row", "hit", "person", "document", "vehicle", "notice", "text"} <= set(first.by_kind)
    assert second.total == every - first.by_kind["list_row"] and "list_row" not in second.by_kind
    # The opener's reports: a draft, and one issued to the two other bureaus only, each with a
    # chart of hits per week and the ring's persons the opener may read (not the driver).
    draft, issued = Report.objects.filter(project=project).order_by("id")
    assert (draft.state, issued.state) == ("draft", "issued")
    assert sorted(issued.listed_codes()) == sorted([b, c]) and issued.restriction == "only_listed"
    kinds = list(issued.sections.values_list("kind", flat=True))
    assert kinds == ["text", "chart", "table", "entities", "text"]
    chart = issued.sections.get(kind="chart")
    assert chart.data["trend"]["series"] == "hits" and chart.data["spec"]["data"]["values"]
    persons = issued.sections.get(kind="entities").data["keys"]
    contributed = Contribution.objects.filter(project=project, kind="person").count()
    assert (contributed, len(persons)) == (6, 5) and all(k.startswith("person:") for k in persons)
    officer = actor_for(User.objects.get(username=f"{b.lower()}-officer"), origin="test")
    assert list(reports.received(officer)) == [issued]
    _, pdf = reports.report_pdf(officer, issued.pk)
    assert pdf.startswith(b"%PDF")
    # Entity resolution ran once for the opener: the men recorded twice by different
    # countries wait on the duplicates tab (Marco Rossi / Marko Rosi; Youssef El Amrani /
    # Yusuf Elamrani).
    run = ResolutionRun.objects.get(project=project)
    assert run.status == "done" and run.started_by == project.opened_by
    waiting = CandidatePair.objects.filter(run=run, status="open")

    def family(key: str) -> str:
        names = PersonName.objects.filter(person_id=int(key.partition(":")[2]))
        return str(names.values_list("family", flat=True).first())

    persons_only = [p for p in waiting if p.left.startswith("person:") and p.right.startswith("person:")]
    names = {frozenset({family(p.left), family(p.right)}) for p in persons_only}
    assert {frozenset({"Rossi", "Rosi"}), frozenset({"El Amrani", "Elamrani"})} <= names
    # Once only.
    assert seed_demo_analysis(quiet) is None
    assert Project.objects.count() == 1 and Report.objects.count() == 2
    assert ResolutionRun.objects.count() == 1
