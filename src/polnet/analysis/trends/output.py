"""A trend as the API and the pages hand it out: JSON, CSV, PNG or SVG."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from polnet.analysis.trends.charts import chart, chart_image
from polnet.analysis.trends.filters import Filters
from polnet.analysis.trends.tables import Table

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "png": "image/png", "svg": "image/svg+xml"}


def as_json(name: str, table: Table, filters: Filters) -> dict[str, Any]:
    return {**table.as_json(), "name": name, "filters": filters.as_dict(), "chart": chart(name, table)}


def as_file(name: str, table: Table, format: str) -> HttpResponse:
    """The table as CSV, or its chart as an image, to download."""
    body: str | bytes = table.csv() if format == "csv" else chart_image(chart(name, table), format)
    response = HttpResponse(body, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="trend-{name}.{format}"'
    response["X-Content-Type-Options"] = "nosniff"
    if format == "svg":  # an SVG opened on its own runs nothing
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
