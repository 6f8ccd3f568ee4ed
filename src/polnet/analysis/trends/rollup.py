"""Fold the query log into the rollup, by id watermark: idempotent and safe to stop anywhere.

Each step reads the rows after the watermark (up to STEP_ROWS of them, and never past the
last id known to be committed: `screening.querylog.committed_up_to`), adds their counts to
the rollup and moves the watermark, in one transaction that first locks the watermark row.
A fold killed mid-step leaves nothing of that step; two folds at once take turns. Rows not
yet folded are read live by the trends (`series.py`), so answers are current either way.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from polnet.analysis.trends.checks import CheckKey, counted
from polnet.analysis.trends.models import CheckRollup, RollupWatermark
from polnet.screening.querylog import committed_up_to

CHECKS = "checks"
STEP_ROWS = 200_000


def watermark() -> int:
    return RollupWatermark.objects.filter(name=CHECKS).values_list("last_id", flat=True).first() or 0


def _add(counts: dict[CheckKey, tuple[int, int]]) -> None:
    """Add the counts to the rollup: the rows it has updated, the others created, in a few
    statements (the caller holds the watermark's lock, so no other fold writes meanwhile)."""
    if not counts:
        return
    days = sorted({key.day for key in counts})
    existing = {
        CheckKey(row.day, row.kind, row.country, row.post): row
        for row in CheckRollup.objects.filter(day__in=days)
    }
    changed, created = [], []
    for key, (checks, hits) in counts.items():
        row = existing.get(key)
        if row is None:
            created.append(
                CheckRollup(
                    day=key.day, kind=key.kind, country=key.country, post=key.post, checks=checks, hits=hits
                )
            )
        else:
            row.checks += checks
            row.hits += hits
            changed.append(row)
    CheckRollup.objects.bulk_update(changed, ["checks", "hits"], batch_size=500)
    CheckRollup.objects.bulk_create(created, batch_size=500)


def fold_step(bound: int, step_rows: int = STEP_ROWS) -> int:
    """Fold the next rows up to ``bound``; how many ids the watermark moved (0: nothing left)."""
    with transaction.atomic():
        mark, _ = RollupWatermark.objects.get_or_create(name=CHECKS)
        mark = RollupWatermark.objects.select_for_update().get(pk=mark.pk)
        if mark.last_id >= bound:
            return 0
        end = min(bound, mark.last_id + step_rows)
        _add(counted(after_id=mark.last_id, up_to_id=end))
        moved = end - mark.last_id
        mark.last_id, mark.folded_at = end, timezone.now()
        mark.save(update_fields=["last_id", "folded_at"])
    return moved


def fold(step_rows: int = STEP_ROWS, bound: int | None = None) -> int:
    """Fold every committed row not yet folded; how many ids the watermark moved."""
    bound = committed_up_to() if bound is None else bound
    moved = 0
    while step := fold_step(bound, step_rows):
        moved += step
    return moved
