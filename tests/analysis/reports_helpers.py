"""A small project with a report drawing on records of several restrictions, built through
the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from polnet.analysis.graph.identifiers import reindex_persons
from polnet.analysis.reports import services as reports
from polnet.analysis.reports.models import Report
from polnet.analysis.services import open_project
from polnet.records.models import Person
from tests.factories import Network, make_record

CHART_SPEC: dict[str, Any] = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "data": {"values": [{"month": "2026-01", "n": 3}, {"month": "2026-02", "n": 5}]},
    "mark": "bar",
    "encoding": {
        "x": {"field": "month", "type": "nominal"},
        "y": {"field": "n", "type": "quantitative"},
    },
}
CHART_TABLE = {"columns": ["month", "n"], "rows": [["2026-01", 3], ["2026-02", 5]]}


@dataclass
class Case:
    report: Report
    shared: Any  # a French person every member sees
    only_de: Any  # a French vehicle only Germany (and France) sees
    project_id: int


def build_case(net: Network, *, handling_code: str = "H2") -> Case:
    fr = net.actor("FR-officer")
    analyst = net.actor("FR-analyst")
    shared = make_record(fr, "person")
    # The phone the graph section shows hangs on the shared person, as the graph indexes it.
    Person.objects.filter(pk=shared.pk).update(identifiers=[{"kind": "phone", "value": "+33612345678"}])
    reindex_persons([shared.pk])
    only_de = make_record(fr, "vehicle", restriction="only_listed", listed=["DE"])
    project = open_project(
        analyst,
        name="Balkan route",
        purpose="investigation",
        crime_area="firearms",
        review_date=date.today() + timedelta(days=300),
        participants=["DE"],
    )
    report = reports.create_report(
        analyst,
        project.pk,
        title="Firearms on the Balkan route",
        summary="Quarterly assessment.",
        handling_code=handling_code,
    )
    reports.add_section(
        analyst,
        report.pk,
        kind="text",
        title="Assessment",
        body="Première ligne, en français.\n\nSegunda línea en español.\n\nالتقييم العام للشبكة 2026",  # noqa: RUF001
    )
    reports.add_section(
        analyst,
        report.pk,
        kind="chart",
        title="Seizures by month",
        data={"spec": CHART_SPEC, "table": CHART_TABLE},
    )
    reports.add_section(
        analyst,
        report.pk,
        kind="graph",
        title="Network",
        data={
            "nodes": [
                {"key": f"person:{shared.pk}", "kind": "person", "label": "Ivan Ivanov"},
                {"key": f"vehicle:{only_de.pk}", "kind": "vehicle", "label": "Motor Coach"},
                {"key": "identifier:phone:+33612345678", "kind": "identifier", "label": "+33612345678"},
            ],
            "edges": [
                {
                    "source": f"person:{shared.pk}",
                    "target": f"vehicle:{only_de.pk}",
                    "reason": "manual",
                    "label": "drives",
                },
                {
                    "source": f"person:{shared.pk}",
                    "target": "identifier:phone:+33612345678",
                    "reason": "identifier",
                    "label": "phone",
                },
            ],
        },
    )
    reports.add_section(analyst, report.pk, kind="table", title="Counts", data=CHART_TABLE)
    reports.add_section(
        analyst,
        report.pk,
        kind="entities",
        title="Subjects",
        data={"keys": [f"person:{shared.pk}", f"vehicle:{only_de.pk}"]},
    )
    report.refresh_from_db()
    return Case(report, shared, only_de, project.pk)
