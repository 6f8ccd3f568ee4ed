"""A small network of linked records, notices, hits and a passenger list, for the graph tests.

Records go through the records services; published notices, hits and the list's rows are
written as the notices and screening services leave them (their own tests cover how).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from polnet.analysis import services as projects
from polnet.analysis.models import AnalystLink, Project
from polnet.notices.models import Notice
from polnet.records.models import Record
from polnet.screening.models import BatchRow, Hit, ScreeningBatch
from tests.factories import Network, make_record

DAY = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


def person(
    net: Network, owner: str, given: str, identifiers: list[dict[str, str]] | None = None, **access: Any
) -> Record:
    from polnet.records import services as records
    from tests.factories import SAMPLE_FIELDS
    from tests.factories import access as access_fields

    data = {
        **SAMPLE_FIELDS["person"],
        "names": [{"given": given, "family": "Testova", "script": "Latn"}],
        "identifiers": identifiers or [],
        **access_fields(**access),
    }
    return records.create_record(net.actor(f"{owner}-officer"), "person", data)


def update(actor: Any, rec: Record, data: dict[str, Any]) -> Record:
    from polnet.records import services as records

    rec.refresh_from_db()
    return records.update_record(actor, rec.RECORD_KIND, rec.pk, {**data, "version": rec.version})


def notice(net: Network, owner: str, *records: Record, state: str = "published", **fields: Any) -> Notice:
    n = Notice.objects.create(
        owner_country_id=owner,
        created_by=net.users[f"{owner}-officer"],
        kind=fields.pop("kind", "red"),
        state=state,
        review_date=date.today() + timedelta(days=300),
        **fields,
    )
    for rec in records:
        getattr(
            n, {"person": "persons", "document": "documents", "vehicle": "vehicles"}[rec.RECORD_KIND]
        ).add(rec)
    return n


def hit(net: Network, rec: Record | Notice, screener: str, at: datetime = DAY, **fields: Any) -> Hit:
    actor = net.actor(screener)
    kind = rec.RECORD_KIND if isinstance(rec, Record) else "notice"
    return Hit.objects.create(
        kind=kind,
        record_id=rec.pk,
        owner_country_id=rec.owner_country_id,
        score=0.95,
        screened_by=net.users[screener],
        unit_id=actor.unit.unit_id if actor.unit else None,
        screening_country_id=actor.country,
        location="Border post",
        at=at,
        **fields,
    )


@dataclass
class Scene:
    project: Project
    r: dict[str, Any] = field(default_factory=dict)

    def key(self, name: str) -> str:
        obj = self.r[name]
        if isinstance(obj, Record):
            return f"{obj.RECORD_KIND}:{obj.pk}"
        if isinstance(obj, Notice):
            return f"notice:{obj.pk}"
        if isinstance(obj, Hit):
            return f"hit:{obj.pk}"
        if isinstance(obj, ScreeningBatch):
            return f"list:{obj.pk}"
        return f"post:{obj.pk}"


def scene(net: Network) -> Scene:
    """FR and DE analysts share a project; IT keeps one person to Spain only."""
    project = projects.open_project(
        net.actor("FR-analyst"),
        name="Phones of the Lyon network",
        purpose="threat_analysis",
        crime_area="drugs",
        review_date=date.today() + timedelta(days=200),
        participants=["DE"],
    )
    s = Scene(project)
    phone_fr = {"kind": "mobile phone", "value": "06 12 34 56 78", "country": "FR"}
    s.r["p1"] = person(net, "FR", "Anton", [phone_fr, {"kind": "e-mail", "value": "Anton@Example.org"}])
    s.r["p2"] = person(net, "DE", "Berta", [{"kind": "phone", "value": "+33 6 12-34-56-78"}])
    s.r["p3"] = person(
        net,
        "IT",
        "Carlo",
        [{"kind": "telephone", "value": "+33612345678"}],
        restriction="only_listed",
        listed=["ES"],
    )
    s.r["d1"] = make_record(net.actor("FR-officer"), "document")
    s.r["d1"] = update(net.actor("FR-officer"), s.r["d1"], {"holder_id": s.r["p1"].pk})
    s.r["v1"] = make_record(net.actor("DE-officer"), "vehicle")
    s.r["n1"] = notice(net, "FR", s.r["p1"], s.r["v1"])
    s.r["n_hidden"] = notice(net, "IT", s.r["p1"], state="draft")
    s.r["post"] = net.units["DE-full"]
    s.r["h1"] = hit(net, s.r["p1"], "DE-unit-full")
    s.r["h2"] = hit(net, s.r["p2"], "DE-unit-full", at=DAY + timedelta(hours=3))
    s.r["h_other_day"] = hit(net, s.r["p2"], "DE-unit-full", at=DAY + timedelta(days=2))
    s.r["h_it"] = hit(net, s.r["p3"], "IT-unit-full")  # IT's own hit on IT's record: hidden from FR
    batch = ScreeningBatch.objects.create(created_by=net.users["FR-officer"], status="done", total=3, done=3)
    s.r["list"] = batch
    s.r["h3"] = hit(net, s.r["p1"], "FR-officer", batch=batch, batch_row=1)
    s.r["h4"] = hit(net, s.r["v1"], "FR-officer", batch=batch, batch_row=2)
    trip = {"flight": "AF1234", "booking": "QX7P2L"}
    BatchRow.objects.create(batch=batch, row=1, hit_ids=[s.r["h3"].pk], values={"name": "Anton", **trip})
    BatchRow.objects.create(batch=batch, row=2, hit_ids=[s.r["h4"].pk], values={"name": "Bus", **trip})
    s.r["same"] = AnalystLink.objects.create(
        project=project,
        source=s.key("p1"),
        target=s.key("p2"),
        reason="same_person",
        probability=0.97,
        created_by=net.users["DE-analyst"],
    )
    return s
