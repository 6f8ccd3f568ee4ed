"""After the operation: its targets and hits flow into one analysis project, holding exactly
what the opener may see, through the services, the page, the API and the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from typer.testing import CliRunner

from polnet.analysis import contributions
from polnet.analysis.models import Contribution, Project
from polnet.core.errors import Conflict, Forbidden, NotFound
from polnet.core.models import AuditEntry
from polnet.network.services import issue_token
from polnet.operations import cli, handover
from polnet.operations.models import AnalysisLink, Operation, OperationHit, Phase, Target
from polnet.screening.models import Hit
from tests.factories import Network, make_record, signed_in_client
from tests.operations.reports_helpers import make_operation

pytestmark = pytest.mark.django_db


@dataclass
class Seeded:
    op: Operation
    person: Any  # France's, open to all: in the project
    document: Any  # France's, hit at a French post: in the project, with its hit
    hidden: Any  # Germany's, kept to Italy: left out for France
    seen_hit: Hit  # a French check: France sees it
    unseen_hit: Hit  # an Italian check on Germany's record: France does not


def _target(net: Network, op: Operation, kind: str, record_id: int | None = None, **kw: Any) -> Target:
    return Target.objects.create(
        operation=op,
        kind=kind,
        record_id=record_id,
        label=kw.pop("label", f"{kind} {record_id}"),
        action="locate",
        added_by=net.users["FR-officer"],
        **kw,
    )


def _hit(net: Network, record: Any, kind: str, owner: str, screener: str, unit: str) -> Hit:
    return Hit.objects.create(
        kind=kind,
        record_id=record.pk,
        owner_country_id=owner,
        score=1.0,
        screened_by=net.users[screener],
        unit=net.units[unit],
        screening_country_id=unit[:2],
        at=datetime(2026, 4, 3, 10, tzinfo=UTC),
    )


def _seed(net: Network, phase: str = Phase.CLOSING) -> Seeded:
    op = make_operation(net, phase=phase)  # France coordinates; France, Germany, Italy take part
    person = make_record(net.actor("FR-officer"), "person")
    document = make_record(net.actor("FR-officer"), "document")
    hidden = make_record(net.actor("DE-officer"), "person", restriction="listed", listed=["IT"])
    _target(net, op, "person", person.pk)
    doc_target = _target(net, op, "document", document.pk)
    hidden_target = _target(net, op, "person", hidden.pk)
    vessel = _target(net, op, "vessel", identifier="IMO9074729", label="MV Example")
    seen = _hit(net, document, "document", "FR", "FR-unit-full", "FR-full")
    unseen = _hit(net, hidden, "person", "DE", "IT-unit-full", "IT-full")
    flagged = ((doc_target, seen, "FR"), (hidden_target, unseen, "IT"), (vessel, None, "DE"))
    for target, hit, country in flagged:
        OperationHit.objects.create(
            operation=op, target=target, hit=hit, country_id=country, checked_by=net.users["FR-officer"]
        )
    return Seeded(op, person, document, hidden, seen, unseen)


def _held(project: Project) -> set[tuple[str, int | None]]:
    return set(
        Contribution.objects.filter(project=project, withdrawn_at=None)
        .exclude(kind="text")
        .values_list("kind", "object_id")
    )


def test_the_project_holds_exactly_what_the_opener_may_see(net: Network) -> None:
    s = _seed(net)
    opened = handover.open_analysis(net.actor("FR-analyst"), s.op.pk)
    project = opened.project
    assert opened.created and project.name == s.op.code_name
    assert (project.crime_area, project.handling_code, project.owner_country_id) == ("drugs", "H2", "FR")
    assert sorted(project.participations.values_list("country_id", flat=True)) == ["DE", "FR", "IT"]
    assert _held(project) == {("person", s.person.pk), ("document", s.document.pk), ("hit", s.seen_hit.pk)}
    assert opened.added == {"document": 1, "hit": 1, "person": 1}
    # Left out: the vessel, the hit on it, and Germany's record with the Italian hit on it.
    assert opened.left_out == {"operation_only_targets": 1, "operation_only_hits": 1, "not_visible": 2}
    note = Contribution.objects.get(project=project, kind="text")
    assert (note.country_id, note.handling_code, note.restriction) == ("FR", "H2", "all")
    assert "operation-only identifiers (not database records): 1" in note.text
    assert "records, notices or hits your bureau may not see: 2" in note.text
    # Each act went through the analysis services: audited with the project as its purpose.
    acts = AuditEntry.objects.filter(purpose=project.audit_purpose)
    assert acts.filter(object_type="analysis_contribution").count() == 4
    assert AuditEntry.objects.filter(object_type="operation_analysis", object_id=str(s.op.pk)).exists()
    # Another participant reads the project by its own policies: Germany sees France's records
    # (open to all) and the note, not France's hit.
    de_reads = contributions.visible_contributions(net.actor("DE-analyst"), project)
    assert {(c.kind, c.object_id) for c in de_reads} == {
        ("person", s.person.pk),
        ("document", s.document.pk),
        ("text", None),
    }


def test_opening_again_leads_to_the_same_project(net: Network) -> None:
    s = _seed(net, phase=Phase.CLOSED)
    first = handover.open_analysis(net.actor("FR-analyst"), s.op.pk)
    held = Contribution.objects.filter(project=first.project).count()
    again = handover.open_analysis(net.actor("FR-analyst"), s.op.pk)
    by_germany = handover.open_analysis(net.actor("DE-analyst"), s.op.pk)
    assert again.project == first.project == by_germany.project
    assert not again.created and not by_germany.created and again.added == {}
    assert Contribution.objects.filter(project=first.project).count() == held
    assert Project.objects.count() == AnalysisLink.objects.count() == 1


def test_who_may_open_it_and_when(net: Network) -> None:
    s = _seed(net, phase=Phase.ACTIVE)
    with pytest.raises(NotFound) as e:  # Spain takes no part: the operation does not exist for it
        handover.open_analysis(net.actor("ES-analyst"), s.op.pk)
    assert e.value.code == "operation_not_found"
    with pytest.raises(Forbidden) as e:  # projects are analysts' (analysis/policy.py)
        handover.open_analysis(net.actor("FR-officer"), s.op.pk)
    assert e.value.code == "not_an_analyst"
    with pytest.raises(Forbidden) as e:
        handover.open_analysis(net.actor("IT-unit-full"), s.op.pk)
    assert e.value.code == "not_an_analyst"
    with pytest.raises(Conflict) as e:  # still active: nothing is final yet
        handover.open_analysis(net.actor("FR-analyst"), s.op.pk)
    assert e.value.code == "operation_analysis_too_early"
    assert not Project.objects.exists() and not AnalysisLink.objects.exists()


def test_a_bureau_left_out_of_the_project_is_told_so(net: Network) -> None:
    s = _seed(net)
    handover.open_analysis(net.actor("FR-analyst"), s.op.pk)
    s.op.participants.create(country_id="ES")  # joined while closing, after the project opened
    with pytest.raises(Conflict) as e:
        handover.open_analysis(net.actor("ES-analyst"), s.op.pk)
    assert e.value.code == "operation_analysis_not_invited"


def test_the_final_report_page_opens_the_project(net: Network) -> None:
    s = _seed(net)
    analyst = signed_in_client(net.users["FR-analyst"])
    page = analyst.get(f"/operations/{s.op.pk}/report/").content.decode()
    assert 'id="open-analysis"' in page and "Open an analysis project" in page
    officer_page = signed_in_client(net.users["FR-officer"]).get(f"/operations/{s.op.pk}/report/")
    assert 'id="open-analysis"' not in officer_page.content.decode()
    response = analyst.post(f"/operations/{s.op.pk}/analysis/")
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/analysis/projects/{project.pk}/"
    project_page = analyst.get(response["Location"])
    assert project_page.status_code == 200 and "Target of operation FOLOSA" in project_page.content.decode()
    assert "Go to the analysis project" in analyst.get(f"/operations/{s.op.pk}/report/").content.decode()
    assert analyst.post(f"/operations/{s.op.pk}/analysis/")["Location"] == response["Location"]
    stranger = signed_in_client(net.users["ES-analyst"]).post(f"/operations/{s.op.pk}/analysis/")
    assert stranger.status_code == 404 and Project.objects.count() == 1


def _token(net: Network, user: str, scopes: list[str]) -> dict[str, str]:
    _, secret = issue_token(net.actor(f"{user[:2]}-admin"), net.users[user], name="ops", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_api_opens_it_once(net: Network) -> None:
    s = _seed(net)
    client, url = Client(), f"/api/operations/{s.op.pk}/analysis"
    only_operations = client.post(url, **_token(net, "FR-analyst", ["operations"]))
    assert only_operations.status_code == 403 and only_operations.json()["code"] == "not_an_analyst"
    auth = _token(net, "FR-analyst", ["operations", "analysis"])
    opened = client.post(url, **auth)
    assert opened.status_code == 201, opened.content
    body = opened.json()
    assert body["created"] and body["added"] == {"document": 1, "hit": 1, "person": 1}
    assert body["left_out"]["not_visible"] == 2
    again = client.post(url, **auth)
    assert again.status_code == 200 and again.json()["project_id"] == body["project_id"]
    stranger = client.post(url, **_token(net, "ES-analyst", ["operations", "analysis"]))
    assert stranger.status_code == 404 and stranger.json()["code"] == "operation_not_found"


def test_the_command_line_opens_it(net: Network) -> None:
    s = _seed(net)
    runner = CliRunner()
    refused = runner.invoke(cli.app, ["analyse", str(s.op.pk), "--as", "es-analyst"])
    assert refused.exit_code == 1 and "operation_not_found" in refused.output
    opened = runner.invoke(cli.app, ["analyse", str(s.op.pk), "--as", "fr-analyst"])
    assert opened.exit_code == 0, opened.output
    project = Project.objects.get()
    lines = opened.output.splitlines()
    assert lines[0] == f"{project.pk}\t{s.op.code_name}\topened"
    assert "added\thit\t1" in lines and "left out\tnot_visible\t2" in lines
    again = runner.invoke(cli.app, ["analyse", str(s.op.pk), "--as", "fr-analyst"])
    assert again.output.splitlines() == [f"{project.pk}\t{s.op.code_name}\talready open"]
    assert AnalysisLink.objects.count() == 1
