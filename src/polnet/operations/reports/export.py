"""The final report's outputs: the bubble map (inline SVG), the PDF (ReportLab, the handling code
at the head and foot of every page, like analysis reports) and the CSV (one row per seizure line
and per arrest, the handling code in a first comment row)."""

from __future__ import annotations

import io
import math
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from polnet.analysis.reports.pdf import MARGIN, WIDTH, _para, _styles, handling_line
from polnet.core import csv_safety
from polnet.core.countries import name_of
from polnet.operations.models import Arrest, Operation, Seizure
from polnet.operations.reports.capitals import CAPITALS
from polnet.operations.reports.results import Results

MAP_W, MAP_H = 600, 360


def _when(at: datetime | None) -> str:
    return date_format(timezone.localtime(at), "Y-m-d H:i") if at else ""


def bubble_map(countries: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """An equirectangular map of the reporting countries' capitals, bubbles sized by value, and
    the countries without known coordinates (shown as a list instead)."""
    placed = [c for c in countries if c["country"] in CAPITALS]
    missing = [c["country"] for c in countries if c["country"] not in CAPITALS]
    if not placed:
        return "", missing
    lats = [CAPITALS[c["country"]][0] for c in placed]
    lons = [CAPITALS[c["country"]][1] for c in placed]
    # A window around the capitals, at least 20 degrees wide, same scale on both axes.
    span = max(20.0, max(lons) - min(lons) + 10, (max(lats) - min(lats) + 10) * MAP_W / MAP_H)
    lon0 = (max(lons) + min(lons)) / 2 - span / 2
    lat0 = (max(lats) + min(lats)) / 2 + span * MAP_H / MAP_W / 2
    scale = MAP_W / span
    top = max((c["value_eur"] for c in placed), default=Decimal(0)) or Decimal(1)
    shapes = []
    for c in placed:
        lat, lon = CAPITALS[c["country"]]
        x, y = (lon - lon0) * scale, (lat0 - lat) * scale
        r = 6 + 30 * math.sqrt(float(c["value_eur"] / top))
        shapes.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#1f6fb2" fill-opacity="0.5">'
            f"<title>{escape(name_of(c['country']))}</title></circle>"
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="12">'
            f"{escape(c['country'])}</text>"
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_W} {MAP_H}" role="img" '
        f'aria-label="{escape(_("Map of results by country"))}" class="result-map">'
        f'<rect width="{MAP_W}" height="{MAP_H}" fill="#eef3f7"/>' + "".join(shapes) + "</svg>"
    )
    return svg, missing


def _table(rows: list[list[str]], styles: dict[str, Any]) -> Table:
    width = WIDTH / max(1, len(rows[0]))
    cells = [
        [_para(v, styles["small"], bold=i == 0, width=width - 6) for v in row] for i, row in enumerate(rows)
    ]
    t = Table(cells, colWidths=[width] * len(rows[0]), repeatRows=1)
    t.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    return t


def category_rows(r: Results, *, grouped: bool = False) -> list[list[str]]:
    """The totals by category. ``grouped``: numbers as the reader's language writes them, with
    thousands grouped (the page); otherwise plain (the PDF)."""
    from polnet.operations.models import DrugType, QuantityUnit, SeizureCategory

    def num(value: Decimal, places: int | None = None) -> str:
        if not grouped:
            return f"{value}" if places else f"{value.normalize():f}"
        return number_format(value if places else value.normalize(), decimal_pos=places, force_grouping=True)

    rows = [[_("Category"), _("Quantity"), _("Value (EUR)")]]
    for c in r.categories:
        name = str(SeizureCategory(c["category"]).label)
        if c["drug_type"]:
            name += f" ({DrugType(c['drug_type']).label})"
        rows.append(
            [
                name,
                f"{num(c['quantity'])} {QuantityUnit(c['quantity_unit']).label}",
                num(c["value_eur"], 2),
            ]
        )
    return rows


def pdf(operation: Operation, r: Results) -> bytes:
    styles = _styles()
    line = handling_line(operation.handling_code)
    title = _("Operation %(name)s: final report") % {"name": operation.code_name}

    def frame(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        for text, y in (
            (line, A4[1] - MARGIN + 4),
            (f"{line} · " + _("Page %(n)s") % {"n": doc.page}, MARGIN - 28),
        ):
            p = _para(text, styles["small"], bold=True)
            p.wrapOn(canvas, WIDTH, 30)
            p.drawOn(canvas, MARGIN, y)
        canvas.restoreState()

    story: list[Any] = [
        _para(title, styles["title"]),
        _para(r.headline, styles["h1"]),
        _para(
            _("Period: %(start)s to %(end)s") % {"start": operation.active_on, "end": operation.active_until},
            styles["body"],
        ),
        _para(_("Totals by category"), styles["h1"]),
        _table(category_rows(r), styles),
        _para(_("By country"), styles["h1"]),
        _table(
            [[_("Country"), _("Reports"), _("Value (EUR)"), _("Arrests")]]
            + [
                [c["country"], str(c["reports"]), str(c["value_eur"]), str(c["arrests"])] for c in r.countries
            ],
            styles,
        ),
        _para(_("By day"), styles["h1"]),
        _table(
            [[_("Day"), _("Reports"), _("Value (EUR)")]]
            + [[str(d["day"]), str(d["reports"]), str(d["value_eur"])] for d in r.days],
            styles,
        ),
    ]
    if r.hits:
        story += [_para(_("Hits that led to seizures"), styles["h1"])]
        story.append(
            _table(
                [[_("Target"), _("Country"), _("When")]]
                + [[h["target"], h["country"], _when(h["at"])] for h in r.hits],
                styles,
            )
        )
    if r.follow_ups:
        story += [_para(_("Records to create or update"), styles["h1"])]
        story.append(
            _table(
                [[_("Database"), _("Action"), _("What"), _("Country")]]
                + [[f["kind_label"], f["action_label"], f["what"], f["country"]] for f in r.follow_ups],
                styles,
            )
        )
    story.append(Spacer(1, 6))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 10,
        bottomMargin=MARGIN + 10,
        title=title,
    )
    doc.build(
        [s for s in story if not isinstance(s, Paragraph) or s.text], onFirstPage=frame, onLaterPages=frame
    )
    return buf.getvalue()


CSV_HEADER = [
    "row",
    "report",
    "country",
    "unit",
    "occurred_at",
    "place",
    "category",
    "drug_type",
    "quantity",
    "quantity_unit",
    "value",
    "currency",
    "value_eur",
    "nationality",
    "person_record_id",
]


def csv_text(operation: Operation) -> str:
    out = io.StringIO()
    w = csv_safety.writer(out)
    w.writerow([f"# {handling_line(operation.handling_code)}"])
    w.writerow(CSV_HEADER)
    for s in (
        Seizure.objects.filter(report__operation=operation)
        .select_related("report", "report__unit")
        .order_by("report__occurred_at", "pk")
    ):
        rep = s.report
        unit = rep.unit.name if rep.unit else ""
        w.writerow(
            [
                "seizure",
                rep.pk,
                rep.country_id,
                unit,
                rep.occurred_at.isoformat(),
                rep.place,
                s.category,
                s.drug_type,
                str(s.quantity),
                s.quantity_unit,
                "" if s.value is None else str(s.value),
                s.currency,
                "" if s.value_eur is None else str(s.value_eur),
                "",
                "",
            ]
        )
    for a in (
        Arrest.objects.filter(report__operation=operation)
        .select_related("report", "report__unit")
        .order_by("report__occurred_at", "pk")
    ):
        rep = a.report
        unit = rep.unit.name if rep.unit else ""
        w.writerow(
            [
                "arrest",
                rep.pk,
                rep.country_id,
                unit,
                rep.occurred_at.isoformat(),
                rep.place,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                a.nationality_id,
                a.person_record_id or "",
            ]
        )
    return out.getvalue()
