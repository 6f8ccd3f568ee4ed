"""Vega-Lite v6 charts of the trends, with their data inline, and the same chart as an image.

A chart is a spec dict whose data are the rows of its table (`tables.Table`) plus their
translated labels, so the browser (vega-embed) and `chart_image` (vl-convert, no browser)
draw the same thing, and a report can store the spec as it is. The map of hits by country
draws the world from the TopoJSON shipped with the app (world-atlas, 1:110 million).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import vl_convert
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _

from polnet.analysis.trends import labels
from polnet.analysis.trends.tables import Table
from polnet.core.errors import InvalidInput

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
WORLD = Path(__file__).resolve().parents[1] / "static" / "analysis" / "vendor" / "countries-110m.json"
IMAGE_WIDTH = 640  # a chart that follows its container's width is drawn this wide as an image
FORMATS = ("png", "svg")


@cache
def world() -> dict[str, Any]:
    return json.loads(WORLD.read_text())  # type: ignore[no-any-return]


def _base(title: str, values: list[dict[str, Any]]) -> dict[str, Any]:
    rtl = get_language_bidi()
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "anchor": "end" if rtl else "start"},
        "width": "container",
        "height": 240,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "config": {"legend": {"orient": "bottom", "columns": 3}, "view": {"stroke": None}},
    }


def _weekly(title: str, values: list[dict[str, Any]], count: str, count_title: str) -> dict[str, Any]:
    spec = _base(title, values)
    spec["mark"] = {"type": "bar", "tooltip": True}
    spec["encoding"] = {
        "x": {"field": "week", "type": "ordinal", "title": _("ISO week"), "axis": {"labelAngle": -45}},
        "y": {
            "field": count,
            "type": "quantitative",
            "aggregate": "sum",
            "title": count_title,
            "axis": {"tickMinStep": 1, "format": "d"},
        },
        "color": {"field": "label", "type": "nominal", "title": None},
    }
    return spec


def checks_chart(table: Table) -> dict[str, Any]:
    values = [{**row, "label": labels.check_kind(row["kind"])} for row in table.records()]
    return _weekly(_("Checks per week"), values, "checks", _("Checks"))


def hits_chart(table: Table) -> dict[str, Any]:
    values = [{**row, "label": labels.check_kind(row["kind"])} for row in table.records()]
    return _weekly(_("Hits per week, by kind"), values, "hits", _("Hits"))


def notices_chart(table: Table) -> dict[str, Any]:
    values = [{**row, "label": labels.notice_kind(row["channel"], row["kind"])} for row in table.records()]
    return _weekly(_("Notices and diffusions per week"), values, "notices", _("Published or sent"))


def answers_chart(table: Table) -> dict[str, Any]:
    values = [
        {**row, "state_label": labels.state(row["state"]), "outcome_label": labels.outcome(row["outcome"])}
        for row in table.records()
    ]
    spec = _base(_("Hits by the owner's answer and the outcome"), values)
    spec["mark"] = {"type": "bar", "tooltip": True}
    spec["encoding"] = {
        "y": {"field": "state_label", "type": "nominal", "title": None},
        "x": {
            "field": "hits",
            "type": "quantitative",
            "aggregate": "sum",
            "title": _("Hits"),
            "axis": {"tickMinStep": 1, "format": "d"},
        },
        "color": {"field": "outcome_label", "type": "nominal", "title": None},
    }
    return spec


def answer_times_chart(table: Table) -> dict[str, Any]:
    median, p90 = _("Median"), _("9 in 10 within")
    values = [
        {"week": row["week"], "measure": measure, "hours": row[field]}
        for row in table.records()
        for measure, field in ((median, "median_hours"), (p90, "p90_hours"))
    ]
    spec = _base(_("Time from a hit to the owner's answer"), values)
    spec["mark"] = {"type": "line", "point": True, "tooltip": True}
    spec["encoding"] = {
        "x": {"field": "week", "type": "ordinal", "title": _("ISO week"), "axis": {"labelAngle": -45}},
        "y": {"field": "hours", "type": "quantitative", "title": _("Hours")},
        "color": {"field": "measure", "type": "nominal", "title": None},
    }
    return spec


def posts_chart(table: Table) -> dict[str, Any]:
    values = [{**row, "label": f"{row['name']} ({row['country']})"} for row in table.records()]
    spec = _base(_("Top posts by hits"), values)
    spec["mark"] = {"type": "bar", "tooltip": True}
    spec["encoding"] = {
        "y": {"field": "label", "type": "nominal", "title": None, "sort": "-x"},
        "x": {
            "field": "hits",
            "type": "quantitative",
            "title": _("Hits"),
            "axis": {"tickMinStep": 1, "format": "d"},
        },
    }
    return spec


def map_chart(table: Table) -> dict[str, Any]:
    """A choropleth of hits per country where the check was made; no network needed."""
    spec = _base(_("Hits by country where the check was made"), [])
    spec["height"] = 300
    spec["data"] = {"values": world(), "format": {"type": "topojson", "feature": "countries"}}
    spec["projection"] = {"type": "equalEarth"}
    spec["transform"] = [
        {
            "lookup": "id",
            "from": {"data": {"values": table.records()}, "key": "numeric", "fields": ["hits", "name"]},
        },
        {"calculate": "datum.hits || 0", "as": "hits"},
    ]
    spec["mark"] = {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.3, "tooltip": True}
    spec["encoding"] = {
        "color": {
            "field": "hits",
            "type": "quantitative",
            "title": _("Hits"),
            "scale": {"scheme": "blues", "domainMin": 0},
            "legend": {"format": "d", "tickMinStep": 1},
        },
        "tooltip": [
            {"field": "name", "type": "nominal", "title": _("Country")},
            {"field": "hits", "type": "quantitative", "title": _("Hits")},
        ],
    }
    return spec


CHARTS = {
    "checks": checks_chart,
    "hits": hits_chart,
    "answers": answers_chart,
    "answer_times": answer_times_chart,
    "notices": notices_chart,
    "countries": map_chart,
    "posts": posts_chart,
}


def chart(name: str, table: Table) -> dict[str, Any]:
    return CHARTS[name](table)


def chart_image(spec: dict[str, Any], format: str = "png") -> bytes:  # the reports' name
    """The chart drawn without a browser: PNG bytes, or SVG as UTF-8 bytes."""
    if format not in FORMATS:
        raise InvalidInput(
            gettext_lazy("A chart is drawn as png or svg."), code="trends_image_format", field="format"
        )
    fixed = {**spec, "width": IMAGE_WIDTH} if spec.get("width") == "container" else spec
    if format == "svg":
        return vl_convert.vegalite_to_svg(vl_spec=fixed, vl_version="6.4").encode()
    return vl_convert.vegalite_to_png(vl_spec=fixed, vl_version="6.4", scale=2)
