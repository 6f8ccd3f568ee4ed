"""The answer letter (PDF) in the requester's language, among the four.

It states what may be disclosed, item by item, and what was corrected or deleted. Items
withheld are not mentioned at all, and a letter with nothing to disclose reads the same
whether nothing was found or everything was withheld: the letter never confirms what an
owner refused to disclose."""

from __future__ import annotations

import io
from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from polnet.analysis.reports.pdf_text import SANS, register_fonts, rich
from polnet.dataprotection.requests.models import DataRequest, Finding, ItemKind, RequestKind, Verdict

MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN


def _para(text: str, style: ParagraphStyle, rtl_page: bool) -> Paragraph:
    markup, rtl = rich(text, width=WIDTH, size=style.fontSize)
    if rtl or rtl_page:
        style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
    return Paragraph(markup, style)


def _item(f: Finding) -> str:
    kind = str(dict(ItemKind.choices).get(f.item_kind, f.item_kind))
    return f"{kind}: {f.summary}" if f.summary else kind


def _lines(req: DataRequest, findings: list[Finding], today: date) -> list[tuple[str, str]]:
    kind = str(dict(RequestKind.choices)[req.kind])
    out = [
        ("title", _("Answer to your request")),
        ("body", _("Reference: %(reference)s") % {"reference": req.reference}),
        (
            "body",
            _("Your request (%(kind)s) received on %(received)s")
            % {"kind": kind, "received": req.received_on.isoformat()},
        ),
        ("body", _("Date of this answer: %(today)s") % {"today": today.isoformat()}),
        ("body", _("Name: %(names)s") % {"names": " / ".join(req.names)}),
    ]
    disclosed = [f for f in findings if f.verdict == Verdict.DISCLOSE]
    corrected = [f for f in findings if f.verdict == Verdict.CORRECT]
    deleted = [f for f in findings if f.verdict == Verdict.DELETE]
    if disclosed:
        out.append(("h", _("Data concerning you that may be disclosed")))
        out += [("item", _item(f)) for f in disclosed]
    if corrected:
        out.append(("h", _("Data corrected at your request")))
        out += [("item", str(dict(ItemKind.choices)[f.item_kind])) for f in corrected]
    if deleted:
        out.append(("h", _("Data deleted at your request")))
        out += [("item", str(dict(ItemKind.choices)[f.item_kind])) for f in deleted]
    if not (disclosed or corrected or deleted):
        out.append(
            (
                "body",
                _(
                    "The checks made on your request have been completed. No data concerning you "
                    "can be communicated to you."
                ),
            )
        )
    out.append(("body", _("The Commission for the Control of Files")))
    return out


def render(req: DataRequest, findings: list[Finding], *, today: date) -> bytes:
    register_fonts()
    body = ParagraphStyle("body", fontName=SANS, fontSize=11, leading=16, spaceAfter=6)
    styles = {
        "body": body,
        "item": ParagraphStyle("item", parent=body, leftIndent=8 * mm),
        "h": ParagraphStyle("h", parent=body, fontSize=13, leading=18, spaceBefore=10),
        "title": ParagraphStyle("title", parent=body, fontSize=18, leading=24, spaceAfter=14),
    }
    rtl_page = req.language == "ar"
    with translation.override(req.language):
        lines = _lines(req, findings, today)
        flow = [_para(text, styles[style], rtl_page) for style, text in lines]
    flow.insert(-1, Spacer(1, 10 * mm))
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=req.reference,
    )
    doc.build(flow)
    return out.getvalue()
