"""The life of a record in a real browser: the owner bureau marks a stolen car recovered, a
wanted person located, cancels and deletes, in English and Arabic, at desktop and phone width;
a closed record stays readable, marked, and stops hitting at the next border check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from polnet.records.models import RECORD_MODELS
from polnet.screening import index as screening_index
from polnet.screening import services as screening
from tests.factories import Network, make_record
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A new index per test, following the change feed at every check: a reactivated record
    comes back with the index (within 0.5 s in a running server), a closed one leaves at once."""
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


def _fits(tab: Any) -> None:
    """Nothing runs off the side of a phone screen."""
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_owner_closes_and_reopens_a_stolen_car_and_the_border_no_longer_hits(
    net: Network, tab_factory: Any
) -> None:
    car = make_record(net.actor("FR-officer"), "vehicle")
    border = net.actor("DE-unit-full")
    assert screening.screen_vehicle(border, vin=car.vin).hit

    tab = tab_factory()
    sign_in(tab, net.users["FR-officer"])
    page = tab.page
    tab.go(f"/records/vehicle/{car.pk}/")
    assert page.locator("#act-locate").inner_text() == "Mark recovered"
    assert not page.locator("#record-state").count()
    assert "Created" in page.locator("#history").inner_text()
    tab.shot("lifecycle-01-vehicle-active-en")
    page.locator("#act-locate").click()
    page.wait_for_url(f"**/records/vehicle/{car.pk}/locate/")
    assert page.locator("h1").inner_text() == "Mark this item recovered"
    page.fill("#id_reason", "Found in a car park in Lille")
    tab.shot("lifecycle-02-recover-confirm-en")
    page.locator("#life-confirm").click()
    page.wait_for_url(f"**/records/vehicle/{car.pk}/")
    state = page.locator("#record-state")
    assert "Recovered" in state.inner_text() and "Found in a car park in Lille" in state.inner_text()
    assert "no longer hits" in state.inner_text()
    history = page.locator("#history").inner_text()
    assert "Marked recovered" in history and "fr-officer" in history
    tab.shot("lifecycle-03-vehicle-recovered-en")

    # The next border check does not hit it.
    assert not screening.screen_vehicle(border, vin=car.vin).hit

    # Another country still reads it, marked, and finds it among the recovered, not the active.
    other = tab_factory()
    sign_in(other, net.users["DE-officer"])
    other.go(f"/records/vehicle/{car.pk}/")
    assert "Recovered" in other.page.locator("#record-state").inner_text()
    assert not other.page.locator("#record-actions").count()
    assert "France bureau" in other.page.locator("#history").inner_text()
    other.go("/records/vehicle/")
    assert not other.page.locator(f"a[href='/records/vehicle/{car.pk}/']").count()
    other.page.locator("details.filters summary").click()
    other.page.select_option("#f-state", "recovered")
    other.page.get_by_role("button", name="Apply filters").click()
    other.page.locator(f"a[href='/records/vehicle/{car.pk}/']").wait_for()
    other.shot("lifecycle-04-recovered-listed-en")

    # At phone width, the owner reactivates it (a mistake), then cancels it with a reason.
    tab.narrow()
    tab.go(f"/records/vehicle/{car.pk}/")
    _fits(tab)
    page.locator("#act-reactivate").click()
    page.wait_for_url("**/reactivate/")
    page.locator("#life-confirm").click()
    page.wait_for_url(f"**/records/vehicle/{car.pk}/")
    assert not page.locator("#record-state").count()
    assert screening.screen_vehicle(border, vin=car.vin).hit  # back in screening at once
    page.locator("#act-cancel").click()
    page.wait_for_url("**/cancel/")
    _fits(tab)
    page.locator("#life-confirm").click()  # no reason: refused, nothing changed
    assert "This field is required." in page.locator(".field-error").inner_text()
    assert RECORD_MODELS["vehicle"].objects.get(pk=car.pk).state == "active"
    tab.shot("lifecycle-05-cancel-refused-en-narrow")
    page.fill("#id_reason", "Reported by mistake")
    page.locator("#life-confirm").click()
    page.wait_for_url(f"**/records/vehicle/{car.pk}/")
    assert "Cancelled" in page.locator("#record-state").inner_text()
    _fits(tab)
    tab.shot("lifecycle-06-vehicle-cancelled-en-narrow")
    assert not screening.screen_vehicle(border, vin=car.vin).hit


def test_in_arabic_a_located_person_is_marked_and_deleting_asks_first(net: Network, tab_factory: Any) -> None:
    person = make_record(net.actor("FR-officer"), "person")
    query = screening.person_query("Ivan Ivanov", date_of_birth="1974-08-12")
    assert screening.screen_person(net.actor("IT-officer"), query, purpose="identification").hit

    tab = tab_factory()
    tab.go("/login/")
    tab.page.select_option("#language", "ar")
    with tab.page.expect_navigation():
        tab.page.click("form.lang button")
    sign_in(tab, net.users["FR-officer"])
    page = tab.page
    tab.go(f"/records/person/{person.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#act-locate").inner_text() == "وسم بأنه حُدّد مكانه"
    page.locator("#act-locate").click()
    page.wait_for_url("**/locate/")
    assert page.locator("h1").inner_text() == "وسم هذا الشخص بأنه حُدّد مكانه"
    page.fill("#id_reason", "أوقف في مرسيليا")
    tab.shot("lifecycle-07-locate-confirm-ar")
    page.locator("#life-confirm").click()
    page.wait_for_url(f"**/records/person/{person.pk}/")
    state = page.locator("#record-state").inner_text()
    assert "تم تحديد مكانه" in state and "أوقف في مرسيليا" in state
    assert "وُسم بأنه حُدّد مكانه" in page.locator("#history").inner_text()
    tab.shot("lifecycle-08-person-located-ar")
    assert not screening.screen_person(net.actor("IT-officer"), query, purpose="identification").hit

    tab.narrow()
    tab.go(f"/records/person/{person.pk}/")
    _fits(tab)
    tab.shot("lifecycle-09-person-located-ar-narrow")
    page.locator("#act-delete").click()
    page.wait_for_url("**/delete/")
    assert page.locator("h1").inner_text() == "حذف هذا السجل"
    assert RECORD_MODELS["person"].objects.filter(pk=person.pk).exists()  # asking deletes nothing
    _fits(tab)
    tab.shot("lifecycle-10-delete-confirm-ar-narrow")
    page.locator("#life-confirm").click()
    page.wait_for_url("**/records/person/")
    assert "حُذف السجل." in page.locator(".messages").inner_text()
    assert not RECORD_MODELS["person"].objects.filter(pk=person.pk).exists()
