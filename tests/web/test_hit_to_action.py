"""From a hit to action, in Chromium, with the pages of both sides open at once.

An airport officer checks a traveller and is told, at the hit, to carry out a discreet
check; the owner bureau's open home page hears of the hit by itself; the owner confirms it
on the hit's page; the airport officer's check page shows the confirmation by itself; the
airport's bureau sends the hit report; the owner reads it. Nothing reloads a page by hand
between the steps: the live feed carries them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from polnet.records import services as records
from polnet.screening import index as screening_index
from polnet.screening.models import Hit, HitReport, HitState
from tests.factories import SAMPLE_FIELDS, Network, access
from tests.web.conftest import DESKTOP, NARROW
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LIVE = 2_000  # ms: how soon an open page must show what happened elsewhere
WAIT = 20_000  # ms: a page load or a form's answer


@pytest.fixture
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The live server shares this process's screening index: new for the test's records."""
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


def test_a_hit_goes_from_the_post_to_the_owner_and_back_with_the_report(
    net: Network, tab_factory: Any, fresh_index: None, settings: Any
) -> None:
    settings.POLNET_LIVE_STREAM = True
    note = "Note who travels with him and the vehicle."
    records.create_record(
        net.actor("FR-officer"),
        "person",
        {**SAMPLE_FIELDS["person"], **access(), "hit_action": "discreet_check", "hit_action_note": note},
    )

    # The owner bureau's officer has its home page open, with its live hits panel.
    owner = tab_factory(viewport=DESKTOP)
    sign_in(owner, net.users["FR-officer"])
    owner.go("/")
    owner.page.wait_for_selector("body[data-live=open]", timeout=WAIT)
    assert owner.page.locator("#hits-feed li.hit").count() == 0

    # The airport officer checks the traveller: a hit, and what to do about it.
    post = tab_factory(viewport=NARROW)
    sign_in(post, net.users["DE-unit-full"])
    post.go("/check/")
    post.page.wait_for_selector("body[data-live=open]", timeout=WAIT)
    post.page.fill("#id_name", "Ivan Ivanov")
    post.page.fill("#id_date_of_birth", "1974-08-12")
    post.page.fill("#id_location", "Frankfurt airport, gate B12")
    post.page.locator("#check-form button[type=submit]").click()
    action = post.page.locator("#check-result .hit-action[data-action=discreet_check]")
    action.wait_for(timeout=WAIT)
    assert "Discreet check" in action.inner_text() and note in action.inner_text()
    assert "urgent" not in (action.get_attribute("class") or "")
    hit = Hit.objects.get()
    assert hit.action == "discreet_check" and hit.state == HitState.REPORTED and hit.due_at is not None
    post.shot("hit-to-action-1-post-hit")

    # The owner's open page shows the hit by itself, within two seconds.
    owner.page.wait_for_selector("#hits-feed li.hit", timeout=LIVE)
    owner.shot("hit-to-action-2-owner-sees-hit")

    # The owner confirms it on the hit's page.
    owner.go(f"/check/hits/{hit.pk}/")
    owner.page.select_option(f"#answer{hit.pk}_state", HitState.CONFIRMED.value)
    owner.page.locator(f"#answer-{hit.pk} form button[type=submit]").click()
    owner.page.wait_for_selector(f"#answer-{hit.pk}.outcome-done", timeout=WAIT)
    hit.refresh_from_db()
    assert hit.state == HitState.CONFIRMED and hit.state_by_id == net.users["FR-officer"].pk

    # The airport officer's page, still open, shows the owner's confirmation by itself.
    state = post.page.locator(f"#hit-state-{hit.pk}[data-state=confirmed]")
    state.wait_for(timeout=LIVE)
    assert "Confirmed" in state.inner_text()
    post.shot("hit-to-action-3-post-sees-confirmation")

    # The airport's bureau sends the hit report.
    bureau = tab_factory(viewport=NARROW)
    sign_in(bureau, net.users["DE-officer"])
    bureau.go(f"/check/hits/{hit.pk}/report/")
    form = bureau.page.locator("#hit-report-form")
    form.wait_for(timeout=WAIT)
    bureau.page.fill("#id_place", "Frankfurt airport, gate B12")
    bureau.page.fill("#id_occurred_at", hit.at.strftime("%Y-%m-%dT%H:%M"))
    bureau.page.select_option("#id_check_performed", "discreet_check")
    bureau.page.select_option("#id_outcome", "located")
    bureau.page.fill("#id_accompanying", "A woman of about forty, not identified.")
    bureau.page.select_option("#id_transport", "flight")
    bureau.page.fill("#id_transport_identifier", "LH 1234")
    bureau.page.fill("#id_remarks", "He boarded for Rome without being told.")
    form.locator("button[type=submit]").click()
    bureau.page.wait_for_selector("#report", timeout=WAIT)
    assert HitReport.objects.filter(hit=hit).count() == 1

    # The owner reads it.
    owner.go(f"/check/hits/{hit.pk}/report/")
    report = owner.page.locator("#report")
    report.wait_for(timeout=WAIT)
    text = report.inner_text()
    assert "He boarded for Rome without being told." in text and "LH 1234" in text
    assert owner.page.locator("#hit-report-form").count() == 0  # the owner reads; it does not write
    owner.shot("hit-to-action-4-owner-reads-report")
    for tab in (owner, post, bureau):
        assert not tab.console_errors, tab.console_errors
