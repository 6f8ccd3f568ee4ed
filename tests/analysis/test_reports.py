"""Analytical reports: writing one inside a project, its sections, and its PDF as each reader
sees it (text extracted with pypdf)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from polnet.analysis.reports import services as reports
from polnet.analysis.reports.pdf import render_pdf
from polnet.core.errors import Conflict, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from tests.analysis.reports_helpers import CHART_SPEC, build_case
from tests.factories import Network, make_record


def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_sections_keep_their_order_and_move(net: Network) -> None:
    case = build_case(net)
    analyst = net.actor("FR-analyst")
    kinds = [s.kind for s in case.report.sections.all()]
    assert kinds == ["text", "chart", "graph", "table", "entities"]
    last = case.report.sections.last()
    assert last is not None
    reports.move_section(analyst, case.report.pk, last.pk, 1)
    assert [s.kind for s in case.report.sections.all()] == ["entities", "text", "chart", "graph", "table"]
    assert [s.position for s in case.report.sections.all()] == [1, 2, 3, 4, 5]
    reports.remove_section(analyst, case.report.pk, last.pk)
    assert [s.position for s in case.report.sections.all()] == [1, 2, 3, 4]
    acts = AuditEntry.objects.filter(
        object_type="analysis_report", purpose=f"analysis_project:{case.project_id}"
    )
    assert acts.count() >= 8


def test_bad_sections_are_refused_and_nothing_is_written(net: Network) -> None:
    case = build_case(net)
    analyst = net.actor("FR-analyst")
    before = case.report.sections.count()
    bad = [
        {"kind": "poem", "body": "x"},
        {"kind": "text", "body": "  "},
        {"kind": "chart", "data": {"spec": {"mark": "bar"}}},
        {"kind": "chart", "data": {"spec": {**CHART_SPEC, "data": {"values": [], "url": "http://x/"}}}},
        {"kind": "chart", "data": {"spec": {**CHART_SPEC, "data": {"values": []}, "image": {"href": "x"}}}},
        {"kind": "table", "data": {"columns": ["a"], "rows": [[1, 2]]}},
        {
            "kind": "graph",
            "data": {"nodes": [{"key": "person:1"}], "edges": [{"source": "person:1", "target": "x"}]},
        },
        {"kind": "entities", "data": {"keys": ["person:abc"]}},
        {"kind": "entities", "data": {"keys": ["hit:1"]}},
        {"kind": "entities", "data": {"keys": []}},
        {"kind": "entities", "data": {"keys": ["person:999999"]}},
    ]
    for section in bad:
        with pytest.raises(InvalidInput):
            reports.add_section(analyst, case.report.pk, **section)
    assert case.report.sections.count() == before


def test_an_entity_the_author_may_not_see_cannot_be_named(net: Network) -> None:
    hidden = make_record(net.actor("IT-officer"), "person", restriction="only_listed", listed=["ES"])
    case = build_case(net)
    with pytest.raises(InvalidInput) as refused:
        reports.add_section(
            net.actor("FR-analyst"), case.report.pk, kind="entities", data={"keys": [f"person:{hidden.pk}"]}
        )
    assert refused.value.code == "report_entity_unseen"


def test_only_participants_write_and_an_issued_report_is_frozen(net: Network) -> None:
    case = build_case(net)
    with pytest.raises(NotFound):
        reports.add_section(net.actor("IT-analyst"), case.report.pk, kind="text", body="x")
    reports.issue_report(net.actor("DE-analyst"), case.report.pk, restriction="all")
    with pytest.raises(Conflict):
        reports.add_section(net.actor("FR-analyst"), case.report.pk, kind="text", body="x")


def test_pdf_has_title_handling_code_on_every_page_and_sources(net: Network) -> None:
    case = build_case(net, handling_code="H2")
    opened = reports.open_report(net.actor("FR-analyst"), case.report.pk, purpose="pdf")
    pages = _pdf_pages(render_pdf(opened.view))
    assert len(pages) >= 3
    text = "\n".join(pages)
    assert "Firearms on the Balkan route" in pages[0]
    for n, page in enumerate(pages, start=1):
        assert "Handling code H2" in page, n
        assert f"Page {n}" in page
    assert "Première ligne, en français." in text
    assert "Segunda línea en español." in text
    assert "Sources" in text
    assert f"person:{case.shared.pk}" in text and f"vehicle:{case.only_de.pk}" in text
    assert "drives" in text  # the graph edge's reason
    assert "withheld" not in text


def test_pdf_leaves_out_what_the_reader_may_not_see(net: Network) -> None:
    """A participant whose country the vehicle's restriction leaves out reads the report
    without it, in every section and in the sources."""
    case = build_case(net)
    reports.issue_report(net.actor("FR-analyst"), case.report.pk, restriction="all")
    reader = net.actor("IT-officer")  # reached by "all", not listed on the vehicle
    opened = reports.open_report(reader, case.report.pk, purpose="pdf")
    assert not opened.participant
    text = "\n".join(_pdf_pages(render_pdf(opened.view)))
    assert f"vehicle:{case.only_de.pk}" not in text
    assert "Motor Coach" not in text and "AB-123-CD" not in text
    assert f"person:{case.shared.pk}" in text
    assert "1 item withheld." in text
    entry = AuditEntry.objects.filter(object_type="analysis_report", action="export").last()
    assert entry is not None and entry.detail["as"] == "recipient" and entry.detail["withheld"] == 2


def test_arabic_text_is_joined_and_printed(net: Network) -> None:
    from polnet.analysis.reports.pdf_text import rich

    markup, rtl = rich("التقييم العام 2026", width=200)
    assert rtl and "2026" in markup and "PolnetArabic" in markup
    assert "\u0627" not in markup  # letters are in their joined presentation forms
    case = build_case(net)
    opened = reports.open_report(net.actor("FR-analyst"), case.report.pk, purpose="pdf")
    text = "\n".join(_pdf_pages(render_pdf(opened.view)))
    assert "2026" in text
