"""Drawing one line of text in any script the holder's name may be written in.

ReportLab draws glyphs in the order given, from one font at a time. A line is cut into runs
by script: Latin, Greek and Cyrillic in Noto Sans, Arabic joined with `arabic_reshaper` and
put in visual order in Noto Naskh Arabic, and Chinese, Japanese and Korean in the CID fonts
every PDF reader carries (so a certificate does not embed a 16 MB font). The Noto fonts are
the ones polnet ships with its report PDF.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import arabic_reshaper
from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

SANS, SANS_BOLD = "CertSans", "CertSans-Bold"
ARABIC, ARABIC_BOLD = "CertArabic", "CertArabic-Bold"
CHINESE, JAPANESE, KOREAN = "STSong-Light", "HeiseiKakuGo-W5", "HYGothic-Medium"


def _fonts_dir() -> Path:
    return Path(settings.BASE_DIR) / "analysis" / "reports" / "fonts"


@cache
def register_fonts() -> None:
    for name, file in (
        (SANS, "NotoSans-Regular.ttf"),
        (SANS_BOLD, "NotoSans-Bold.ttf"),
        (ARABIC, "NotoNaskhArabic-Regular.ttf"),
        (ARABIC_BOLD, "NotoNaskhArabic-Bold.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(_fonts_dir() / file)))
    for cid in (CHINESE, JAPANESE, KOREAN):
        pdfmetrics.registerFont(UnicodeCIDFont(cid))


def is_arabic(ch: str) -> bool:
    o = ord(ch)
    return 0x0600 <= o <= 0x08FF or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


def _script(ch: str) -> str:
    """'arabic', 'kana', 'hangul', 'han', or '' (Noto Sans) for one character."""
    o = ord(ch)
    if is_arabic(ch):
        return "arabic"
    if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF:
        return "kana"
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "hangul"
    if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF:
        return "han"
    return ""


def _face(text: str, bold: bool) -> str:
    """One font for a whole run of CJK text: Japanese if it has kana, Korean if Hangul."""
    scripts = {_script(c) for c in text}
    if "arabic" in scripts:
        return ARABIC_BOLD if bold else ARABIC
    if "kana" in scripts:
        return JAPANESE
    if "hangul" in scripts:
        return KOREAN
    if "han" in scripts:
        return CHINESE
    return SANS_BOLD if bold else SANS


def _runs(text: str) -> list[tuple[str, str]]:
    """(kind, text) runs in logical order: 'arabic', 'cjk' or 'other'; spaces join the run before."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        s = _script(ch)
        kind = "arabic" if s == "arabic" else "cjk" if s else "other"
        if runs and (ch.isspace() or runs[-1][0] == kind):
            runs[-1] = (runs[-1][0], runs[-1][1] + ch)
        else:
            runs.append((kind, ch))
    return runs


def _rtl(text: str) -> bool:
    for ch in text:
        if is_arabic(ch) and unicodedata.bidirectional(ch) in ("AL", "R"):
            return True
        if ch.isalpha():
            return False
    return False


def visual_runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """(font, glyphs) pieces left to right. An Arabic run is shaped and reversed; in a line that
    reads right to left the runs themselves are reversed, Latin words keeping their order."""
    register_fonts()
    pieces: list[tuple[str, str]] = []
    for kind, run in _runs(text):
        if kind == "arabic":
            run = arabic_reshaper.reshape(run.strip())[::-1] + (" " if run.endswith(" ") else "")
        pieces.append((_face(run, bold), run))
    return pieces[::-1] if _rtl(text) else pieces


def width(text: str, size: float, bold: bool = False) -> float:
    return float(sum(pdfmetrics.stringWidth(t, f, size) for f, t in visual_runs(text, bold)))


def draw_centred(canvas: Canvas, text: str, x: float, y: float, size: float, bold: bool = False) -> None:
    """Draw ``text`` centred on ``x``, each run in its own font."""
    left = x - width(text, size, bold) / 2
    for face, run in visual_runs(text, bold):
        canvas.setFont(face, size)
        canvas.drawString(left, y, run)
        left += pdfmetrics.stringWidth(run, face, size)
