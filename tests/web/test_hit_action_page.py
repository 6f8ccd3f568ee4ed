"""The action to take, in a real browser: an officer of a hit-only unit checks a missing
person and sees, at phone width and in Arabic or English, that the owner asks for protection,
marked urgent in red; the same box fits the narrow page without spilling out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from polnet.screening import index as screening_index
from tests.factories import Network
from tests.notices.helpers import YELLOW, published
from tests.web.conftest import NARROW
from tests.web.test_border_check import _open, _submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


@pytest.mark.parametrize(("lang", "urgent"), [("en", "URGENT"), ("ar", "عاجل")])
def test_an_urgent_action_is_shown_red_at_phone_width(
    net: Network, tab_factory: Any, fresh_index: None, lang: str, urgent: str
) -> None:
    published(net, base=YELLOW, hit_action_note="Minor: tell no one travelling with her.")
    tab = _open(tab_factory, net.users["DE-unit-hitonly"], lang, NARROW)
    page = tab.page
    page.fill("#id_name", "Léa Martin")
    page.fill("#id_date_of_birth", "2009-02")
    _submit(tab)
    box = page.locator("#check-result .hit-action[data-action=protect]")
    box.wait_for()
    assert urgent in box.locator(".urgent-tag").inner_text().upper()
    assert "Minor: tell no one travelling with her." in box.inner_text()
    border = box.evaluate("e => getComputedStyle(e).borderInlineStartColor")
    assert border == "rgb(164, 0, 0)", border
    # Inside the page at phone width: nothing to scroll sideways for.
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= NARROW["width"], width
    assert page.locator("#check-result .verdict-urgent").is_visible()
    tab.shot(f"check-urgent-action-{lang}-narrow")
