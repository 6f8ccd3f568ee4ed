"""A chart of the trends added to a draft report, as the analyst may see it at that moment.

The series is counted for the analyst (`trends.services.series`: only what the analyst may
open is counted), drawn as the trends page draws it, and stored whole: the Vega-Lite spec with
its data inline, the table behind it, and the series and filters it was counted with, so the
section says what it shows and for which period. Nothing is counted again when the report is
read: a report is a product of its date, disseminated by the reports' own rules.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polnet.analysis.models import CrimeArea
from polnet.analysis.reports import services
from polnet.analysis.reports.models import ReportSection, SectionKind
from polnet.analysis.trends import charts, labels
from polnet.analysis.trends import services as trends
from polnet.analysis.trends.filters import Filters
from polnet.analysis.trends.series import SERIES
from polnet.analysis.trends.tables import Table
from polnet.analysis.trends.views import COLUMNS, TITLES
from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput


def series_choices() -> list[tuple[str, str]]:
    """The series a report may chart, with their titles in the active language."""
    return [(name, str(TITLES.get(name, name))) for name in SERIES]


def _cell(series: str, column: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if series == "notices" and column == "kind":
        return labels.notice_kind_only(value)
    if series == "notices" and column == "channel":
        return labels.channel(value)
    words = {"kind": labels.check_kind, "state": labels.state, "outcome": labels.outcome}
    return words[column](value) if column in words else value


def _table(series: str, table: Table) -> dict[str, Any]:
    """The table behind the chart, its headings and words in the active language."""
    return {
        "columns": [str(COLUMNS.get(c, c)) for c in table.columns],
        "rows": [
            [_cell(series, column, value) for column, value in zip(table.columns, row, strict=True)]
            for row in table.rows
        ],
    }


def caption(series: str, filters: Filters, counted_for: str) -> str:
    """What the chart shows, for which period and filters, and for whom it was counted."""
    parts = [
        _("%(series)s, from %(since)s to %(until)s.")
        % {
            "series": TITLES.get(series, series),
            "since": filters.since.isoformat(),
            "until": filters.until.isoformat(),
        }
    ]
    if filters.country:
        parts.append(_("Country where checked: %(country)s.") % {"country": filters.country})
    if filters.post is not None:
        parts.append(_("Post number: %(post)s.") % {"post": filters.post})
    if filters.kind:
        parts.append(_("Kind: %(kind)s.") % {"kind": labels.check_kind(filters.kind)})
    if filters.crime_area:
        parts.append(_("Crime area: %(area)s.") % {"area": CrimeArea(filters.crime_area).label})
    parts.append(
        _("Counted on %(day)s, from what %(party)s may see.")
        % {"day": timezone.localdate().isoformat(), "party": counted_for}
    )
    return " ".join(parts)


def _party(actor: Actor) -> str:
    if actor.country:
        return _("the bureau of %(country)s") % {"country": actor.country}
    return _("the General Secretariat")


@transaction.atomic
def add_trend_chart(
    actor: Actor,
    report_id: int,
    series: str,
    filters: Filters,
    *,
    title: str = "",
    body: str = "",
    position: int | None = None,
) -> ReportSection:
    """Add the series, counted now for the actor under the filters, as a chart section of a
    draft the actor may write. The default title and caption are in the active language."""
    services.draft_for(actor, report_id)  # not found, not an analyst, issued: refused first
    if series not in SERIES:
        raise InvalidInput(
            gettext_lazy("Choose one of the trends."), code="report_chart_series", field="series"
        )
    table = trends.series(actor, series, filters)
    spec = charts.chart(series, table)
    if spec.get("width") == "container":  # drawn to an image: the page, the PDF
        spec["width"] = charts.IMAGE_WIDTH
    text = caption(series, filters, _party(actor))
    data = {
        "spec": spec,
        "table": _table(series, table),
        "trend": {
            "series": series,
            "filters": filters.as_dict(),
            "computed_at": timezone.now().isoformat(timespec="seconds"),
        },
    }
    default_title = _("%(series)s (%(since)s to %(until)s)") % {
        "series": TITLES.get(series, series),
        "since": filters.since.isoformat(),
        "until": filters.until.isoformat(),
    }
    return services.add_section(
        actor,
        report_id,
        kind=SectionKind.CHART,
        title=(title or "").strip() or default_title,
        body="\n\n".join(p for p in (text, (body or "").strip()) if p),
        data=data,
        position=position,
        audit_detail={"trend": series, "filters": filters.as_dict(), "rows": len(table.rows)},
    )
