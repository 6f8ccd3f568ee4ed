"""Small inline SVG charts for the capacity pages: coordinates computed here, drawn by the
templates (no script, no library, so they work offline and in every language)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 120, 32


@dataclass(frozen=True)
class Bar:
    x: int
    y: float
    height: float
    value: Decimal | None
    css: str  # "before" or "after"


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    target_y: float


def before_after_bars(before: Decimal | None, after: Decimal | None, target: Decimal) -> BarChart:
    """Two bars (before, after) and a target line, on one scale."""
    top = max([v for v in (before, after, target) if v is not None] + [Decimal(1)])
    bars = []
    for i, (value, css) in enumerate(((before, "before"), (after, "after"))):
        h = float((value or 0) / top) * (HEIGHT - 4)
        bars.append(Bar(x=10 + i * 50, y=HEIGHT - h, height=h, value=value, css=css))
    return BarChart(bars, HEIGHT - float(target / top) * (HEIGHT - 4))


def sparkline(values: list[Decimal | None]) -> str:
    """The points of a polyline through the values known, oldest on the left."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or Decimal(1)
    step = WIDTH / max(len(values) - 1, 1)
    points = []
    for i, v in enumerate(values):
        if v is not None:
            y = (HEIGHT - 2) - float((v - low) / span) * (HEIGHT - 4)
            points.append(f"{i * step:.1f},{y:.1f}")
    return " ".join(points)
