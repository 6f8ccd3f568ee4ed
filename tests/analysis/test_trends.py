"""Trends count what the reader may see, per ISO week, the same from the rollup as live."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from polnet.analysis.trends import rollup, services
from polnet.analysis.trends.filters import make_filters
from polnet.analysis.trends.models import CheckRollup
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.screening import confirmation
from polnet.screening.models import Hit
from tests.analysis.trend_fixtures import DAY_W01A, DAY_W02, SINCE, UNTIL, check, known_checks, known_hits
from tests.factories import Network
from tests.notices.helpers import published

PERIOD = make_filters(since=SINCE, until=UNTIL)


def _rows(net: Network, who: str, name: str, **filters: object) -> list[list[object]]:
    f = make_filters(since=SINCE, until=UNTIL, **filters) if filters else PERIOD  # type: ignore[arg-type]
    return services.series(net.actor(who), name, f).rows


@pytest.mark.django_db
def test_checks_per_iso_week_for_the_network_and_for_a_bureau(net: Network) -> None:
    known_checks(net)
    network = [
        ["2026-W01", "2025-12-29", "person", 4],
        ["2026-W01", "2025-12-29", "vehicle", 1],
        ["2026-W02", "2026-01-05", "document", 1],
        ["2026-W02", "2026-01-05", "person", 1],
    ]
    assert _rows(net, "gs-analyst", "checks") == network
    fr = [["2026-W01", "2025-12-29", "person", 3], ["2026-W02", "2026-01-05", "document", 1]]
    assert _rows(net, "FR-analyst", "checks") == fr
    post = net.units["FR-full"].pk
    assert _rows(net, "FR-analyst", "checks", post=post) == [["2026-W01", "2025-12-29", "person", 2]]
    assert _rows(net, "FR-analyst", "checks", country="DE") == []  # not FR's to count
    assert _rows(net, "gs-analyst", "checks", country="DE", kind="vehicle") == [
        ["2026-W01", "2025-12-29", "vehicle", 1]
    ]


@pytest.mark.django_db
def test_the_rollup_equals_the_live_count_and_folding_twice_changes_nothing(net: Network) -> None:
    known_checks(net)
    before = {who: _rows(net, who, "checks") for who in ("gs-analyst", "FR-analyst", "DE-analyst")}
    assert rollup.watermark() == 0  # all of it read live so far
    assert rollup.fold(step_rows=3) > 0  # in several steps
    assert rollup.watermark() > 0 and CheckRollup.objects.exists()
    folded = list(CheckRollup.objects.values_list("day", "kind", "country", "post", "checks", "hits"))
    assert sum(row[4] for row in folded) == 7 and sum(row[5] for row in folded) == 1
    assert rollup.fold() == 0
    assert list(CheckRollup.objects.values_list("day", "kind", "country", "post", "checks", "hits")) == folded
    after = {who: _rows(net, who, "checks") for who in before}
    assert after == before
    check(net, "FR-officer", "person", DAY_W02)  # after the fold: read live, counted at once
    assert _rows(net, "FR-analyst", "checks")[-1] == ["2026-W02", "2026-01-05", "person", 1]
    rollup.fold()
    assert _rows(net, "FR-analyst", "checks")[-1] == ["2026-W02", "2026-01-05", "person", 1]


@pytest.mark.django_db
def test_hits_count_only_what_the_bureau_sees(net: Network) -> None:
    known_hits(net)
    assert _rows(net, "gs-analyst", "hits") == [
        ["2026-W01", "2025-12-29", "person", 2],
        ["2026-W02", "2026-01-05", "document", 1],
        ["2026-W02", "2026-01-05", "person", 1],
    ]
    # FR: the two on its records made in DE, and the one its post made on IT's record.
    assert _rows(net, "FR-analyst", "hits") == [
        ["2026-W01", "2025-12-29", "person", 2],
        ["2026-W02", "2026-01-05", "document", 1],
    ]
    assert _rows(net, "IT-analyst", "hits") == [["2026-W01", "2025-12-29", "person", 1]]
    countries = _rows(net, "FR-analyst", "countries")
    assert [(row[0], row[1], row[3]) for row in countries] == [("DE", "276", 2), ("FR", "250", 1)]
    # FR's own post by name; DE's posts as one row.
    posts = _rows(net, "FR-analyst", "posts")
    assert [(row[0], row[2], row[3]) for row in posts] == [
        (None, "DE", 2),
        (net.units["FR-full"].pk, "FR", 1),
    ]
    assert posts[1][1] == "FR full"


@pytest.mark.django_db
def test_answers_and_the_time_to_answer(net: Network) -> None:
    known_hits(net)
    first = Hit.objects.get(kind="person", owner_country_id="FR")
    confirmation.answer_hit(
        net.actor("FR-officer"), first.pk, "confirmed", "", now=DAY_W01A + timedelta(hours=3)
    )
    second = Hit.objects.get(kind="document")
    confirmation.answer_hit(
        net.actor("FR-officer"), second.pk, "not_same", "Other", now=DAY_W02 + timedelta(hours=1)
    )
    assert _rows(net, "FR-analyst", "answer_times") == [
        ["2026-W01", "2025-12-29", 1, 3.0, 3.0],
        ["2026-W02", "2026-01-05", 1, 1.0, 1.0],
    ]
    answers = {(row[0], row[1]): row[2] for row in _rows(net, "FR-analyst", "answers")}
    assert answers == {("confirmed", "pending"): 1, ("not_same", "pending"): 1, ("reported", "pending"): 1}


@pytest.mark.django_db
def test_a_restricted_notice_is_not_counted_where_it_is_hidden(net: Network) -> None:
    published(net, restriction="only_listed", listed_countries=["IT"])
    published(net)
    today = timezone.now().date()
    f = make_filters(since=today - timedelta(days=7), until=today)

    def total(who: str) -> int:
        return sum(row[-1] for row in services.series(net.actor(who), "notices", f).rows)

    assert (total("FR-analyst"), total("IT-analyst"), total("DE-analyst"), total("gs-analyst")) == (
        2,
        2,
        1,
        2,
    )
    row = services.series(net.actor("DE-analyst"), "notices", f).rows[0]
    assert row[2:] == ["notice", "red", 1]


@pytest.mark.django_db
def test_only_analysts_read_trends_and_bad_filters_are_refused(net: Network) -> None:
    for who in ("FR-officer", "FR-unit-full", "gs-reviewer", "gs-sysadmin"):
        with pytest.raises(Forbidden):
            services.series(net.actor(who), "checks", PERIOD)
    with pytest.raises(NotFound):
        services.series(net.actor("FR-analyst"), "nothing", PERIOD)
    for bad, code in (
        ({"since": "2026-13-01"}, "trends_date_invalid"),
        ({"since": "2026-02-01", "until": "2026-01-01"}, "trends_period_reversed"),
        ({"since": "2010-01-01", "until": "2026-01-01"}, "trends_period_too_long"),
        ({"country": "XX"}, "trends_country_unknown"),
        ({"post": "abc"}, "trends_post_invalid"),
        ({"kind": "spaceship"}, "trends_kind_unknown"),
        ({"crime_area": "jaywalking"}, "trends_crime_area_unknown"),
    ):
        with pytest.raises(InvalidInput) as refused:
            make_filters(**bad)  # type: ignore[arg-type]
        assert refused.value.code == code
