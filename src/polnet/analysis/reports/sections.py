"""What each kind of section holds, checked before it is stored: a refusal names the field.

- text: `body`, plain paragraphs separated by blank lines;
- chart: `data = {"spec": <Vega-Lite spec with its data inline>, "table": {"columns", "rows"}}`,
  and for a chart of the trends `"trend": {"series", "filters", "computed_at"}`;
- graph: `data = {"nodes": [{"key", "kind", "label"}], "edges": [{"source", "target", "reason", "label"}]}`;
- table: `data = {"columns": [...], "rows": [[...], ...]}`;
- entities: `data = {"keys": ["person:12", "notice:7", ...]}`.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_lazy as _

from polnet.analysis.graph.vocabulary import parse_key
from polnet.analysis.reports.entities import checked_keys
from polnet.analysis.reports.models import SectionKind
from polnet.core.errors import InvalidInput

MAX_TEXT = 20_000
MAX_DATA_BYTES = 1_000_000
MAX_ROWS = 1000
MAX_COLUMNS = 30
MAX_NODES = 500
MAX_EDGES = 2000


def _has_url(value: Any) -> bool:
    """A spec may not name anything to fetch: rendering it must touch no network or file."""
    if isinstance(value, dict):
        return any(k in ("url", "href") or _has_url(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_url(v) for v in value)
    return False


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def checked_table(table: Any, field: str = "data") -> dict[str, Any]:
    if not isinstance(table, dict):
        raise InvalidInput(_("A table has columns and rows."), code="report_table_shape", field=field)
    columns, rows = table.get("columns"), table.get("rows")
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
        raise InvalidInput(_("A table has columns and rows."), code="report_table_shape", field=field)
    if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == len(columns) for r in rows):
        raise InvalidInput(
            _("Every row of a table has one value per column."), code="report_table_rows", field=field
        )
    if len(columns) > MAX_COLUMNS or len(rows) > MAX_ROWS:
        raise InvalidInput(
            _("A table has at most %(c)s columns and %(r)s rows."),
            code="report_table_size",
            field=field,
            c=MAX_COLUMNS,
            r=MAX_ROWS,
        )
    if not all(_scalar(v) for r in rows for v in r):
        raise InvalidInput(_("A table's cells are text or numbers."), code="report_table_cells", field=field)
    return {"columns": [c[:200] for c in columns], "rows": rows}


def _checked_chart(data: dict[str, Any]) -> dict[str, Any]:
    spec = data.get("spec")
    inline = spec.get("data") if isinstance(spec, dict) else None
    if not isinstance(inline, dict) or not isinstance(inline.get("values"), list):
        raise InvalidInput(
            _("A chart is a Vega-Lite spec with its data inline (data.values)."),
            code="report_chart_spec",
            field="data",
        )
    if _has_url(spec):
        raise InvalidInput(
            _("A chart's spec may not load anything from a URL."), code="report_chart_url", field="data"
        )
    out: dict[str, Any] = {"spec": spec}
    if data.get("table") is not None:
        out["table"] = checked_table(data["table"])
    if data.get("trend") is not None:
        out["trend"] = _checked_trend(data["trend"])
    return out


def _checked_trend(trend: Any) -> dict[str, Any]:
    """Where a chart of the trends came from: its series, its filters, when it was counted."""
    filters = trend.get("filters") if isinstance(trend, dict) else None
    if (
        not isinstance(trend, dict)
        or not isinstance(trend.get("series"), str)
        or not isinstance(filters, dict)
        or len(filters) > 10
        or not all(isinstance(k, str) and _scalar(v) for k, v in filters.items())
    ):
        raise InvalidInput(
            _("A chart's trend names its series and filters."), code="report_chart_trend", field="data"
        )
    return {
        "series": trend["series"][:32],
        "filters": {k[:32]: v[:64] if isinstance(v, str) else v for k, v in filters.items()},
        "computed_at": str(trend.get("computed_at", ""))[:40],
    }


def _checked_graph(data: dict[str, Any]) -> dict[str, Any]:
    nodes, edges = data.get("nodes"), data.get("edges", [])
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise InvalidInput(
            _("A graph snapshot has nodes and edges."), code="report_graph_shape", field="data"
        )
    if len(nodes) > MAX_NODES or len(edges) > MAX_EDGES:
        raise InvalidInput(
            _("A graph snapshot has at most %(n)s nodes and %(e)s edges."),
            code="report_graph_size",
            field="data",
            n=MAX_NODES,
            e=MAX_EDGES,
        )
    out_nodes: list[dict[str, str]] = []
    for node in nodes:
        if not isinstance(node, dict) or not isinstance(node.get("key"), str):
            raise InvalidInput(
                _("A graph snapshot has nodes and edges."), code="report_graph_shape", field="data"
            )
        kind, _ident = parse_key(node["key"], field="data")
        out_nodes.append({"key": node["key"], "kind": kind, "label": str(node.get("label", ""))[:200]})
    keys = {n["key"] for n in out_nodes}
    out_edges: list[dict[str, str]] = []
    for edge in edges:
        if not isinstance(edge, dict) or edge.get("source") not in keys or edge.get("target") not in keys:
            raise InvalidInput(
                _("Every edge joins two nodes of the snapshot."), code="report_graph_edge", field="data"
            )
        out_edges.append(
            {
                "source": edge["source"],
                "target": edge["target"],
                "reason": str(edge.get("reason", ""))[:64],
                "label": str(edge.get("label", ""))[:200],
            }
        )
    return {"nodes": out_nodes, "edges": out_edges}


def checked_section(kind: str, title: str, body: str, data: Any) -> tuple[str, str, dict[str, Any]]:
    """The section's title, body and data as stored; InvalidInput names what is wrong."""
    if kind not in SectionKind.values:
        raise InvalidInput(_("Choose one of the kinds of section."), code="report_section_kind", field="kind")
    title, body = (title or "").strip(), (body or "").strip()
    if len(title) > 300:
        raise InvalidInput(_("A title has at most 300 characters."), code="report_title_long", field="title")
    if len(body) > MAX_TEXT:
        raise InvalidInput(
            _("A text has at most %(n)s characters."), code="report_text_long", field="body", n=MAX_TEXT
        )
    data = data if data is not None else {}
    if not isinstance(data, dict):
        raise InvalidInput(_("A section's data is an object."), code="report_data_shape", field="data")
    if len(json.dumps(data)) > MAX_DATA_BYTES:
        raise InvalidInput(_("A section's data is too large."), code="report_data_large", field="data")
    if kind == SectionKind.TEXT:
        if not body:
            raise InvalidInput(_("Write the section's text."), code="report_text_missing", field="body")
        return title, body, {}
    if kind == SectionKind.CHART:
        return title, body, _checked_chart(data)
    if kind == SectionKind.GRAPH:
        return title, body, _checked_graph(data)
    if kind == SectionKind.TABLE:
        return title, body, checked_table(data)
    keys = checked_keys(data.get("keys") or [])
    if not keys:
        raise InvalidInput(_("Name at least one entity."), code="report_keys_missing", field="keys")
    return title, body, {"keys": keys}


def section_keys(kind: str, data: dict[str, Any], sources: list[str]) -> list[str]:
    """Every node key a section draws on, in order."""
    keys = list(sources)
    if kind == SectionKind.ENTITIES:
        keys += data.get("keys", [])
    elif kind == SectionKind.GRAPH:
        keys += [n["key"] for n in data.get("nodes", [])]
    return list(dict.fromkeys(keys))
