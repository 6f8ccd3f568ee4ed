"""An operation from plan to seizure in a real browser: the coordinator plans it through the
pages (the post picker with and without htmx), a post's check hits a target while it is
active, the post files a seizure, and the coordinator's open board shows both without a reload."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from polnet.operations import watchlist
from polnet.operations.models import Operation, OperationHit, Participant, Phase, Seizure
from polnet.screening import services as screening
from tests.factories import Network, make_record, signed_in_client
from tests.web.conftest import NARROW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT = 15_000  # ms: an htmx poll (1 s here) and the server's answer, on a busy machine


@pytest.fixture(autouse=True)
def _fresh_watch_list() -> Iterator[None]:
    """No participation cached by an earlier test reaches this one (the live server shares the process)."""
    watchlist.forget()
    yield
    watchlist.forget()


def _tab(tab_factory: Any, client: Client, path: str, **kw: Any) -> Any:
    """A tab carrying the session of a client signed in through the real sign-in page."""
    tab = tab_factory(**kw)
    tab.context.add_cookies(
        [{"name": k, "value": m.value, "url": tab.base_url} for k, m in client.cookies.items()]
    )
    tab.go(path)
    return tab


def _plan_through_the_pages(tab: Any, net: Network, record_id: int) -> Operation:
    page = tab.page
    today = timezone.localdate()
    page.fill("#code_name", "Folosa")
    page.select_option("#crime_area", "drugs")
    page.select_option("#handling_code", "H2")
    for field, days in (("prepares_on", -5), ("active_on", -1), ("active_until", 5), ("closes_on", 10)):
        page.fill(f"#{field}", (today + timedelta(days=days)).isoformat())
    page.locator("#new-operation button[type=submit]").click()
    page.wait_for_url("**/operations/*/")
    op = Operation.objects.get(code_name="Folosa")
    assert page.locator("nav.op-tabs a[aria-current=page]").get_attribute("href") == f"/operations/{op.pk}/"

    # Germany and its post, picked with htmx: the posts come as soon as the country is chosen.
    de_full = net.units["DE-full"]
    page.select_option("#country", "DE")
    page.locator(f"#posts-form input[name=units][value='{de_full.pk}']").check(timeout=WAIT)
    assert page.locator(f"#posts-form input[value='{net.units['FR-full'].pk}']").count() == 0
    tab.shot("operation-post-picker")
    page.locator("#posts-form button[type=submit]").click()
    page.locator("table.data >> text=DE full").wait_for(timeout=WAIT)

    # France's own posts, through the picker's link without htmx: the page itself shows them.
    page.locator("a[href='?country=FR#participant-form']").click()
    page.wait_for_url("**/operations/*/?country=FR*")
    page.locator(f"#posts-form input[name=units][value='{net.units['FR-full'].pk}']").check()
    page.locator("#posts-form button[type=submit]").click()
    page.locator("table.data >> text=FR full").wait_for(timeout=WAIT)
    assert {
        p.country_id: [u.pk for u in p.units.all()] for p in Participant.objects.filter(operation=op)
    } == {
        "FR": [net.units["FR-full"].pk],
        "DE": [de_full.pk],
    }

    # A target, on the Targets tab.
    page.locator("nav.op-tabs a", has_text="Targets").click()
    page.wait_for_url(f"**/operations/{op.pk}/targets/")
    page.select_option("#kind", "document")
    page.fill("#record_id", str(record_id))
    page.select_option("#action", "seize")
    page.locator("#target-form button[type=submit]").click()
    page.locator("#targets tbody tr").wait_for(timeout=WAIT)

    # Active, from the plan.
    page.locator("nav.op-tabs a", has_text="Plan").click()
    page.select_option("#phase", Phase.ACTIVE)
    page.locator("form:has(#phase) button[type=submit]").click()
    page.locator("#live-summary").wait_for(timeout=WAIT)
    op.refresh_from_db()
    assert op.phase == Phase.ACTIVE
    return op


def test_a_post_s_hit_and_seizure_reach_the_coordinator_s_open_board(
    net: Network, tab_factory: Any, settings: Any, fresh_screening_index: None
) -> None:
    settings.POLNET_OPERATION_BOARD_POLL_SECONDS = 1
    document = make_record(net.actor("DE-officer"), "document")
    coordinator = signed_in_client(net.users["FR-officer"])
    planner = _tab(tab_factory, coordinator, "/operations/")
    op = _plan_through_the_pages(planner, net, document.pk)

    # The coordinator's board, open in another tab before anything happens.
    board = _tab(tab_factory, coordinator, f"/operations/{op.pk}/board/")
    page = board.page
    assert (
        page.locator("nav.op-tabs a[aria-current=page]").get_attribute("href")
        == f"/operations/{op.pk}/board/"
    )
    page.locator("#operation-board").wait_for()
    assert page.locator("#operation-board tr[id^=operation-hit-]").count() == 0
    page.evaluate("window.stillTheSamePage = true")

    # A check at Germany's post finds the target: through the real screening service.
    result = screening.screen_document(net.actor("DE-unit-full"), document.number, None, location="Kehl")
    assert result.hit
    hit = OperationHit.objects.get(operation=op)
    assert hit.unit_id == net.units["DE-full"].pk

    # The post files its seizure through the field report page, reached by its tab.
    post = _tab(tab_factory, signed_in_client(net.users["DE-unit-full"]), f"/operations/{op.pk}/")
    post.page.locator("nav.op-tabs a", has_text="Field reports").click()
    post.page.wait_for_url(f"**/operations/{op.pk}/reports/new/")
    form = post.page.locator("#report-form")
    form.locator("input[name=place]").fill("Kehl bridge")
    when = timezone.localtime() - timedelta(minutes=30)
    form.locator("input[name=occurred_at]").fill(when.strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=operation_hit]").fill(str(hit.pk))
    form.locator("select[name=s_category]").select_option("drugs")
    form.locator("select[name=s_drug_type]").select_option("cocaine")
    form.locator("input[name=s_quantity]").fill("12.5")
    form.locator("select[name=s_quantity_unit]").select_option("kg")
    form.locator("input[name=s_value]").fill("500000")
    form.locator("button[type=submit]", has_text="File the report").click()
    post.page.wait_for_url("**/operations/reports/*/")
    assert Seizure.objects.filter(report__operation=op, category="drugs").count() == 1

    # The open board shows the hit and the seizure by its own polling, with no reload.
    page.locator(f"#operation-hit-{hit.pk}").wait_for(timeout=WAIT)
    assert "Kehl" in page.locator(f"#operation-hit-{hit.pk}").inner_text()
    page.locator("#operation-board td", has_text="Drugs").wait_for(timeout=WAIT)
    page.locator("#operation-board", has_text="500,000.00").wait_for(timeout=WAIT)
    assert page.evaluate("window.stillTheSamePage") is True
    board.shot("operation-board-live")


def test_the_tabs_and_the_picker_fit_a_phone_in_arabic(net: Network, tab_factory: Any) -> None:
    from tests.operations.helpers import plan

    op = plan(net)
    tab = _tab(tab_factory, signed_in_client(net.users["FR-officer"]), "/", viewport=NARROW, locale="ar")
    tab.context.add_cookies([{"name": "django_language", "value": "ar", "url": tab.base_url}])
    tab.go(f"/operations/{op.pk}/?country=DE")
    page = tab.page
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert (
        page.locator("nav.op-tabs a").count() == 5
    )  # plan, targets, board, results, messages: no reports yet
    assert page.locator("#posts-form input[name=units]").count() == 4  # Germany's four posts
    for selector in ("nav.op-tabs", "#posts-form"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"] + 1
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    tab.shot("operation-tabs-picker-phone-ar")
