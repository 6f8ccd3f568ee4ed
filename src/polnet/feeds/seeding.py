"""The demo's bulk-sync batches: one finished batch of travel documents per demo bureau, sent by
its national system through the real feeds service, so the feeds page has batches to explore
(docs/feeds.md, "The demo").

Called by `polnet demo` every time; a bureau that has a batch already is left as it is. Each
batch holds a few hundred passports and identity cards by external reference, and a few rows
the records' rules refuse (a missing number, an unknown kind, a date not a date), applied with
`apply_valid_only` so the report lists them beside what was applied.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from rich.console import Console

from polnet.core import csv_safety
from polnet.feeds import services
from polnet.feeds.models import ImportBatch
from polnet.network.actors import actor_for
from polnet.network.models import Country, User

ROWS = 300
COLUMNS = ["op", "external_ref", "number", "kind", "status", "date_reported", "purpose"]
# Rows the records' rules refuse, to show the report: (number, kind, date reported).
INVALID = [
    ("", "passport", "2025-02-01"),
    ("Z9Z9Z9Z9", "banknote", "2025-02-01"),
    ("Z8Z8Z8Z8", "id_card", "soon"),
]


def batch_file(code: str, rows: int = ROWS) -> bytes:
    """A national system's batch of the bureau's stolen and lost documents, as CSV."""
    rng = random.Random(f"polnet-demo-feed:{code}")
    out = io.StringIO()
    writer = csv_safety.writer(out)
    writer.writerow(COLUMNS)
    for n in range(rows):
        kind = "passport" if n % 3 else "id_card"
        number = f"{code}F{n:06d}{rng.choice('ABCDEFGHJK')}"
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(365))
        status = rng.choice(("stolen", "stolen", "lost"))
        writer.writerow(["upsert", f"{code}-NS-{n:06d}", number, kind, status, day, "border_management"])
    for n, (number, kind, reported) in enumerate(INVALID, start=rows):
        writer.writerow(
            ["upsert", f"{code}-NS-{n:06d}", number, kind, "stolen", reported, "border_management"]
        )
    return out.getvalue().encode()


def seed_demo_feeds(console: Console) -> None:
    members = list(Country.objects.filter(is_member=True).order_by("code").values_list("code", flat=True))[:3]
    for code in members:
        officer = User.objects.filter(username=f"{code.lower()}-officer").first()
        if officer is None:
            console.print("No demo network yet: feeds not seeded.")
            return
        if ImportBatch.objects.filter(owner_country_id=code).exists():
            continue
        batch = services.submit(
            actor_for(officer, origin="demo"),
            "document",
            [batch_file(code)],
            file_name=f"{code.lower()}-national-system.csv",
            apply_valid_only=True,
            enqueue=False,
        )
        batch = services.run(batch.pk)
        console.print(
            f"Bulk sync of {code}: {batch.created} documents applied, {batch.rows_failed} rows refused "
            f"(batch {batch.pk})."
        )
    console.print(f"Bulk-sync batches: {ImportBatch.objects.count()} (/feeds/).")
