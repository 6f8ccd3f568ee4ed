"""The trends page's "Add to a report" form, supplied by the reports: the trends import
nothing of the reports, their page only loads this library."""

from __future__ import annotations

from typing import Any

from django import template

from polnet.analysis.reports.forms import draft_choices
from polnet.analysis.reports.services import writable_drafts
from polnet.core.actor import Actor

register = template.Library()


@register.simple_tag
def report_drafts(actor: Actor) -> list[tuple[str, list[tuple[int, str]]]]:
    """The drafts the analyst may add a chart to, grouped by project (one query per page)."""
    return draft_choices(list(writable_drafts(actor)[:200]))


@register.inclusion_tag("analysis/reports/_add_to_report.html")
def add_to_report(series: str, filters: Any, drafts: list[Any]) -> dict[str, Any]:
    return {"series": series, "filters": filters, "drafts": drafts}
