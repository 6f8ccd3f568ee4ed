"""A country's figures from joint operations, for the capacity-building indicators.

Operations sits above training (docs/import-contracts.ini): it registers the function that
counts them when it starts (`operations/apps.py`, `operations/reports/results.py`), so
training imports nothing of it. Counts only: no record, hit, place or person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class OperationFigures:
    """Of one country, over the operations whose active phase ended in a window and that are
    over (closing or closed): how many it took part in, the checks its bureau and its posts
    made during those operations' active phases, its hits on their targets, and the seizure
    lines and arrests it reported."""

    operations: int = 0
    checks: int = 0
    hits: int = 0
    seizures: int = 0
    arrests: int = 0


LABELS: dict[str, Promise] = {
    "operations": _("Joint operations taken part in"),
    "checks": _("Checks during their active phases"),
    "hits": _("Hits on their targets"),
    "seizures": _("Seizures reported"),
    "arrests": _("Arrests reported"),
}

CountryFigures = Callable[[str, date, date], OperationFigures]
_source: list[CountryFigures] = []


def register(source: CountryFigures) -> None:
    """The one source of the figures (the operations app's results)."""
    _source[:] = [source]


def figures(country: str, start: date, end: date) -> OperationFigures | None:
    """The country's figures over [start, end]; None when no operations app is installed."""
    return _source[0](country, start, end) if _source else None


def rows(f: OperationFigures) -> list[tuple[str, Promise, int]]:
    """(name, label, count) of each figure, in the order shown."""
    return [(name, label, getattr(f, name)) for name, label in LABELS.items()]
