"""The lists checked before refused rows were kept: their refused rows and rows with hits,
read back from the results files still kept, so that no such list is called done while a
row of it was not checked. The reason is the English one the file holds."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import migrations


def _rows_from_results(apps: Any, schema_editor: Any) -> None:
    batch_model = apps.get_model("screening", "ScreeningBatch")
    row_model = apps.get_model("screening", "BatchRow")
    folder = Path(settings.DATA_DIR) / "batches"
    for batch in batch_model.objects.filter(status="done").iterator():
        path = folder / f"{batch.pk}.results.csv"
        if not path.exists():
            continue
        kept, rejected = [], 0
        with path.open(newline="", encoding="utf-8") as file:
            for result in csv.DictReader(file):
                error, hits = result.get("error") or "", (result.get("hit_ids") or "").split()
                if not (error or hits) or not (result.get("row") or "").isdigit():
                    continue
                values = {k: result.get(k) or "" for k in ("name", "date_of_birth", "document_number")}
                values["document_country"] = result.get("document_country") or ""
                fields: dict[str, Any] = {"batch_id": batch.pk, "row": int(result["row"]), "hit_ids": []}
                if error:
                    rejected += 1
                    fields |= {"state": "rejected", "code": "batch_row_refused", "reasons": {"en": error}}
                    fields["values"] = values
                else:
                    fields |= {"state": "checked", "hit_ids": [int(h) for h in hits if h.isdigit()]}
                kept.append(row_model(**fields))
        row_model.objects.bulk_create(kept, batch_size=1000, ignore_conflicts=True)
        batch_model.objects.filter(pk=batch.pk).update(rejected=rejected)


class Migration(migrations.Migration):
    dependencies = [("screening", "0003_batch_rows")]

    operations = [migrations.RunPython(_rows_from_results, migrations.RunPython.noop)]
