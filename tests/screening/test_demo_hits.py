"""The demo's hits: every state of the owner's answer, a report, an escalation, once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from rich.console import Console

from polnet.core.actions import HitAction
from polnet.network.models import Country
from polnet.network.services import sync_countries
from polnet.notices.after.models import Addendum, AddendumState, NoticeVersion, Reservation, Sighting
from polnet.notices.seeding import seed_demo_notices
from polnet.notifications.models import Notification
from polnet.records.seeding import SeedSizes, seed_demo_if_empty
from polnet.screening import confirmation
from polnet.screening.models import Hit, HitReport, HitState
from polnet.screening.seeding import seed_demo_hits

# Starts from an empty database, without the test network (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("empty_database")

SMALL = SeedSizes(persons=80, documents=40, vehicles=4, firearms=4, artworks=2, countries=4)


@pytest.mark.django_db
def test_the_demo_has_hits_in_every_state_and_the_acts_after_publication(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> None:
    quiet = Console(quiet=True)
    sync_countries()
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo_if_empty(password="demo-password-1", sizes=SMALL, console=quiet)
        seed_demo_notices(quiet)
        seed_demo_hits(quiet)

    states = Counter(Hit.objects.values_list("state", flat=True))
    for state in (HitState.CONFIRMED, HitState.NOT_SAME, HitState.WITHDRAWN, HitState.REPORTED):
        assert states[state] >= 1, states
    # The checks were made by the first country's posts, on the other countries' data.
    hits = Hit.objects.all()
    first = Country.objects.filter(is_member=True).order_by("code").values_list("code", flat=True)[0]
    assert {h.screening_country_id for h in hits} == {first}
    assert first not in {h.owner_country_id for h in hits}
    assert {h.unit.kind for h in hits if h.unit} == {"airport", "border_crossing"}
    actions = {h.action for h in hits}
    assert {HitAction.ARREST, HitAction.DISCREET_CHECK, HitAction.SEIZE, HitAction.PROTECT} <= actions

    report = HitReport.objects.get()
    assert report.hit.state == HitState.CONFIRMED and report.hit.action == HitAction.ARREST
    assert report.reporting_country_id == first
    confirmed = report.hit
    assert confirmed.state_at is not None and confirmed.state_at > confirmed.at  # time to answer

    escalated = Hit.objects.get(escalated_at__isnull=False)
    assert escalated.kind == "notice" and escalated.state == HitState.REPORTED
    assert confirmation.is_overdue(escalated)
    waiting = Hit.objects.get(kind="notice", action=HitAction.PROTECT)
    assert waiting.state == HitState.REPORTED and not confirmation.is_overdue(waiting)

    kinds = Counter(Notification.objects.values_list("kind", flat=True))
    for kind in ("hit_new", "hit_confirmed", "hit_not_same", "hit_withdrawn", "hit_report", "hit_overdue"):
        assert kinds[kind] >= 1, kinds
    assert Notification.objects.filter(
        kind="hit_overdue", recipient_bureau__isnull=True, recipient_unit__isnull=True
    ).exists()  # the secretariat's

    sighting = Sighting.objects.get()
    assert sighting.reporting_country_id != sighting.notice.owner_country_id
    reservation = Reservation.objects.get()
    assert reservation.notice.kind == "red" and reservation.country_id != reservation.notice.owner_country_id
    assert Counter(Addendum.objects.values_list("state", flat=True)) == {
        AddendumState.PENDING: 1,
        AddendumState.APPROVED: 1,
    }
    approved = Addendum.objects.get(state=AddendumState.APPROVED)
    assert NoticeVersion.objects.filter(notice=approved.notice, number=2).exists()

    counts = (
        Hit.objects.count(),
        HitReport.objects.count(),
        Notification.objects.count(),
        Sighting.objects.count(),
        Reservation.objects.count(),
        Addendum.objects.count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo_hits(quiet)  # once only
    assert (
        Hit.objects.count(),
        HitReport.objects.count(),
        Notification.objects.count(),
        Sighting.objects.count(),
        Reservation.objects.count(),
        Addendum.objects.count(),
    ) == counts
