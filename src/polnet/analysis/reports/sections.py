"""What each kind of section holds, checked before it is stored: a refusal names the field.

- text: `body`, plain paragraphs separated by blank lines;
- chart: `data = {"spec": <Vega-Lite spec with its data inline>, "table": {"columns", "rows"}}`;
- graph: `data = {"nodes": [{"key", "kind", "label"}], "edges": [{"source", "target", "reason", "label"}]}`;
- table: `data = {"columns": [...], "rows": [[...], ...]}`;
- entities: `data = {"keys": ["person:12", "notice:7", ...]}`.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_lazy as _

from polnet.analysis.reports.entities import GRAPH_KINDS, checked_keys, split_key
from polnet.analysis.reports.models import SectionKind
from polnet.core.errors import InvalidInput

MAX_TEXT = 20_000
MAX_DATA_BYTES = 1_000_000
MAX_ROWS = 1000
MAX_COLUMNS = 30
MAX_NODES = 500
MAX_EDGES = 2000


def _refuse(message: Any, code: str, field: str = "data", **params: Any) -> InvalidInput:
    return InvalidInput(message, code=code, field=field, **params)


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
        raise _refuse(_("A table has columns and rows."), "report_table_shape", field)
    columns, rows = table.get("columns"), table.get("rows")
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
        raise _refuse(_("A table has columns and rows."), "report_table_shape", field)
    if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == len(columns) for r in rows):
        raise _refuse(_("Every row of a table has one value per column."), "report_table_rows", field)
    if len(columns) > MAX_COLUMNS or len(rows) > MAX_ROWS:
        raise _refuse(
            _("A table has at most %(c)s columns and %(r)s rows."),
            "report_table_size",
            field,
            c=MAX_COLUMNS,
            r=MAX_ROWS,
        )
    if not all(_scalar(v) for r in rows for v in r):
        raise _refuse(_("A table's cells are text or numbers."), "report_table_cells", field)
    return {"columns": [c[:200] for c in columns], "rows": rows}


def _checked_chart(data: dict[str, Any]) -> dict[str, Any]:
    spec = data.get("spec")
    inline = spec.get("data") if isinstance(spec, dict) else None
    if not isinstance(inline, dict) or not isinstance(inline.get("values"), list):
        raise _refuse(
            _("A chart is a Vega-Lite spec with its data inline (data.values)."), "report_chart_spec"
        )
    if _has_url(spec):
        raise _refuse(_("A chart's spec may not load anything from a URL."), "report_chart_url")
    out: dict[str, Any] = {"spec": spec}
    if data.get("table") is not None:
        out["table"] = checked_table(data["table"])
    return out


def _checked_graph(data: dict[str, Any]) -> dict[str, Any]:
    nodes, edges = data.get("nodes"), data.get("edges", [])
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise _refuse(_("A graph snapshot has nodes and edges."), "report_graph_shape")
    if len(nodes) > MAX_NODES or len(edges) > MAX_EDGES:
        raise _refuse(
            _("A graph snapshot has at most %(n)s nodes and %(e)s edges."),
            "report_graph_size",
            n=MAX_NODES,
            e=MAX_EDGES,
        )
    out_nodes: list[dict[str, str]] = []
    for node in nodes:
        if not isinstance(node, dict) or not isinstance(node.get("key"), str):
            raise _refuse(_("A graph snapshot has nodes and edges."), "report_graph_shape")
        kind, _ident = split_key(node["key"], GRAPH_KINDS)
        out_nodes.append({"key": node["key"], "kind": kind, "label": str(node.get("label", ""))[:200]})
    keys = {n["key"] for n in out_nodes}
    out_edges: list[dict[str, str]] = []
    for edge in edges:
        if not isinstance(edge, dict) or edge.get("source") not in keys or edge.get("target") not in keys:
            raise _refuse(_("Every edge joins two nodes of the snapshot."), "report_graph_edge")
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
        raise _refuse(_("Choose one of the kinds of section."), "report_section_kind", "kind")
    title, body = (title or "").strip(), (body or "").strip()
    if len(title) > 300:
        raise _refuse(_("A title has at most 300 characters."), "report_title_long", "title")
    if len(body) > MAX_TEXT:
        raise _refuse(_("A text has at most %(n)s characters."), "report_text_long", "body", n=MAX_TEXT)
    data = data if data is not None else {}
    if not isinstance(data, dict):
        raise _refuse(_("A section's data is an object."), "report_data_shape")
    if len(json.dumps(data)) > MAX_DATA_BYTES:
        raise _refuse(_("A section's data is too large."), "report_data_large")
    if kind == SectionKind.TEXT:
        if not body:
            raise _refuse(_("Write the section's text."), "report_text_missing", "body")
        return title, body, {}
    if kind == SectionKind.CHART:
        return title, body, _checked_chart(data)
    if kind == SectionKind.GRAPH:
        return title, body, _checked_graph(data)
    if kind == SectionKind.TABLE:
        return title, body, checked_table(data)
    keys = checked_keys(data.get("keys") or [])
    if not keys:
        raise _refuse(_("Name at least one entity."), "report_keys_missing", "keys")
    return title, body, {"keys": keys}


def section_keys(kind: str, data: dict[str, Any], sources: list[str]) -> list[str]:
    """Every node key a section draws on, in order."""
    keys = list(sources)
    if kind == SectionKind.ENTITIES:
        keys += data.get("keys", [])
    elif kind == SectionKind.GRAPH:
        keys += [n["key"] for n in data.get("nodes", [])]
    return list(dict.fromkeys(keys))
