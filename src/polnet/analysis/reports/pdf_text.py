"""Text for the report PDF in Latin and Arabic script.

The fonts ship with polnet (`fonts/`, Noto Sans and Noto Naskh Arabic, SIL OFL 1.1), so a
machine without system fonts prints the same PDF. ReportLab draws glyphs in the order given
and does not join Arabic letters, so Arabic text is joined with `arabic_reshaper` (MIT) and
put in visual order here: a right-to-left paragraph is broken into lines first, then each
line's runs are reversed, Latin words and numbers keeping their own order. (python-bidi,
the usual bidi library, is LGPL; this small ordering covers what reports hold: paragraphs
of one direction with embedded names and numbers.)
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import arabic_reshaper
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS = Path(__file__).parent / "fonts"
SANS, SANS_BOLD = "PolnetSans", "PolnetSans-Bold"
ARABIC, ARABIC_BOLD = "PolnetArabic", "PolnetArabic-Bold"
MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


@cache
def register_fonts() -> None:
    for name, file in (
        (SANS, "NotoSans-Regular.ttf"),
        (SANS_BOLD, "NotoSans-Bold.ttf"),
        (ARABIC, "NotoNaskhArabic-Regular.ttf"),
        (ARABIC_BOLD, "NotoNaskhArabic-Bold.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    for family, normal, bold in ((SANS, SANS, SANS_BOLD), (ARABIC, ARABIC, ARABIC_BOLD)):
        addMapping(family, 0, 0, normal)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, normal)
        addMapping(family, 1, 1, bold)


def is_arabic(ch: str) -> bool:
    o = ord(ch)
    return 0x0600 <= o <= 0x08FF or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


def _strong(ch: str) -> str:
    """'R' for Arabic letters, 'L' for other letters and digits, '' for neutrals."""
    if is_arabic(ch) and unicodedata.bidirectional(ch) in ("AL", "R"):
        return "R"
    if ch.isalnum() or is_arabic(ch):
        return "L"
    return ""


def base_is_rtl(text: str) -> bool:
    for ch in text:
        strong = _strong(ch)
        if strong:
            return strong == "R"
    return False


def _runs(line: str, rtl: bool) -> list[tuple[str, str]]:
    """The line as runs of one direction; a neutral between two runs of the same direction
    joins them, otherwise it takes the paragraph's direction."""
    classes = [_strong(ch) for ch in line]
    resolved: list[str] = []
    for i, cls in enumerate(classes):
        if cls:
            resolved.append(cls)
            continue
        before = next((c for c in reversed(classes[:i]) if c), "")
        after = next((c for c in classes[i + 1 :] if c), "")
        resolved.append(before if before and before == after else ("R" if rtl else "L"))
    runs: list[tuple[str, str]] = []
    for ch, cls in zip(line, resolved, strict=True):
        if runs and runs[-1][0] == cls:
            runs[-1] = (cls, runs[-1][1] + ch)
        else:
            runs.append((cls, ch))
    return runs


def _visual(line: str, rtl: bool) -> list[tuple[str, str]]:
    runs = [(cls, text[::-1].translate(MIRRORED) if cls == "R" else text) for cls, text in _runs(line, rtl)]
    return runs[::-1] if rtl else runs


def visual_runs(line: str) -> list[tuple[str, str]]:
    """One line's runs in visual order, its direction taken from its first strong letter."""
    return _visual(line, base_is_rtl(line))


def _markup(runs: list[tuple[str, str]]) -> str:
    out = []
    for _cls, text in runs:
        face = ARABIC if any(is_arabic(c) for c in text) else SANS
        out.append(f'<font face="{face}">{escape(text)}</font>' if face == ARABIC else escape(text))
    return "".join(out)


def _lines(text: str, width: float, size: float) -> list[str]:
    """Break logical text into lines that fit `width`, measuring each word in its font."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        face = ARABIC if any(is_arabic(c) for c in trial) else SANS
        if current and pdfmetrics.stringWidth(trial, face, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def rich(text: str, *, width: float | None = None, size: float = 10) -> tuple[str, bool]:
    """Paragraph markup for `text` and whether it reads right to left. Text without Arabic is
    only escaped; a right-to-left paragraph comes back broken into lines (`<br/>`) when a
    width is given, since the lines must be ordered one by one."""
    register_fonts()
    if not any(is_arabic(c) for c in text):
        return escape(text), False
    shaped = arabic_reshaper.reshape(text)
    rtl = base_is_rtl(shaped)
    if not rtl:
        return _markup(_visual(shaped, False)), False
    lines = _lines(shaped, width, size) if width else [shaped]
    return "<br/>".join(_markup(_visual(line, True)) for line in lines), True
