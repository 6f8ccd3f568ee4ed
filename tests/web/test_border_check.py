"""The border check page in a real browser: every answer shows, comes into view and takes
focus, a hit is unmistakable, and the next traveller is one keystroke away."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from polnet.network.models import Bureau, User
from polnet.notices import workflow
from polnet.notices.images import add_image, placeholder_png
from polnet.screening import index as screening_index
from polnet.screening.models import Hit
from polnet.screening.services import person_query, screen_person
from tests.factories import Network, make_record, signed_in_client
from tests.notices.helpers import draft, published, review, submit
from tests.web.conftest import NARROW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 800}
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


@pytest.fixture
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The live server shares this process's screening index: new for the test's records."""
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


def _open(tab_factory: Any, user: User, lang: str = "en", viewport: dict[str, int] | None = None) -> Any:
    """A tab signed in as ``user`` (through the real sign-in, by the test client), on the check page."""
    client = signed_in_client(user)
    tab = tab_factory(viewport=viewport or LAPTOP, locale="ar" if lang == "ar" else "en-GB")
    cookies = [{"name": k, "value": m.value, "url": tab.base_url} for k, m in client.cookies.items()]
    tab.context.add_cookies(cookies)
    if lang != "en":
        tab.context.add_cookies([{"name": "django_language", "value": lang, "url": tab.base_url}])
    tab.go("/check/")
    return tab


IN_VIEW = """sel => { const r = document.querySelector(sel).getBoundingClientRect();
  return r.height > 0 && r.top >= -1 && r.bottom <= window.innerHeight + 1; }"""


def _wait_in_view(tab: Any, selector: str) -> None:
    """The element is (or comes, once the page has scrolled) wholly inside the window."""
    tab.page.wait_for_function(IN_VIEW, arg=selector, timeout=5000)


def _submit(tab: Any) -> None:
    tab.page.locator("#check-form button[type=submit]").click()


def _wait_focus(tab: Any, element_id: str) -> None:
    is_focused = "id => !!document.activeElement && document.activeElement.id === id"
    tab.page.wait_for_function(is_focused, arg=element_id)


def _wait_focus_on(tab: Any, selector: str) -> None:
    tab.page.wait_for_function("s => document.activeElement === document.querySelector(s)", arg=selector)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_refusal_shows_next_to_its_field(net: Network, tab_factory: Any, lang: str) -> None:
    """A bad check digit, an impossible date, an empty name: the message shows beside the
    field, which takes focus, and the page logs no error (htmx used to drop the answer)."""
    tab = _open(tab_factory, net.users["DE-officer"], lang)
    page = tab.page
    assert page.locator("html").get_attribute("lang") == lang
    page.fill("#id_name", "Ivan Ivanov")
    page.fill("#id_date_of_birth", "1962-13-45")
    _submit(tab)
    error = page.locator("#id_date_of_birth_error")
    error.wait_for()
    assert error.is_visible() and page.locator("#id_date_of_birth").get_attribute("aria-invalid") == "true"
    _wait_focus(tab, "id_date_of_birth")
    assert page.input_value("#id_date_of_birth") == "1962-13-45"  # what was typed stays
    _wait_in_view(tab, "#id_date_of_birth_error")
    tab.shot(f"check-error-date-{lang}")

    page.fill("#id_name", "")
    page.fill("#id_date_of_birth", "")
    _submit(tab)
    page.locator("#id_name_error").wait_for()
    _wait_focus(tab, "id_name")

    page.locator(".check-tabs a[href='/check/?kind=document']").click()
    page.locator("#id_mrz").wait_for()
    page.fill("#id_mrz", TD3.replace("7408122", "7408123"))  # a wrong check digit of the date of birth
    _submit(tab)
    mrz_error = page.locator("#id_mrz_error")
    mrz_error.wait_for()
    assert mrz_error.is_visible() and mrz_error.inner_text().strip()
    _wait_focus(tab, "id_mrz")
    tab.narrow()
    _wait_in_view(tab, "#id_mrz_error")
    tab.shot(f"check-error-mrz-{lang}-narrow")
    assert not page.locator("#check-result section.result").count()


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_the_answer_comes_into_view_and_the_next_traveller_is_a_key_away(
    net: Network, tab_factory: Any, fresh_index: None, lang: str, size: str
) -> None:
    make_record(net.actor("FR-officer"), "person")
    tab = _open(tab_factory, net.users["DE-officer"], lang, LAPTOP if size == "laptop" else NARROW)
    page = tab.page
    page.fill("#id_name", "Ivan Ivanov")
    page.fill("#id_date_of_birth", "1974-08-12")
    page.fill("#id_location", "Frankfurt airport")
    page.select_option("#id_purpose", "identification")  # a bureau's officer chooses each time
    _submit(tab)
    result = page.locator("#check-result section.result-hit")
    result.wait_for()
    _wait_focus(tab, "result-h")
    _wait_in_view(tab, "#result-h")
    assert page.evaluate(IN_VIEW, "#check-result [data-next-traveller]")
    # Unmistakable: a red band with the verdict, announced at once to a screen reader.
    banner = result.locator(".verdict-banner")
    assert banner.get_attribute("role") == "alert"
    colour = banner.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(164, 0, 0)", colour
    assert "National Central Bureau" in banner.inner_text() or lang == "ar"
    tab.shot(f"check-hit-{lang}-{size}")

    page.keyboard.press("Escape")
    _wait_focus(tab, "id_name")
    assert not page.locator("#check-result *").count()
    assert page.input_value("#id_name") == "" and page.input_value("#id_location") == "Frankfurt airport"

    page.keyboard.type("Maria Gonzalez")
    page.keyboard.press("Enter")
    clear = page.locator("#check-result section.result-clear")
    clear.wait_for()
    _wait_focus(tab, "result-h")
    assert clear.locator(".verdict-banner").get_attribute("role") == "status"
    _wait_in_view(tab, "#result-h")
    tab.shot(f"check-no-hit-{lang}-{size}")
    clear.locator("[data-next-traveller]").click()
    _wait_focus(tab, "id_name")
    assert not page.locator("#check-result *").count()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_zone_shows_open_an_expired_document_and_a_notice_hit_in_full(
    net: Network, tab_factory: Any, fresh_index: None, lang: str
) -> None:
    notice = draft(net)
    add_image(net.actor("FR-officer"), notice.pk, placeholder_png())
    submit(net, notice)
    review(net, notice)
    notice = workflow.publish(net.actor("gs-reviewer"), notice.pk)
    tab = _open(tab_factory, net.users["DE-officer"], lang, NARROW)
    page = tab.page
    page.locator(".check-tabs a[href='/check/?kind=document']").click()
    page.locator("#id_mrz").fill(TD3)
    page.select_option("#id_purpose", "identification")  # kept for the session's next checks
    _submit(tab)
    parsed = page.locator("#check-result section.parsed")
    parsed.wait_for()
    assert parsed.is_visible() and "ERIKSSON" in parsed.inner_text()  # open, not folded away
    expired = page.locator("#check-result p.expired")
    assert expired.is_visible() and "2012-04-15" in expired.inner_text()
    assert page.locator("#check-result .verdict-banner .expired-tag").is_visible()
    tab.shot(f"check-mrz-expired-{lang}-narrow")

    page.keyboard.press("Escape")
    page.locator(".check-tabs a[href='/check/?kind=person']").click()
    page.locator("#id_name").fill("Viktor Petrenko")
    _submit(tab)
    candidate = page.locator("#check-result li.candidate").first
    candidate.wait_for()
    assert candidate.locator("h3").inner_text() == "Viktor Petrenko"
    photo = candidate.locator("img.subject-photo")
    photo.wait_for()
    assert photo.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")  # the reader may open it
    text = candidate.inner_text()
    assert notice.reference in text and Bureau.objects.get(country_id="FR").name in text
    if lang == "en":
        assert "Locate and provisionally arrest a person pending extradition" in text
    tab.shot(f"check-notice-hit-{lang}-narrow")
    tab.page.set_viewport_size(LAPTOP)
    tab.shot(f"check-notice-hit-{lang}")


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_my_hits_name_the_record_and_an_outcome_updates_in_place(
    net: Network, tab_factory: Any, fresh_index: None, lang: str, size: str
) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    notice = published(net)
    user = net.users["DE-officer"]
    actor = net.actor("DE-officer")
    screen_person(actor, person_query("Ivan Ivanov"), location="Frankfurt", purpose="identification")
    screen_person(actor, person_query("Viktor Petrenko"), location="Frankfurt", purpose="identification")
    person_hit = Hit.objects.get(kind="person")
    tab = _open(tab_factory, user, lang, LAPTOP if size == "laptop" else NARROW)
    page = tab.page
    tab.go("/check/our-hits/")
    page.evaluate("() => { window.polnetSamePage = true; }")
    row = page.locator(f"#hit-{person_hit.pk}")
    assert "Ivan Ivanov" in row.inner_text() and f"/records/person/{rec.pk}/" in row.inner_html()
    assert f"{notice.reference} · Viktor Petrenko" in page.locator("main").inner_text()
    count_before = page.locator("#waiting-count").inner_text()
    tab.shot(f"my-hits-named-{lang}-{size}")

    row.locator("summary").click()
    options = page.locator(f"#hit{person_hit.pk}_outcome option").evaluate_all("os => os.map(o => o.value)")
    assert "not_same_person" in options and "seized" in options
    page.select_option(f"#hit{person_hit.pk}_outcome", "not_same_person")
    row.locator("button[type=submit]").click()
    recorded = page.locator(f"#hit-{person_hit.pk} .outcome-recorded")
    recorded.wait_for()
    assert page.evaluate("() => window.polnetSamePage") is True  # updated in place, not reloaded
    assert not page.locator(f"#hit-{person_hit.pk} form").count()
    assert page.locator("#waiting-count").inner_text() != count_before
    assert Hit.objects.get(pk=person_hit.pk).outcome == "not_same_person"
    if lang == "en":
        assert "Not the same person" in recorded.inner_text()
        assert "1 hit waits for its outcome" in page.locator("#waiting-count").inner_text()
    tab.shot(f"my-hits-outcome-in-place-{lang}-{size}")


def test_a_check_that_gets_no_answer_says_so(net: Network, tab_factory: Any) -> None:
    """No network or a server error: a message where the answer goes, not a silent page."""
    tab = _open(tab_factory, net.users["DE-officer"], "en", NARROW)
    page = tab.page
    page.route("**/check/", lambda r: r.abort() if r.request.method == "POST" else r.continue_())
    page.fill("#id_name", "Ivan Ivanov")
    _submit(tab)
    note = page.locator("#check-result p.alert.error")
    note.wait_for()
    assert "could not be made" in note.inner_text() and note.get_attribute("role") == "alert"
    _wait_focus_on(tab, "#check-result p.alert.error")
    tab.shot("check-no-answer-en-narrow")
    # htmx reports the failed request on the console: expected here, and nothing else.
    assert all(e.startswith(("htmx:sendError", "htmx:afterRequest")) for e in tab.console_errors)
    tab.console_errors.clear()
