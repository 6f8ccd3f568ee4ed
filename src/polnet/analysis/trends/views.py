"""The trends page (/analysis/trends/) and a project's month of changes
(/analysis/projects/<id>/changes/). Every chart has its table and its downloads beside it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from polnet.analysis import tabs
from polnet.analysis.models import CrimeArea, LinkReason
from polnet.analysis.trends import labels, services
from polnet.analysis.trends.charts import chart
from polnet.analysis.trends.filters import KINDS, Filters, make_filters
from polnet.analysis.trends.tables import Table
from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput
from polnet.network.web import actor_required

TITLES = {
    "checks": _("Checks per week"),
    "hits": _("Hits per week, by kind"),
    "answers": _("Hits by the owner's answer and the outcome"),
    "answer_times": _("Time from a hit to the owner's answer"),
    "notices": _("Notices and diffusions per week"),
    "countries": _("Hits by country where the check was made"),
    "posts": _("Top posts by hits"),
}
COLUMNS = {
    "week": _("ISO week"),
    "week_start": _("From"),
    "kind": _("Kind"),
    "checks": _("Checks"),
    "hits": _("Hits"),
    "state": _("Owner's answer"),
    "outcome": _("Outcome"),
    "answered": _("Answered"),
    "median_hours": _("Median (hours)"),
    "p90_hours": _("9 in 10 within (hours)"),
    "channel": _("Channel"),
    "notices": _("Published or sent"),
    "country": _("Country"),
    "numeric": _("ISO number"),
    "name": _("Name"),
    "post": _("Post"),
}
REASONS = dict(LinkReason.choices)
CELL_WORDS = {"kind": labels.check_kind, "state": labels.state, "outcome": labels.outcome}


def _cells(name: str, table: Table) -> list[list[Any]]:
    rows = []
    for record in table.records():
        cells = []
        for column, value in record.items():
            if name == "notices" and column == "kind":
                value = labels.notice_kind_only(value)
            elif name == "notices" and column == "channel":
                value = labels.channel(value)
            elif column in CELL_WORDS and isinstance(value, str):
                value = CELL_WORDS[column](value)
            if isinstance(value, int | float) and column not in ("post",):
                value = number_format(value, force_grouping=True)
            cells.append("" if value is None else value)
        rows.append(cells)
    return rows


def _query(filters: Filters, **extra: str) -> str:
    params = {k: v for k, v in filters.as_dict().items() if v not in ("", None)}
    return urlencode({**params, **extra})


def _filters(request: HttpRequest) -> tuple[Filters, dict[str, str]]:
    """The filters asked for; on bad input, the default ones and the refusal on its field."""
    asked = {
        k: request.GET.get(k, "")[:40] for k in ("since", "until", "country", "post", "kind", "crime_area")
    }
    try:
        return make_filters(**asked), {}
    except InvalidInput as exc:
        return make_filters(), {str(exc.field or "since"): str(exc.message)}


@actor_required
def trends_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    filters, errors = _filters(request)
    tables = services.every_series(actor, filters)
    sections = [
        {
            "name": name,
            "title": TITLES[name],
            "spec": chart(name, table),
            "columns": [COLUMNS.get(c, c) for c in table.columns],
            "rows": _cells(name, table),
            "csv": f"/api/analysis/trends/{name}?{_query(filters, format='csv')}",
            "png": f"/api/analysis/trends/{name}?{_query(filters, format='png')}",
            "svg": f"/api/analysis/trends/{name}?{_query(filters, format='svg')}",
        }
        for name, table in tables.items()
    ]
    context = {
        "actor": actor,
        "filters": filters,
        "asked": request.GET,
        "errors": errors,
        "sections": sections,
        "kinds": [(k, labels.check_kind(k)) for k in KINDS],
        "crime_areas": CrimeArea.choices,
    }
    return render(request, "analysis/trends/trends.html", context)


@actor_required
def project_changes_page(request: HttpRequest, actor: Actor, project_id: int) -> HttpResponse:
    project, changes = services.project_changes(actor, project_id, request.GET.get("month", "")[:7] or None)
    context = {
        "actor": actor,
        "project": project,
        "tabs": tabs.tabs_for(project.pk, "changes"),
        "changes": changes,
        "steps": [
            {**step, "from_label": labels.any_state(step["from"]), "to_label": labels.any_state(step["to"])}
            for step in changes.steps
        ],
        "links": [
            {**link, "reason_label": REASONS.get(link["reason"], link["reason"])} for link in changes.links
        ],
        "hits": [{**hit, "kind_label": labels.check_kind(hit["kind"])} for hit in changes.hits],
        "notices": [
            {**n, "kind_label": labels.notice_kind(n["channel"], n["kind"])} for n in changes.notices
        ],
    }
    return render(request, "analysis/trends/changes.html", context)
