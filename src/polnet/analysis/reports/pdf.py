"""The report as a PDF (ReportLab platypus): a title page, the handling code at the head and
foot of every page with the page number, the sections in order (charts drawn from their
Vega-Lite spec, the graph snapshot with each edge's reason, tables, entity details) and the
sources at the end. It prints a `ReportView`: what one reader may see, nothing else."""

from __future__ import annotations

import io
import math
from typing import Any

import arabic_reshaper
import networkx as nx
import vl_convert
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.shapes import Circle, Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from polnet.analysis.reports.entities import Entity
from polnet.analysis.reports.models import SectionKind
from polnet.analysis.reports.pdf_text import ARABIC, SANS, is_arabic, register_fonts, rich, visual_runs
from polnet.analysis.reports.reading import ReportView, SectionView
from polnet.records.models import HANDLING_MEANING

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
MAX_CHART_HEIGHT = 110 * mm


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=SANS, fontSize=10, leading=14, spaceAfter=6)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, spaceAfter=0),
        "title": ParagraphStyle("title", parent=body, fontSize=22, leading=28, spaceAfter=12),
        "h1": ParagraphStyle("h1", parent=body, fontSize=14, leading=19, spaceBefore=10, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=body, fontSize=11, leading=15, spaceBefore=6, spaceAfter=4),
        "mark": ParagraphStyle("mark", parent=body, fontSize=12, leading=16, textColor=colors.darkred),
    }


def _para(text: str, style: ParagraphStyle, *, bold: bool = False, width: float = WIDTH) -> Paragraph:
    markup, rtl = rich(text, width=width, size=style.fontSize)
    if bold:
        markup = f"<b>{markup}</b>"
    if rtl:
        style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
    return Paragraph(markup, style)


def handling_line(code: str) -> str:
    return _("Handling code %(code)s: %(meaning)s") % {"code": code, "meaning": HANDLING_MEANING[code]}


class _Frame:
    """Draws the head and foot of every page: the handling code on both, the page number."""

    def __init__(self, view: ReportView, styles: dict[str, ParagraphStyle]) -> None:
        self.line = handling_line(view.report.handling_code)
        self.title = view.report.title
        self.styles = styles

    def __call__(self, canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        top = A4[1] - MARGIN + 4 * mm
        for text, y in ((self.line, top), (self.title, top - 5 * mm)):
            p = _para(text, self.styles["small"], bold=text is self.line)
            p.wrapOn(canvas, WIDTH, 10 * mm)
            p.drawOn(canvas, MARGIN, y)
        foot = _para(
            f"{self.line} · " + _("Page %(n)s") % {"n": doc.page},
            self.styles["small"],
            bold=True,
        )
        foot.wrapOn(canvas, WIDTH, 10 * mm)
        foot.drawOn(canvas, MARGIN, MARGIN - 10 * mm)
        canvas.restoreState()


def _table(table: dict[str, Any], styles: dict[str, ParagraphStyle]) -> Table:
    columns = table.get("columns", [])
    col_width = WIDTH / max(1, len(columns))
    rows = [[_para(str(c), styles["small"], bold=True, width=col_width - 6) for c in columns]]
    for row in table.get("rows", []):
        rows.append([_para("" if v is None else str(v), styles["small"], width=col_width - 6) for v in row])
    t = Table(rows, colWidths=[col_width] * len(columns), repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def chart_png(spec: dict[str, Any]) -> bytes | None:
    """The chart as a PNG; no URL may be loaded (the spec's data is inline)."""
    try:
        png: bytes = vl_convert.vegalite_to_png(spec, scale=2, allowed_base_urls=[])
    except Exception:  # a spec Vega-Lite cannot draw: the table behind it still shows
        return None
    return png


def _chart(spec: dict[str, Any]) -> Flowable | None:
    png = chart_png(spec)
    if png is None:
        return None
    img = Image(io.BytesIO(png))
    ratio = min(WIDTH / img.imageWidth, MAX_CHART_HEIGHT / img.imageHeight)
    img.drawWidth, img.drawHeight = img.imageWidth * ratio, img.imageHeight * ratio
    return img


def _graph(graph: dict[str, Any]) -> Drawing:
    """The snapshot drawn with a spring layout; each edge carries its reason."""
    g: nx.Graph[str] = nx.Graph()
    labels = {n["key"]: n.get("label") or n["key"] for n in graph["nodes"]}
    g.add_nodes_from(labels)
    g.add_edges_from((e["source"], e["target"]) for e in graph["edges"])
    height = 120 * mm
    d = Drawing(WIDTH, height)
    if not labels:
        return d
    pos = nx.spring_layout(g, seed=7) if len(labels) > 1 else {next(iter(labels)): (0.0, 0.0)}
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def at(key: str) -> tuple[float, float]:
        x, y = pos[key]
        return (20 + (x - min(xs)) / span_x * (WIDTH - 40), 15 + (y - min(ys)) / span_y * (height - 30))

    for e in graph["edges"]:
        (x1, y1), (x2, y2) = at(e["source"]), at(e["target"])
        d.add(Line(x1, y1, x2, y2, strokeColor=colors.grey, strokeWidth=0.7))
        reason = e.get("label") or e.get("reason") or ""
        if reason:
            angle = math.atan2(y2 - y1, x2 - x1)
            text, font = _label(reason)
            x, y = (x1 + x2) / 2 + 3 * math.sin(angle), (y1 + y2) / 2 + 3
            d.add(
                String(x, y, text, fontName=font, fontSize=6, fillColor=colors.darkblue, textAnchor="middle")
            )
    for key, label in labels.items():
        x, y = at(key)
        d.add(Circle(x, y, 4, fillColor=colors.steelblue, strokeColor=colors.white))
        text, font = _label(label)
        d.add(String(x, y + 6, text, fontName=font, fontSize=7, textAnchor="middle"))
    return d


def _label(text: str) -> tuple[str, str]:
    """A drawing string and its font: one font per string, so Arabic labels use the Arabic
    font, joined and in visual order."""
    text = text[:40]
    if not any(is_arabic(c) for c in text):
        return text, SANS
    return "".join(t for _cls, t in visual_runs(arabic_reshaper.reshape(text))), ARABIC


def _entity(e: Entity, styles: dict[str, ParagraphStyle]) -> Flowable:
    rows: list[list[Any]] = [[_para(e.label or e.key, styles["body"], bold=True, width=WIDTH - 6), ""]]
    for label, value in e.details:
        rows.append(
            [
                _para(str(label), styles["small"], width=45 * mm),
                _para(value, styles["small"], width=WIDTH - 51 * mm),
            ]
        )
    rows.append(
        [
            _para(_("Source"), styles["small"], width=45 * mm),
            _para(_source_line(e), styles["small"], width=WIDTH - 51 * mm),
        ]
    )
    t = Table(rows, colWidths=[48 * mm, WIDTH - 48 * mm])
    t.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("BOX", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return KeepTogether([t, Spacer(1, 3 * mm)])


def _source_line(e: Entity) -> str:
    return "{key} · {owner}: {country} · {grading}: {code} · {handling}: {hc}".format(
        key=e.key,
        owner=_("owner"),
        country=e.owner_country or _("secretariat"),
        grading=_("source evaluation"),
        code=e.source_code or "-",
        handling=_("handling code"),
        hc=e.handling_code or "-",
    )


def _withheld(n: int, styles: dict[str, ParagraphStyle]) -> Paragraph:
    text = ngettext("%(n)s item withheld.", "%(n)s items withheld.", n) % {"n": n}
    return _para(text, styles["small"])


def _section(s: SectionView, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [
        _para(f"{s.position}. {s.title or SectionKind(s.kind).label}", styles["h1"], bold=True)
    ]
    out += [_para(p, styles["body"]) for p in s.paragraphs]
    if s.kind == SectionKind.CHART and s.spec is not None:
        chart = _chart(s.spec)
        if chart is not None:
            out.append(chart)
    if s.graph is not None:
        out.append(_graph(s.graph))
    if s.table:
        out += [Spacer(1, 2 * mm), _table(s.table, styles)]
    out += [_entity(e, styles) for e in s.entities]
    if s.withheld:
        out.append(_withheld(s.withheld, styles))
    return [KeepTogether(out[:2]), *out[2:]]  # a heading never ends a page alone


def _title_page(view: ReportView, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    r = view.report
    out: list[Flowable] = [Spacer(1, 30 * mm), _para(r.title, styles["title"], bold=True)]
    out.append(_para(handling_line(r.handling_code), styles["mark"], bold=True))
    facts = [
        (_("Project"), r.project.name),
        (_("Issued by"), r.owner_country_id or _("the secretariat")),
        (_("State"), str(r.get_state_display())),
        (_("Issued on"), date_format(r.issued_at, "DATETIME_FORMAT") if r.issued_at else "-"),
        (_("Version"), str(r.version)),
    ]
    out += [_para(f"{k}: {v}", styles["body"]) for k, v in facts]
    if r.summary:
        out += [Spacer(1, 6 * mm), _para(_("Summary"), styles["h2"], bold=True)]
        out += [_para(p, styles["body"]) for p in r.summary.split("\n\n") if p.strip()]
    if view.withheld:
        out.append(_withheld(view.withheld, styles))
    out.append(PageBreak())
    return out


def _sources(view: ReportView, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [_para(_("Sources"), styles["h1"], bold=True)]
    columns = [_("Entity"), _("Key"), _("Owner country"), _("Source evaluation"), _("Handling code")]
    rows = [
        [e.label, e.key, e.owner_country or _("secretariat"), e.source_code or "-", e.handling_code or "-"]
        for e in view.sources
    ]
    if rows:
        out.append(_table({"columns": columns, "rows": rows}, styles))
    else:
        out.append(_para(_("No entity is cited."), styles["body"]))
    if view.withheld_sources:
        out.append(_withheld(view.withheld_sources, styles))
    return out


def render_pdf(view: ReportView) -> bytes:
    styles = _styles()
    buffer = io.BytesIO()
    frame = _Frame(view, styles)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 8 * mm,
        bottomMargin=MARGIN,
        title=view.report.title,
        author=view.report.owner_country_id or "secretariat",
        subject=handling_line(view.report.handling_code),
        creator="polnet",
    )
    story = _title_page(view, styles)
    for s in view.sections:
        story += _section(s, styles)
    story += _sources(view, styles)
    doc.build(story, onFirstPage=frame, onLaterPages=frame)
    return buffer.getvalue()
