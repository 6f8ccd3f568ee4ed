"""What screening keeps of a record or notice that is deleted (`core.erasure`).

A hit stays, for the statistics (who checked, where, when, how it ended, how strong the
match was and on which features), but loses every personal detail: what was checked (the
query), the values the explanation quotes, the owner's notes and references, and its hit
report's free text and photos. A passenger-list row that hit it loses the traveller's values
once none of its hits points to a subject still held. The screening index needs nothing here:
it follows the records' and notices' change feeds, which the deletion writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from polnet.core import erasure
from polnet.core.actor import Actor
from polnet.screening.models import BatchRow, Hit, HitReport, HitReportPhoto

SUBJECT_KINDS = ("person", "document", "vehicle", "firearm", "artwork", "notice")
# Of an explanation's features, what says nothing about the person or object itself.
KEPT_FEATURE_KEYS = ("feature", "strength", "supports", "contribution", "code")


def _bare(explanation: Any) -> list[dict[str, Any]]:
    if not isinstance(explanation, list):
        return []
    return [{k: f[k] for k in KEPT_FEATURE_KEYS if k in f} for f in explanation if isinstance(f, dict)]


def erase_hits(kind: str, ids: Sequence[int], actor: Actor) -> int:
    """Blank the personal details of the hits on these subjects; rows changed."""
    hits = list(Hit.objects.select_for_update().filter(kind=kind, record_id__in=list(ids)))
    for hit in hits:
        hit.query = {}
        hit.explanation = _bare(hit.explanation)
        hit.outcome_note = ""
        hit.action_reference = ""
        hit.action_note = ""
        hit.state_reason = ""
    Hit.objects.bulk_update(
        hits, ["query", "explanation", "outcome_note", "action_reference", "action_note", "state_reason"]
    )
    hit_ids = [h.pk for h in hits]
    reports = HitReport.objects.filter(hit_id__in=hit_ids)
    changed = reports.update(accompanying="", transport_identifier="", items="", remarks="")
    photos = list(HitReportPhoto.objects.filter(report__hit_id__in=hit_ids))
    files = [(p.file.storage, p.file.name) for p in photos if p.file.name]
    HitReportPhoto.objects.filter(pk__in=[p.pk for p in photos]).delete()
    if files:

        def delete() -> None:  # once the rows are gone for good: a rollback keeps both
            for storage, name in files:
                storage.delete(name)

        transaction.on_commit(delete)
    return len(hits) + changed + len(photos)


def erase_batch_rows(kind: str, ids: Sequence[int], actor: Actor) -> int:
    """Empty the values of passenger-list rows that hit these subjects, unless the row also
    hit a subject still held (its hit keeps its query); rows changed."""
    hits = Hit.objects.filter(
        kind=kind, record_id__in=list(ids), batch__isnull=False, batch_row__isnull=False
    )
    places: set[tuple[int, int]] = set(hits.values_list("batch_id", "batch_row"))  # type: ignore[arg-type]  # both set
    changed = 0
    for batch_id, row_number in sorted(places):
        row = BatchRow.objects.select_for_update().filter(batch_id=batch_id, row=row_number).first()
        if row is None or not row.values:
            continue
        queries = Hit.objects.filter(pk__in=list(row.hit_ids or [])).values_list("query", flat=True)
        if any(queries):  # another hit of the row is on a subject still held
            continue
        row.values = {}
        row.save(update_fields=["values"])
        changed += 1
    return changed


def register() -> None:
    # Hits first: the rows decide by their hits' queries, which erase_hits has just emptied.
    erasure.register(SUBJECT_KINDS, "screening.hits", erase_hits)
    erasure.register(SUBJECT_KINDS, "screening.batch_rows", erase_batch_rows)
