"""The trends page and a project's month of changes: what shows, for whom, in which language."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from polnet.analysis import services as projects
from polnet.analysis.models import AnalystLink
from polnet.analysis.trends import services
from polnet.analysis.trends.filters import make_filters
from polnet.core.models import AuditEntry
from polnet.screening.models import Hit
from tests.analysis.trend_fixtures import SINCE, UNTIL, known_checks, known_hits
from tests.factories import Network, make_record, signed_in_client
from tests.notices.helpers import published
from tests.screening.confirm_helpers import make_hit

PERIOD = f"since={SINCE}&until={UNTIL}"


@pytest.mark.django_db
def test_the_trends_page_has_every_chart_with_its_table_and_downloads(net: Network) -> None:
    known_checks(net)
    known_hits(net)
    page = signed_in_client(net.users["FR-analyst"]).get(f"/analysis/trends/?{PERIOD}").content.decode()
    for name in ("checks", "hits", "answers", "answer_times", "notices", "countries", "posts"):
        spec = json.loads(
            re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', page, re.S)[1]
        )
        assert spec["$schema"].endswith("v6.json") and f'data-chart="{name}"' in page
        assert f"/api/analysis/trends/{name}?since=2025-12-01&amp;until=2026-01-31&amp;format=csv" in page
    assert "analysis/vendor/vega-embed.min.js" in page and "analysis/trends.js" in page
    table = page[page.index('id="trend-checks"') : page.index('id="trend-hits"')]
    assert "<td>2026-W01</td><td>2025-12-29</td><td>Person</td><td>3</td>" in table
    assert "<script>" not in page  # no inline script: the page's policy forbids it


@pytest.mark.django_db
def test_who_reads_the_page_bad_filters_and_arabic(net: Network) -> None:
    assert signed_in_client(net.users["FR-officer"]).get("/analysis/trends/").status_code == 403
    analyst = signed_in_client(net.users["FR-analyst"])
    page = analyst.get("/analysis/trends/?since=2026-02-01&until=2026-01-01&kind=ufo").content.decode()
    assert "The start of the period comes after its end." in page
    analyst.cookies["django_language"] = "ar"
    arabic = analyst.get("/analysis/trends/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in arabic and "<h1>الاتجاهات</h1>" in arabic


def _project(net: Network) -> tuple[int, int, int]:
    """An FR project on drugs with IT taking part, naming an FR person, an FR notice shown
    to DE only, and the hits on them. (person id, notice id, project id)"""
    fr = net.actor("FR-analyst")
    project = projects.open_project(
        fr,
        name="Harbour",
        purpose="investigation",
        crime_area="drugs",
        review_date=date.today() + timedelta(days=200),
        participants=["IT"],
    )
    person = make_record(net.actor("FR-officer"), "person")
    notice = published(net, restriction="only_listed", listed_countries=["DE"])
    for source, target in ((f"person:{person.pk}", f"notice:{notice.pk}"),):
        AnalystLink.objects.create(
            project=project, source=source, target=target, reason="manual", created_by=net.users["FR-analyst"]
        )
    now = timezone.now()
    on_person = make_hit(net, owner="FR", screener="IT-unit-full", at=now)
    Hit.objects.filter(pk=on_person.pk).update(record_id=person.pk)
    on_notice = make_hit(net, owner="FR", screener="DE-unit-full", at=now, kind="notice")
    Hit.objects.filter(pk=on_notice.pk).update(record_id=notice.pk)
    other = make_hit(net, owner="FR", screener="IT-unit-full", at=now)
    Hit.objects.filter(pk=other.pk).update(record_id=person.pk + 1000)  # not a record the project names
    return person.pk, notice.pk, project.pk


@pytest.mark.django_db
def test_a_projects_month_shows_only_what_each_reader_may_see(net: Network) -> None:
    _, notice_id, project_id = _project(net)
    _, fr = services.project_changes(net.actor("FR-analyst"), project_id)
    assert fr.counts == {"links": 1, "hits": 2, "notices": 1, "steps": fr.counts["steps"]}
    assert fr.notices[0]["id"] == notice_id and fr.counts["steps"] >= 1
    # IT takes part but may not see the notice: not its hit, not its link, not its steps.
    _, it = services.project_changes(net.actor("IT-analyst"), project_id)
    assert it.counts == {"links": 0, "hits": 1, "notices": 0, "steps": 0}
    assert (
        AuditEntry.objects.filter(
            object_type="analysis_project_changes", purpose=f"analysis_project:{project_id}"
        ).count()
        == 2
    )
    page = signed_in_client(net.users["FR-analyst"]).get(f"/analysis/projects/{project_id}/changes/")
    assert page.status_code == 200 and f"notice:{notice_id}" in page.content.decode()
    assert (
        signed_in_client(net.users["ES-analyst"]).get(f"/analysis/projects/{project_id}/changes/").status_code
        == 404
    )
    bad = signed_in_client(net.users["FR-analyst"]).get(
        f"/analysis/projects/{project_id}/changes/?month=June"
    )
    assert bad.status_code == 422


@pytest.mark.django_db
def test_a_crime_area_narrows_hits_and_notices_to_what_its_projects_name(net: Network) -> None:
    _project(net)
    today = timezone.now().date()
    f = make_filters(since=today, until=today, crime_area="drugs")
    every = make_filters(since=today, until=today)

    def hits(who: str, filters: object) -> int:
        return sum(row[-1] for row in services.series(net.actor(who), "hits", filters).rows)  # type: ignore[arg-type]

    assert (hits("FR-analyst", every), hits("FR-analyst", f)) == (3, 2)
    assert hits("IT-analyst", f) == 1  # the notice's hit was made in DE: IT never sees it
    assert hits("DE-analyst", f) == 0  # DE takes no part in a drugs project
    notices = services.series(net.actor("FR-analyst"), "notices", f).rows
    assert sum(row[-1] for row in notices) == 1
    assert (
        services.series(
            net.actor("FR-analyst"), "notices", make_filters(since=today, until=today, crime_area="fugitives")
        ).rows
        == []
    )
