"""Retention that really deletes: warned 30 days before the review date (once), hidden at it,
deleted after the grace with every copy other apps derived, and the audit chain still whole.

The clock is the ``today`` the services take: a record reviewed in 20 days is warned of
"today", hidden the day after its review date and deleted the day after the grace ends."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.test import TestCase
from django.utils import timezone, translation

from polnet.analysis import contributions
from polnet.analysis import services as analysis
from polnet.analysis.graph import identifiers as graph_identifiers
from polnet.analysis.graph import services as graph
from polnet.analysis.models import (
    AnalystLink,
    CandidatePair,
    Contribution,
    IdentifierEntry,
    ReportSection,
    ResolutionRun,
)
from polnet.analysis.reports import graphs_in_reports
from polnet.analysis.reports import services as reports
from polnet.core import audit
from polnet.core.actor import system_actor
from polnet.core.errors import Forbidden
from polnet.core.models import AuditEntry
from polnet.core.policy import RecordStatus
from polnet.dataprotection import retention
from polnet.notices.models import Notice, NoticeEvent, NoticeName
from polnet.notifications import registry
from polnet.notifications import services as inbox
from polnet.notifications.models import Notification
from polnet.records import retention as record_retention
from polnet.records import services as records
from polnet.records.models import Person, RecordEvent
from polnet.screening import index as screening_index
from polnet.screening import services as screening
from polnet.screening.batches import runs as batches
from polnet.screening.models import BatchRow, Hit
from tests.factories import Network
from tests.jobs.drive import run_jobs
from tests.notices import helpers as notices

TODAY = date.today()
REVIEW = TODAY + timedelta(days=20)
GRACE = settings.POLNET_RETENTION_GRACE_DAYS
SYSTEM = system_actor("test")


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path) -> Any:
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    settings.DATA_DIR = tmp_path  # passenger-list files of this test only
    screening_index.reset()
    yield
    screening_index.reset()


def _person(net: Network, given: str, family: str, review: date, **extra: Any) -> Person:
    data = {
        "names": [{"given": given, "family": family, "script": "Latn"}],
        "date_of_birth": "1974-08-12",
        "sex": "M",
        "nationalities": ["RU"],
        "purpose": "investigation",
        "restriction": "all",
        "listed_countries": [],
        "bureau_only": False,
        "review_date": review,
        **extra,
    }
    rec: Person = records.create_record(net.actor("FR-officer"), "person", data)
    return rec


@dataclass
class World:
    ivan: Person  # reviewed in 20 days: warned, hidden, deleted
    olga: Person  # reviewed in a year: stays
    project_id: int
    hit: Hit  # DE's border check on Ivan
    list_hit: Hit  # DE's passenger list, its row 2 on Ivan
    batch_id: int
    graph_section_id: int  # a report's graph snapshot of Ivan and Olga, labels included


def _world(net: Network) -> World:
    ivan = _person(
        net, "Ivan", "Ivanov", REVIEW, identifiers=[{"kind": "phone", "value": "+33 6 12 34 56 78"}]
    )
    olga = _person(net, "Olga", "Petrova", TODAY + timedelta(days=365))
    graph_identifiers.follow_changes()
    de = net.actor("DE-unit-full")
    found = screening.screen_person(
        de, screening.person_query("Ivan Ivanov", date_of_birth="1974-08-12"), purpose="border_management"
    )
    hit = Hit.objects.get(kind="person", record_id=ivan.pk, batch__isnull=True)
    assert found.candidates
    text = (
        b"name,date_of_birth,flight,booking\n"
        b"Anna Berg,1990-01-01,LH100,QX1\n"
        b"Ivan Ivanov,1974-08-12,LH100,QX7\n"
    )
    batch = batches.start_batch(de, text, "text/csv", location="Munich", purpose="border_management")
    run_jobs()
    list_hit = Hit.objects.get(kind="person", record_id=ivan.pk, batch_id=batch.pk)
    project = analysis.open_project(
        net.actor("FR-analyst"),
        name="Ring",
        purpose="investigation",
        crime_area="people_smuggling",
        review_date=TODAY + timedelta(days=365),
        handling_code="H1",
        participants=["DE"],
    )
    contributions.contribute(net.actor("FR-analyst"), project.pk, "person", ivan.pk, "the driver")
    contributions.contribute(net.actor("FR-analyst"), project.pk, "person", olga.pk, "the sister")
    graph.add_link(net.actor("FR-analyst"), project.pk, f"person:{ivan.pk}", f"person:{olga.pk}", "siblings")
    run = ResolutionRun.objects.create(project=project, started_by=net.users["FR-analyst"], threshold=0.8)
    CandidatePair.objects.create(
        run=run,
        project=project,
        left=f"person:{ivan.pk}",
        right=f"person:{olga.pk}",
        probability=0.9,
        weight=9.0,
    )
    report = reports.create_report(net.actor("FR-analyst"), project.pk, title="Ring: first findings")
    graph_view = graphs_in_reports.add_graph_view(
        net.actor("FR-analyst"), project.pk, report.pk, [f"person:{ivan.pk}", f"person:{olga.pk}"]
    )
    assert "Ivanov" in json.dumps(graph_view.data, ensure_ascii=False)
    return World(ivan, olga, project.pk, hit, list_hit, batch.pk, graph_view.pk)


def _warn(today: date) -> retention.Warned:
    """Notifications are written once the act commits: here, at the end of the call."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return retention.warn(SYSTEM, today)


def _run(today: date) -> retention.RetentionRun:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return retention.run(SYSTEM, today)


def _audit_text() -> str:
    rows = AuditEntry.objects.values(
        "actor_name", "action", "object_type", "object_id", "purpose", "detail", "affiliation"
    )
    return json.dumps(list(rows), cls=DjangoJSONEncoder, ensure_ascii=False)


# ---- the warning ---------------------------------------------------------------------------


def test_the_owner_bureau_is_warned_once_per_review_date_in_one_notification_a_day(net: Network) -> None:
    ivan = _person(net, "Ivan", "Ivanov", REVIEW)
    _person(net, "Oleg", "Orlov", REVIEW + timedelta(days=5))
    _person(net, "Olga", "Petrova", TODAY + timedelta(days=365))  # far off: not counted
    notice = notices.published(net, review_date=REVIEW)

    # 31 days before: too early. 30 days before: Ivan and the notice (Oleg's date is 5 days later).
    assert _warn(REVIEW - timedelta(days=31)).bureaus == 0
    warned = _warn(REVIEW - timedelta(days=30))
    assert (warned.bureaus, warned.records, warned.notices) == (1, 1, 1)
    assert _warn(REVIEW - timedelta(days=25)).records == 1  # Oleg, on another day
    assert Notification.objects.filter(kind=retention.WARNING).count() == 2
    note = Notification.objects.get(
        kind=retention.WARNING, params__day=(REVIEW - timedelta(days=30)).isoformat()
    )
    assert note.recipient_bureau_id == net.bureaus["FR"].pk
    assert note.params["records"] == 1 and note.params["notices"] == 1
    assert "Ivan" not in json.dumps(note.params)
    # The FR officer finds it in the inbox, with its wording and link; DE does not.
    shown = list(inbox.inbox(net.actor("FR-officer")).filter(kind=retention.WARNING))
    assert note.pk in [n.pk for n in shown] and len(shown) == 2
    assert not inbox.inbox(net.actor("DE-officer")).filter(kind=retention.WARNING).exists()

    # Once: the same day again, and the next days, tell no more.
    assert _warn(REVIEW - timedelta(days=30)).bureaus == 0
    assert _warn(REVIEW - timedelta(days=10)).bureaus == 0
    assert Notification.objects.filter(kind=retention.WARNING).count() == 2

    # The owner extends Ivan's record: the new date is warned of again, 30 days before it.
    later = REVIEW + timedelta(days=60)
    records.update_record(net.actor("FR-officer"), "person", ivan.pk, {"review_date": later, "version": 1})
    assert _warn(later - timedelta(days=31)).records == 0
    again = _warn(later - timedelta(days=30))
    assert (again.records, again.notices) == (1, 0)
    notice.refresh_from_db()
    assert notice.review_warned_for == REVIEW  # warned of once, with the first notification


def test_a_second_warning_on_the_same_day_waits_for_the_next(net: Network) -> None:
    _person(net, "Ivan", "Ivanov", REVIEW)
    assert _warn(TODAY).records == 1
    _person(net, "Oleg", "Orlov", REVIEW)  # entered later the same day
    assert _warn(TODAY).bureaus == 0
    assert _warn(TODAY + timedelta(days=1)).records == 1
    assert Notification.objects.filter(kind=retention.WARNING).count() == 2


# ---- hidden, then deleted with every derived copy ----------------------------------------------


def test_a_record_is_hidden_at_its_review_date_and_deleted_after_the_grace_with_what_came_from_it(
    net: Network,
) -> None:
    w = _world(net)
    assert w.hit.query and w.list_hit.query
    row = BatchRow.objects.get(batch_id=w.batch_id, row=w.list_hit.batch_row)
    assert row.values == {"flight": "LH100", "booking": "QX7"}  # where he travelled, kept for analysis
    assert IdentifierEntry.objects.filter(kind="person", record_id=w.ivan.pk).exists()

    # The review date itself: still in force. The day after: hidden from others, not deleted.
    assert _run(REVIEW).expired_records["person"] == 0
    after = _run(REVIEW + timedelta(days=1))
    assert after.expired_records["person"] == 1 and after.purged_records.get("person", 0) == 0
    assert Person.objects.get(pk=w.ivan.pk).record_status == RecordStatus.EXPIRED
    assert not Person.objects.visible_to(net.actor("DE-officer")).filter(pk=w.ivan.pk).exists()

    # The last day of the grace: still there.
    assert _run(REVIEW + timedelta(days=GRACE)).purged_records.get("person", 0) == 0
    assert Person.objects.filter(pk=w.ivan.pk).exists()

    done = _run(REVIEW + timedelta(days=GRACE + 1))
    assert done.purged_records == {"person": 1, "document": 0, "vehicle": 0, "firearm": 0, "artwork": 0}
    assert not Person.objects.filter(pk=w.ivan.pk).exists()
    assert not RecordEvent.objects.filter(kind="person", record_id=w.ivan.pk).exists()
    assert Person.objects.filter(pk=w.olga.pk).exists()

    # Hits stay for the statistics, without a personal detail.
    for hit in (w.hit, w.list_hit):
        hit.refresh_from_db()
        assert hit.query == {}
        assert "Ivan" not in json.dumps(hit.explanation, ensure_ascii=False)
        assert all(
            set(f) <= {"feature", "strength", "supports", "contribution", "code"} for f in hit.explanation
        )
        assert hit.kind == "person" and hit.score > 0  # what the statistics count
    row.refresh_from_db()
    assert row.values == {} and row.hit_ids  # the row keeps that it hit
    assert not BatchRow.objects.exclude(values={}).filter(batch_id=w.batch_id, row=row.row).exists()

    # Analysis lets go of it; Olga's own contribution stays.
    assert list(Contribution.objects.filter(project_id=w.project_id).values_list("object_id", flat=True)) == [
        w.olga.pk
    ]
    assert not IdentifierEntry.objects.filter(kind="person", record_id=w.ivan.pk).exists()
    assert not AnalystLink.objects.filter(project_id=w.project_id).exists()
    assert not CandidatePair.objects.filter(project_id=w.project_id).exists()
    snapshot = ReportSection.objects.get(pk=w.graph_section_id).data
    assert [n["key"] for n in snapshot["nodes"]] == [f"person:{w.olga.pk}"] and snapshot["edges"] == []
    assert "Ivan" not in json.dumps(snapshot, ensure_ascii=False)

    # The screening index no longer finds him.
    again = screening.screen_person(
        net.actor("DE-unit-full"),
        screening.person_query("Ivan Ivanov", date_of_birth="1974-08-12"),
        purpose="border_management",
    )
    assert all(c.record_id != w.ivan.pk for c in again.candidates if c.kind == "person")

    # The audit chain is whole, shows the deletion, and names no one.
    report = audit.verify_chain()
    assert report.ok, report.problem
    entry = AuditEntry.objects.get(action="delete", object_type="person", object_id=str(w.ivan.pk))
    assert entry.actor_name == "system" and entry.purpose == "investigation"
    assert entry.detail["cause"] == "retention"
    assert entry.detail["derived"]["screening.hits"] == 2
    summary = AuditEntry.objects.get(action="retention_purge", object_type="person")
    assert summary.detail["ids"] == [w.ivan.pk] and summary.detail["grace_days"] == GRACE
    text = _audit_text()
    for word in ("Ivan", "Ivanov", "12 34 56 78"):
        assert word not in text

    # Nothing left to do the next day.
    assert _run(REVIEW + timedelta(days=GRACE + 2)).purged_records.get("person", 0) == 0


def test_a_record_extended_during_the_grace_is_kept(net: Network) -> None:
    ivan = _person(net, "Ivan", "Ivanov", REVIEW)
    _run(REVIEW + timedelta(days=1))
    # The owner extends it (the review date moves forward): it is no longer due.
    Person.objects.filter(pk=ivan.pk).update(review_date=REVIEW + timedelta(days=GRACE + 30))
    _run(REVIEW + timedelta(days=GRACE + 1))
    assert Person.objects.filter(pk=ivan.pk).exists()


def test_the_owners_own_deletion_takes_the_same_path(net: Network) -> None:
    from polnet.notices.images import placeholder_png
    from polnet.screening import hit_reports
    from polnet.screening.models import HitReport, HitReportPhoto

    w = _world(net)
    Hit.objects.filter(pk=w.hit.pk).update(at=timezone.now() - timedelta(hours=1))
    w.hit.refresh_from_db()
    report = hit_reports.create_report(
        net.actor("DE-officer"),
        w.hit.pk,
        {
            "place": "Munich airport, gate B12",
            "occurred_at": w.hit.at + timedelta(minutes=20),
            "check_performed": "discreet_check",
            "outcome": "located",
            "accompanying": "Travelling with Anna Ivanova.",
            "transport": "flight",
            "transport_identifier": "LH 1234",
            "items": "Two passports in different names.",
            "items_seized": False,
            "remarks": "Ivanov boarded for Rome.",
        },
        [placeholder_png()],
    )
    photo = HitReportPhoto.objects.get(report=report)
    with TestCase.captureOnCommitCallbacks(execute=True):
        records.delete_record(net.actor("FR-officer"), "person", w.ivan.pk)
    report = HitReport.objects.get(pk=report.pk)  # kept: what was done, where and when
    assert (report.outcome, report.check_performed) == ("located", "discreet_check")
    assert (report.accompanying, report.transport_identifier, report.items, report.remarks) == (
        "",
        "",
        "",
        "",
    )
    assert not HitReportPhoto.objects.filter(report=report).exists()
    assert not photo.file.storage.exists(photo.file.name or "")
    # The record was in force: the screening index drops it through the change feed alone.
    again = screening.screen_person(
        net.actor("DE-unit-full"),
        screening.person_query("Ivan Ivanov", date_of_birth="1974-08-12"),
        purpose="border_management",
    )
    assert [c.record_id for c in again.candidates if c.kind == "person"] == []
    w.hit.refresh_from_db()
    assert w.hit.query == {}
    assert not Contribution.objects.filter(kind="person", object_id=w.ivan.pk).exists()
    assert not AnalystLink.objects.filter(project_id=w.project_id).exists()
    assert not IdentifierEntry.objects.filter(kind="person", record_id=w.ivan.pk).exists()
    entry = AuditEntry.objects.get(action="delete", object_type="person", object_id=str(w.ivan.pk))
    assert entry.detail["cause"] == "owner" and entry.actor_name == "fr-officer"
    assert audit.verify_chain().ok


def test_a_row_that_also_hit_a_record_still_held_keeps_its_values(net: Network) -> None:
    ivan = _person(net, "Ivan", "Ivanov", REVIEW)
    twin = _person(net, "Ivan", "Ivanov", TODAY + timedelta(days=365))  # another bureau's view of him
    batch = batches.start_batch(
        net.actor("DE-unit-full"),
        b"name,date_of_birth,flight\nIvan Ivanov,1974-08-12,AF1\n",
        "text/csv",
        purpose="border_management",
    )
    run_jobs()
    assert Hit.objects.filter(batch_id=batch.pk, record_id__in=[ivan.pk, twin.pk]).count() == 2
    records.delete_record(net.actor("FR-officer"), "person", ivan.pk)
    row = BatchRow.objects.get(batch_id=batch.pk, row=1)
    assert row.values  # the hit on the twin still needs them
    records.delete_record(net.actor("FR-officer"), "person", twin.pk)
    row.refresh_from_db()
    assert row.values == {}


def test_only_the_system_purges(net: Network) -> None:
    with pytest.raises(Forbidden):
        record_retention.purge_expired(net.actor("FR-admin"), TODAY)


# ---- notices ------------------------------------------------------------------------------------


def test_a_notice_past_its_validity_follows_the_same_path(net: Network) -> None:
    notice = notices.published(net, review_date=REVIEW)
    de = net.actor("DE-unit-full")
    screening.screen_person(
        de, screening.person_query("Viktor Petrenko", date_of_birth="1981-04-17"), purpose="border_management"
    )
    hit = Hit.objects.get(kind="notice", record_id=notice.pk)
    project = analysis.open_project(
        net.actor("FR-analyst"),
        name="Robbery",
        purpose="investigation",
        crime_area="people_smuggling",
        review_date=TODAY + timedelta(days=365),
        handling_code="H1",
        participants=["DE"],
    )
    contributions.contribute(net.actor("FR-analyst"), project.pk, "notice", notice.pk, "wanted")

    _run(REVIEW + timedelta(days=1))
    assert Notice.objects.get(pk=notice.pk).state == "expired"
    _run(REVIEW + timedelta(days=GRACE))
    assert Notice.objects.filter(pk=notice.pk).exists()

    done = _run(REVIEW + timedelta(days=GRACE + 1))
    assert done.purged_notices == 1
    assert not Notice.objects.filter(pk=notice.pk).exists()
    assert not NoticeName.objects.filter(notice_id=notice.pk).exists()
    assert not NoticeEvent.objects.filter(notice_id=notice.pk).exists()
    hit.refresh_from_db()
    assert hit.query == {}
    assert not Contribution.objects.filter(kind="notice", object_id=notice.pk).exists()
    assert audit.verify_chain().ok
    entry = AuditEntry.objects.get(action="delete", object_type="notice", object_id=str(notice.pk))
    assert entry.detail["cause"] == "retention"
    assert "Petrenko" not in _audit_text()


# ---- the jobs and the command ------------------------------------------------------------------------


def test_the_hourly_job_purges_by_the_real_clock(net: Network) -> None:
    from polnet.dataprotection.tasks import purge_past_retention

    ivan = _person(net, "Ivan", "Ivanov", REVIEW)
    long_ago = timezone.localdate() - timedelta(days=GRACE + 1)
    Person.objects.filter(pk=ivan.pk).update(review_date=long_ago, record_status=RecordStatus.EXPIRED)
    purge_past_retention.enqueue()
    assert run_jobs() == 1
    assert not Person.objects.filter(pk=ivan.pk).exists()


def test_polnet_housekeeping_does_it_all_and_the_chain_still_verifies(net: Network) -> None:
    from typer.testing import CliRunner

    from polnet.cli import app

    gone = _person(net, "Ivan", "Ivanov", REVIEW)
    due = _person(net, "Oleg", "Orlov", REVIEW)
    long_ago = timezone.localdate() - timedelta(days=GRACE + 1)
    Person.objects.filter(pk=gone.pk).update(review_date=long_ago)  # it expires and goes in one run
    runner = CliRunner()
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = runner.invoke(app, ["housekeeping"])
    assert result.exit_code == 0, result.output
    assert "Warned 1 bureaus: 1 records, 0 notices." in result.output
    assert "Expired 1 records" in result.output
    assert not Person.objects.filter(pk=gone.pk).exists()
    assert Person.objects.get(pk=due.pk).review_warned_for == REVIEW

    verified = runner.invoke(app, ["audit", "verify"])
    assert verified.exit_code == 0, verified.output
    assert "Audit chain intact" in verified.output
    assert f"person {gone.pk} by system (retention)" in verified.output


def test_the_warning_opens_the_owners_page_of_review_dates(net: Network) -> None:
    from tests.factories import signed_in_client

    ivan = _person(net, "Ivan", "Ivanov", REVIEW)
    _warn(TODAY)
    note = inbox.inbox(net.actor("FR-officer")).get(kind=retention.WARNING)
    assert registry_link(note) == "/dataprotection/retention/"
    page = signed_in_client(net.users["FR-officer"]).get("/dataprotection/retention/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f'href="/records/person/{ivan.pk}/"' in body and REVIEW.isoformat() in body
    assert "Ivanov" not in body  # kinds, numbers and dates only
    # DE's officer sees its own (none); a unit has no such page.
    other = signed_in_client(net.users["DE-officer"]).get("/dataprotection/retention/")
    assert other.status_code == 200 and f"/records/person/{ivan.pk}/" not in other.content.decode()
    unit = signed_in_client(net.users["FR-unit-full"]).get("/dataprotection/retention/")
    assert unit.status_code == 403
    # In Arabic, right to left, with the bureau's inbox wording translated.
    arabic = signed_in_client(net.users["FR-officer"])
    arabic.cookies["django_language"] = "ar"
    shown = arabic.get("/dataprotection/retention/").content.decode()
    assert 'dir="rtl"' in shown and "تواريخ المراجعة" in shown
    with translation.override("ar"):
        assert "تواريخ المراجعة خلال 30 يومًا" in registry.wording(note.kind, note.params)


def registry_link(note: Notification) -> str:
    return registry.link(note.subject, note.subject_id)


def test_a_notice_with_images_addenda_and_versions_is_deleted_whole(net: Network) -> None:
    from polnet.notices import images as notice_images
    from polnet.notices.after import addenda
    from polnet.notices.after.models import Addendum, NoticeVersion

    fr = net.actor("FR-officer")
    notice = notices.draft(net, review_date=REVIEW)
    image = notice_images.add_image(fr, notice.pk, notice_images.placeholder_png(), caption="face")
    stored = image.file.name or ""
    assert image.file.storage.exists(stored)
    notices.submit(net, notice)
    notices.review(net, notice)
    with TestCase.captureOnCommitCallbacks(execute=True):
        from polnet.notices import workflow

        workflow.publish(net.actor("gs-reviewer"), notice.pk)
        addendum = addenda.submit(fr, notice.pk, {"information": "Seen in Marseille."})
        addenda.decide(net.actor("gs-reviewer"), addendum.pk, approve=True, reason="Compliant.")
    # A later version holds the addendum it applied (a protected link): both go, in order.
    assert NoticeVersion.objects.filter(notice_id=notice.pk, addendum__isnull=False).exists()

    _run(REVIEW + timedelta(days=1))
    assert _run(REVIEW + timedelta(days=GRACE + 1)).purged_notices == 1
    assert not Notice.objects.filter(pk=notice.pk).exists()
    assert not Addendum.objects.filter(notice_id=notice.pk).exists()
    assert not NoticeVersion.objects.filter(notice_id=notice.pk).exists()
    assert not image.file.storage.exists(stored)  # the file went once the deletion committed
    assert audit.verify_chain().ok
