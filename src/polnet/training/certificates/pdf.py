"""A certificate as a PDF: one A4 landscape page any border officer can check by its code.

It shows what the certificate row froze at issue (holder, course title) and how to verify it:
the code, the verification address in words and as a QR code. The wording follows the
reader's language; names and titles are drawn in their own script (`pdf_text`).
"""

from __future__ import annotations

import io

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from polnet.training.certificates.models import Certificate, CertificateSource
from polnet.training.certificates.pdf_text import draw_centred

PAGE_W, PAGE_H = landscape(A4)
INK = HexColor("#1b2a41")
ACCENT = HexColor("#2f5d8a")
QR_SIZE = 110.0


def verify_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/verify/{code}/"


def issuing_party(cert: Certificate) -> str:
    """The course's owner: a bureau, a partner organisation, or the General Secretariat."""
    course = cert.course
    if course.owner_bureau is not None:
        return course.owner_bureau.name
    if course.owner_partner is not None:
        return course.owner_partner.name
    return _("General Secretariat")


def _qr(canvas: Canvas, url: str, x: float, y: float) -> None:
    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        QR_SIZE, QR_SIZE, transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def _lines(cert: Certificate) -> list[tuple[str, float, bool]]:
    """(text, size, bold) from the top of the page down."""
    date = formats.date_format(cert.issued_at.date(), "DATE_FORMAT")
    until = (
        _("Valid until %(date)s") % {"date": formats.date_format(cert.valid_until, "DATE_FORMAT")}
        if cert.valid_until
        else _("Does not expire")
    )
    done = (
        _("attended the classroom course")
        if cert.source == CertificateSource.ATTENDANCE
        else _("completed the course")
    )
    lines = [
        (_("Certificate"), 34.0, True),
        (_("This certifies that"), 13.0, False),
        (cert.holder_name, 26.0, True),
        (done, 13.0, False),
        (cert.course_title, 20.0, True),
        (_("Issued by %(party)s on %(date)s") % {"party": issuing_party(cert), "date": date}, 12.0, False),
        (until, 12.0, False),
    ]
    if cert.score is not None:
        lines.append((_("Score: %(score)s%%") % {"score": cert.score}, 12.0, False))
    return lines


def render(cert: Certificate, base_url: str) -> bytes:
    """The certificate's PDF; ``base_url`` is this node's public address (for verification)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=True)
    canvas.setTitle(f"{cert.course_title}: {cert.holder_name}")
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(24, 24, PAGE_W - 48, PAGE_H - 48)
    canvas.setLineWidth(0.8)
    canvas.rect(32, 32, PAGE_W - 64, PAGE_H - 64)
    canvas.setFillColor(INK)
    y = PAGE_H - 110
    for text, size, bold in _lines(cert):
        draw_centred(canvas, text, PAGE_W / 2, y, size, bold)
        y -= size + 18
    url = verify_url(base_url, cert.code)
    _qr(canvas, url, PAGE_W - 60 - QR_SIZE, 52)
    canvas.setFillColor(ACCENT)
    draw_centred(canvas, _("Verification code: %(code)s") % {"code": cert.code}, PAGE_W / 2, 86, 14, True)
    canvas.setFillColor(INK)
    draw_centred(canvas, _("verify at %(url)s") % {"url": url}, PAGE_W / 2, 64, 10)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
