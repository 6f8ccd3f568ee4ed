"""Who reads a report: the project's participants in every state; once issued, the bureaus
its restriction reaches (their own access deciding which entities they see); nobody else.
The rule is the core condition tree: its query and its predicate agree."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from polnet.analysis.reports import policy
from polnet.analysis.reports import services as reports
from polnet.analysis.reports.models import Report
from polnet.core.errors import InvalidInput, NotFound
from polnet.core.models import AuditEntry
from tests.analysis.reports_helpers import build_case
from tests.factories import Network

READERS = [
    "FR-officer",
    "FR-analyst",
    "DE-officer",
    "DE-analyst",
    "IT-officer",
    "IT-analyst",
    "IT-dpo",
    "ES-admin",
    "IT-unit-full",
    "IT-unit-hitonly",
    "DE-unit-full",
    "gs-analyst",
    "gs-reviewer",
    "gs-sysadmin",
]


def _readable(net: Network, name: str, report: Report) -> bool:
    try:
        reports.open_report(net.actor(name), report.pk)
    except NotFound:
        return False
    return True


def _agree(net: Network, report: Report) -> None:
    report.refresh_from_db()
    for name in READERS:
        actor = net.actor(name)
        in_q = Report.objects.filter(policy.received_q(actor), pk=report.pk).exists()
        assert in_q == policy.reaches(actor, report), name


def test_a_draft_is_read_by_participants_only(net: Network) -> None:
    case = build_case(net)
    readable = {n for n in READERS if _readable(net, n, case.report)}
    assert readable == {"FR-analyst", "DE-analyst"}
    _agree(net, case.report)


@pytest.mark.parametrize(
    ("restriction", "listed", "bureau_only", "expected"),
    [
        (
            "all",
            [],
            False,
            {
                "FR-officer",
                "FR-analyst",
                "DE-officer",
                "DE-analyst",
                "IT-officer",
                "IT-analyst",
                "IT-dpo",
                "ES-admin",
                "IT-unit-full",
                "DE-unit-full",
            },
        ),
        (
            "only_listed",
            ["IT"],
            False,
            {"FR-officer", "FR-analyst", "DE-analyst", "IT-officer", "IT-analyst", "IT-dpo", "IT-unit-full"},
        ),
        ("all_except", ["IT"], True, {"FR-officer", "FR-analyst", "DE-officer", "DE-analyst", "ES-admin"}),
    ],
)
def test_an_issued_report_reaches_the_bureaus_its_restriction_admits(
    net: Network, restriction: str, listed: list[str], bureau_only: bool, expected: set[str]
) -> None:
    case = build_case(net)
    reports.issue_report(
        net.actor("FR-analyst"),
        case.report.pk,
        restriction=restriction,
        listed_countries=listed,
        bureau_only=bureau_only,
    )
    readable = {n for n in READERS if _readable(net, n, case.report)}
    assert readable == expected
    _agree(net, case.report)
    # A reader it does not reach gets the same answer as for a report that does not exist.
    with pytest.raises(NotFound) as hidden:
        reports.open_report(net.actor("gs-analyst"), case.report.pk)
    with pytest.raises(NotFound) as absent:
        reports.open_report(net.actor("gs-analyst"), 10**9)
    assert hidden.value.code == absent.value.code == "report_not_found"


def test_a_reached_bureau_reads_it_without_what_it_may_not_see(net: Network) -> None:
    case = build_case(net)
    reports.issue_report(net.actor("FR-analyst"), case.report.pk, restriction="all")
    vehicle = f"vehicle:{case.only_de.pk}"
    for name, sees_vehicle in (("DE-officer", True), ("IT-officer", False), ("IT-unit-full", False)):
        view = reports.open_report(net.actor(name), case.report.pk).view
        keys = {e.key for e in view.entities}
        assert (vehicle in keys) is sees_vehicle, name
        assert f"person:{case.shared.pk}" in keys
        graph = next(s for s in view.sections if s.kind == "graph").graph
        assert graph is not None
        assert (vehicle in {n["key"] for n in graph["nodes"]}) is sees_vehicle
        assert all(vehicle not in (e["source"], e["target"]) for e in graph["edges"]) or sees_vehicle
        assert view.withheld == (0 if sees_vehicle else 2)
    reads = AuditEntry.objects.filter(
        object_type="analysis_report", action="read", purpose=f"analysis_project:{case.project_id}"
    )
    assert {(e.actor_name, e.detail["as"]) for e in reads} >= {
        ("it-officer", "recipient"),
        ("de-officer", "recipient"),
    }


def test_a_report_past_its_review_date_no_longer_reaches_bureaus(net: Network) -> None:
    case = build_case(net)
    reports.issue_report(net.actor("FR-analyst"), case.report.pk, restriction="all")
    Report.objects.filter(pk=case.report.pk).update(review_date=date.today() - timedelta(days=1))
    assert not _readable(net, "IT-officer", case.report)
    assert _readable(net, "DE-analyst", case.report)  # a participant still reads it
    _agree(net, case.report)


def test_issuing_refuses_bad_dissemination(net: Network) -> None:
    case = build_case(net)
    analyst = net.actor("FR-analyst")
    for kwargs in (
        {"restriction": "some"},
        {"restriction": "only_listed"},
        {"restriction": "all", "listed_countries": ["DE"]},
        {"restriction": "only_listed", "listed_countries": ["XX"]},
        {"restriction": "all", "review_date": date.today() - timedelta(days=1)},
    ):
        with pytest.raises(InvalidInput):
            reports.issue_report(analyst, case.report.pk, **kwargs)
    case.report.refresh_from_db()
    assert case.report.state == "draft"


def test_a_graph_section_shows_posts_by_the_graph_rule(net: Network) -> None:
    """A post in a snapshot is seen as the link graph shows it: by its own bureau's readers,
    and by another bureau only where a hit it may see was made there."""
    case = build_case(net)
    analyst = net.actor("FR-analyst")
    post = f"post:{net.units['DE-full'].pk}"
    person = f"person:{case.shared.pk}"
    reports.add_section(
        analyst,
        case.report.pk,
        kind="graph",
        data={"nodes": [{"key": post, "label": "Post"}, {"key": person, "label": "P"}], "edges": []},
    )
    reports.issue_report(analyst, case.report.pk, restriction="all")
    for name, sees_post in (("DE-officer", True), ("IT-officer", False), ("FR-analyst", False)):
        view = reports.open_report(net.actor(name), case.report.pk).view
        graph = [s for s in view.sections if s.kind == "graph"][-1].graph
        assert graph is not None
        assert {n["key"] for n in graph["nodes"]} == ({post, person} if sees_post else {person}), name
