"""The time from a hit to the owner's answer: median, 90th percentile, share on time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from polnet.screening import confirmation
from polnet.screening.statistics import answer_times, duration_text, percentile
from tests.factories import Network, signed_in_client
from tests.screening.confirm_helpers import T0, make_hit


def _answered(
    net: Network, minutes: int, *, action: str = "", owner: str = "FR", state: str = "confirmed"
) -> None:
    hit = make_hit(net, owner=owner, action=action)
    officer = net.actor(f"{owner}-officer")
    confirmation.answer_hit(officer, hit.pk, state, "Other person", now=T0 + timedelta(minutes=minutes))


@pytest.mark.django_db
def test_the_figures_of_a_known_set(net: Network) -> None:
    for minutes in (10, 20, 30, 40, 120):
        _answered(net, minutes)  # due in 12 h: on time
    _answered(net, 90, action="arrest", state="not_same")  # due in 1 h: late
    make_hit(net)  # waiting
    withdrawn = make_hit(net)
    confirmation.answer_hit(net.actor("DE-unit-full"), withdrawn.pk, "withdrawn", "Typo")
    _answered(net, 600, owner="IT")  # another owner's
    fr = answer_times(net.actor("FR-officer"))
    assert fr is not None
    assert (fr.answered, fr.waiting) == (6, 1)
    assert fr.median == timedelta(minutes=35)  # of 10 20 30 40 90 120
    assert fr.p90 == timedelta(minutes=120)
    assert fr.on_time_percent == 83  # 5 of 6
    network = answer_times(net.actor("gs-analyst"))
    assert network is not None and network.answered == 7 and network.p90 == timedelta(minutes=600)
    assert answer_times(net.actor("FR-unit-full")) is None
    assert answer_times(net.actor("gs-sysadmin")) is None
    empty = answer_times(net.actor("ES-officer"))
    assert empty is not None and (empty.answered, empty.median, empty.on_time) == (0, None, None)


def test_percentile_and_duration_wording() -> None:
    assert percentile([5.0, 1.0, 3.0], 0.9) == 5.0 and percentile([1.0, 2.0], 0.5) == 1.0
    assert percentile(list(map(float, range(1, 11))), 0.9) == 9.0
    with translation.override("en"):
        assert duration_text(timedelta(minutes=125)) == "2 h 05 min"
        assert duration_text(timedelta(seconds=50)) == "1 min" and duration_text(None) == "—"


@pytest.mark.django_db
def test_the_statistics_page_shows_the_owners_answer_times(net: Network) -> None:
    _answered(net, 30)
    page = signed_in_client(net.users["FR-analyst"]).get("/statistics/").content.decode()
    table = page[page.index('id="answer-times"') :]
    assert "Time from a hit to the owner" in page and "30 min" in table and "100%" in table
