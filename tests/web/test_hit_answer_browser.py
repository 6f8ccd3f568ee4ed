"""The owner answers a hit on its page, in place, at phone width; the screening side then
sees the answer on its own page (Chromium)."""

from __future__ import annotations

from typing import Any

import pytest

from polnet.screening.models import Hit
from tests.factories import Network
from tests.screening.confirm_helpers import make_hit
from tests.web.conftest import NARROW
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_owner_answers_in_place_and_the_post_sees_it(net: Network, tab_factory: Any) -> None:
    hit = make_hit(net, action="discreet_check")
    owner = tab_factory(viewport=NARROW)
    sign_in(owner, net.users["FR-officer"])
    owner.go(f"/check/hits/{hit.pk}/")
    box = owner.page.locator(f"#answer-{hit.pk}")
    assert "Discreet check" in owner.page.locator("main").inner_text()
    assert owner.page.get_by_text("Overdue", exact=True).first.is_visible()  # made long ago
    # Not the same without a reason: the error in place, nothing recorded.
    owner.page.select_option(f"#answer{hit.pk}_state", "not_same")
    box.get_by_role("button", name="Send the answer").click()
    owner.page.wait_for_selector(f"#answer-{hit.pk} .field-error")
    assert Hit.objects.get(pk=hit.pk).state == "reported"
    owner.page.select_option(f"#answer{hit.pk}_state", "confirmed")
    box = owner.page.locator(f"#answer-{hit.pk}")
    box.get_by_role("button", name="Send the answer").click()
    owner.page.wait_for_selector(f"#answer-{hit.pk}:not(:has(form))")
    assert "Confirmed by the owner" in box.inner_text()
    assert owner.page.url.endswith(f"/check/hits/{hit.pk}/")  # swapped in place, not reloaded
    owner.shot("hit-answer-owner-narrow")
    post = tab_factory(viewport=NARROW, locale="ar")
    sign_in(post, net.users["DE-unit-full"])
    post.go("/check/our-hits/")
    assert "أكّده المالك" in post.page.locator(f"#hit-{hit.pk}").inner_text()
    post.shot("hit-answer-post-ar-narrow")
    assert Hit.objects.get(pk=hit.pk).state == "confirmed"
