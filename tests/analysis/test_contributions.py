"""Contributions keep their owners' rules: an object is shown to a participant only where
that participant's own policy lets them see it, a text only to whom its restriction names,
and nothing hidden is shown, counted or betrayed."""

from __future__ import annotations

import pytest

from polnet.analysis import contributions, services
from polnet.core.errors import Conflict, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from tests.analysis.conftest import open_fr_project
from tests.factories import Network, make_record

pytestmark = pytest.mark.django_db


def _labels(net: Network, who: str, project_id: int) -> list[str]:
    return [s.label for s in contributions.list_contributions(net.actor(who), project_id).rows]


def test_a_record_restricted_away_from_a_participant_is_invisible_and_uncounted(net: Network) -> None:
    project = open_fr_project(net)
    fr = net.actor("FR-analyst")
    shared = make_record(net.actor("FR-officer"), "person")
    only_de = make_record(net.actor("FR-officer"), "document", restriction="only_listed", listed=["DE"])
    contributions.contribute(fr, project.pk, "person", shared.pk, note="Leader")
    contributions.contribute(fr, project.pk, "document", only_de.pk, note="His passport")

    fr_page = contributions.list_contributions(fr, project.pk)
    de_page = contributions.list_contributions(net.actor("DE-analyst"), project.pk)
    it_page = contributions.list_contributions(net.actor("IT-analyst"), project.pk)
    assert fr_page.total == de_page.total == 2
    assert {s.kind for s in de_page.rows} == {"person", "document"}
    # IT may not see the document: nothing of that contribution, not even its count.
    assert it_page.total == 1 and it_page.by_kind == {"person": 1}
    assert [s.kind for s in it_page.rows] == ["person"]
    assert (
        "document"
        not in contributions.list_contributions(net.actor("IT-analyst"), project.pk, kind="document").by_kind
    )
    assert [c.kind for c in contributions.recent_contributions(net.actor("IT-analyst"))] == ["person"]
    # A record's own grading and handling code come with it.
    person = fr_page.rows[-1]
    assert (person.source_reliability, person.information_accuracy, person.handling_code) == ("B", "2", "H0")


def test_only_what_the_contributor_may_see_can_be_contributed(net: Network) -> None:
    project = open_fr_project(net)
    hidden_from_it = make_record(net.actor("DE-officer"), "vehicle", restriction="only_listed", listed=["FR"])
    with pytest.raises(NotFound) as refused:
        contributions.contribute(net.actor("IT-analyst"), project.pk, "vehicle", hidden_from_it.pk)
    assert refused.value.code == "contribution_object_not_found"
    with pytest.raises(NotFound):
        contributions.contribute(net.actor("IT-analyst"), project.pk, "vehicle", 999_999)
    c = contributions.contribute(net.actor("FR-analyst"), project.pk, "vehicle", hidden_from_it.pk)
    with pytest.raises(Conflict):
        contributions.contribute(net.actor("FR-analyst"), project.pk, "vehicle", hidden_from_it.pk)
    assert _labels(net, "IT-analyst", project.pk) == []
    assert len(_labels(net, "DE-analyst", project.pk)) == 1
    # Only the contributing party withdraws it.
    with pytest.raises(NotFound):
        contributions.withdraw(net.actor("DE-analyst"), project.pk, c.pk)
    contributions.withdraw(net.actor("FR-analyst"), project.pk, c.pk)
    assert _labels(net, "DE-analyst", project.pk) == []


def test_a_text_is_read_by_its_party_and_the_listed_participants_only(net: Network) -> None:
    project = open_fr_project(net)
    fr = net.actor("FR-analyst")
    contributions.contribute_text(
        fr,
        project.pk,
        text="The ring uses a garage in Lyon.",
        source_reliability="B",
        information_accuracy="2",
        handling_code="H2",
        restriction="only_listed",
        listed_countries=["DE"],
    )
    contributions.contribute_text(
        net.actor("IT-analyst"),
        project.pk,
        text="Payments through a money transfer office.",
        source_reliability="C",
        information_accuracy="3",
        handling_code="H0",
    )
    assert _labels(net, "FR-analyst", project.pk) == [
        "Payments through a money transfer office.",
        "The ring uses a garage in Lyon.",
    ]
    assert _labels(net, "DE-analyst", project.pk) == _labels(net, "FR-analyst", project.pk)
    assert _labels(net, "IT-analyst", project.pk) == ["Payments through a money transfer office."]
    shown = contributions.list_contributions(net.actor("DE-analyst"), project.pk).rows[-1]
    assert (shown.evaluation, shown.handling_code, shown.party) == ("B2", "H2", "FR")
    with pytest.raises(InvalidInput) as refused:
        contributions.contribute_text(
            fr,
            project.pk,
            text="x",
            source_reliability="B",
            information_accuracy="2",
            handling_code="H0",
            restriction="only_listed",
            listed_countries=["ES"],
        )
    assert refused.value.code == "contribution_listed_not_participant"


def test_every_act_and_reading_in_a_project_is_audited_for_it(net: Network) -> None:
    project = open_fr_project(net)
    record = make_record(net.actor("FR-officer"), "person")
    contributions.contribute(net.actor("FR-analyst"), project.pk, "person", record.pk)
    contributions.list_contributions(net.actor("DE-analyst"), project.pk)
    services.invite(net.actor("FR-analyst"), project.pk, "ES")
    entries = AuditEntry.objects.filter(purpose=project.audit_purpose)
    assert set(entries.values_list("action", "object_type")) >= {
        ("create", "analysis_project"),
        ("create", "analysis_contribution"),
        ("read", "analysis_contribution"),
        ("grant", "analysis_participation"),
    }
    assert entries.filter(actor_name="de-analyst", action="read").exists()


def test_listing_costs_one_query_per_kind_however_many_rows(net: Network) -> None:
    project = open_fr_project(net)
    fr = net.actor("FR-analyst")

    def add(n: int) -> None:
        for _ in range(n):
            for kind in ("person", "document"):
                contributions.contribute(fr, project.pk, kind, make_record(net.actor("DE-officer"), kind).pk)

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            contributions.list_contributions(net.actor("IT-analyst"), project.pk)
        return len(captured.captured_queries)

    add(1)
    few = queries()
    add(5)
    assert queries() == few
