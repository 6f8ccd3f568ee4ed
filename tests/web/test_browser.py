"""Real flows in headless Chromium: sign-in with TOTP, records, access, languages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from polnet.core.actor import Role
from polnet.network.models import User
from polnet.network.services import add_totp_device, create_user
from polnet.records.models import Person
from polnet.screening import index as screening_index
from polnet.screening.models import Hit
from tests.factories import PASSWORD, Network, make_record
from tests.web.conftest import NARROW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _fresh_code(device: TOTPDevice) -> str:
    """A code the device accepts now. A code is accepted once per time step; instead of
    waiting for the next step, the test forgets the step last used (its own set-up)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return _code(device)


def sign_in(tab: Any, user: User) -> None:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or add_totp_device(user)
    tab.go("/login/")
    tab.page.fill("#id_username", user.username)
    tab.page.fill("#id_password", PASSWORD)
    tab.page.fill("#id_otp_token", _fresh_code(device))
    tab.page.locator("form[action='/login/'] button[type=submit]").click()
    tab.page.wait_for_url(lambda url: "/login/" not in url)


def test_sign_in_with_totp_enrolment(net: Network, tab_factory: Any) -> None:
    newcomer = create_user(
        net.actor("FR-admin"),
        username="fr-newcomer",
        password=PASSWORD,
        role=Role.BUREAU_OFFICER,
        bureau=net.bureaus["FR"],
    )
    tab = tab_factory()
    tab.go("/login/")
    tab.shot("01-sign-in-en")
    tab.page.fill("#id_username", newcomer.username)
    tab.page.fill("#id_password", PASSWORD)
    tab.page.click("form[action='/login/'] button[type=submit]")
    tab.page.wait_for_url("**/login/enrol/")
    assert tab.page.locator("figure.qr svg").is_visible()
    tab.shot("02-enrol-qr-en")
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    tab.page.fill("#id_otp_token", _code(device))
    tab.page.click("form[action='/login/enrol/'] button[type=submit]")
    tab.page.wait_for_url(tab.base_url + "/")
    assert tab.page.locator("h1").inner_text().startswith("National Central Bureau")
    assert tab.page.get_by_role("heading", name="Recent hits").is_visible()
    tab.shot("03-home-bureau-en")
    tab.page.click("header form.sign-out button")
    tab.page.wait_for_url("**/login/")
    assert tab.go("/records/").url.startswith(tab.base_url + "/login/")


def test_create_a_person_record(net: Network, tab_factory: Any) -> None:
    tab = tab_factory()
    sign_in(tab, net.users["FR-officer"])
    tab.page.get_by_role("link", name="Records", exact=True).click()
    tab.page.get_by_role("link", name="Persons of interest").first.click()
    tab.page.get_by_role("link", name="New record").first.click()
    page = tab.page
    page.fill("#names-0-given", "Anna Maria")
    page.fill("#names-0-family", "Eriksson")
    page.select_option("#names-0-script", "Latn")
    page.fill("#names-1-full", "Анна Эрикссон")
    page.select_option("#names-1-script", "Cyrl")
    page.check("#names-1-is_alias")
    page.fill("#id-date_of_birth", "1974-08-12")
    page.select_option("#id-sex", "F")
    page.locator("select[name=nationalities]").first.select_option("SE")
    page.select_option("#id-purpose", "locate_wanted")
    page.select_option("#id-handling_code", "H1")
    page.check("input[name=restriction][value=only_listed]")
    page.fill("#country-filter", "germ")
    assert page.locator("li[data-name]:visible").count() == 1
    page.check("input[name=listed_countries][value=DE]")
    tab.shot("04-person-form-en")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/records/person/*/")
    person = Person.objects.get()
    assert page.locator("h1").inner_text() == "Anna Maria Eriksson"
    handling = page.locator("section.handling").inner_text()
    for text in ("France", "Locating a wanted person", "H1", "Only: Germany"):
        assert text in handling
    assert person.restriction == "only_listed"
    tab.shot("05-person-detail-en")
    tab.narrow()
    tab.shot("06-person-detail-en-narrow")


@pytest.fixture
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The live server shares this process's screening index: new for the test's records."""
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


def test_check_a_person_and_see_the_hit(
    net: Network, tab_factory: Any, fresh_index: None, settings: Any
) -> None:
    settings.POLNET_LIVE_STREAM = True  # the owner's page hears of the hit on its event stream
    rec = make_record(net.actor("FR-officer"), "person")
    owner = tab_factory()
    sign_in(owner, net.users["FR-officer"])  # the owner bureau's home is open
    panel = owner.page.locator("#hits-feed")
    assert "No hits yet." in panel.inner_text()

    tab = tab_factory()
    sign_in(tab, net.users["DE-officer"])
    page = tab.page
    page.get_by_role("link", name="Check", exact=True).click()
    page.wait_for_url("**/check/")
    assert page.evaluate("document.activeElement.id") == "id_name"
    page.evaluate("window.polnetSamePage = true")
    page.keyboard.type("Ivan Ivanov")
    page.fill("#id_date_of_birth", "1974-08-12")
    page.fill("#id_location", "Frankfurt airport")
    page.select_option("#id_purpose", "identification")
    tab.shot("17-check-form-en")
    page.get_by_role("button", name="Check", exact=True).click()
    result = page.locator("#check-result section.result")
    result.wait_for()
    assert page.evaluate("window.polnetSamePage") is True  # swapped in place, no new page
    assert result.locator("h2").inner_text() == "Hit"
    candidate = result.locator("li.candidate").first
    record_link = candidate.get_by_role("link", name="Ivan Ivanov")
    assert record_link.get_attribute("href") == f"/records/person/{rec.pk}/"
    assert "France" in candidate.inner_text()
    rows = candidate.locator("table.explain tbody tr")
    assert "Date of birth" in rows.all_inner_texts()[1] and "supports" in rows.all_inner_texts()[1]
    assert page.input_value("#id_name") == "" and page.input_value("#id_location") == "Frankfurt airport"
    tab.shot("18-check-hit-en")

    # The officer who had the hit says what happened; the recorded outcome takes the form's place.
    hit = Hit.objects.get()
    candidate.get_by_text("Report the outcome").click()
    page.select_option(f"#hit{hit.pk}_outcome", "refused_entry")
    page.fill(f"#hit{hit.pk}_note", "Sent back on the next flight")
    candidate.get_by_role("button", name="Record the outcome").click()
    recorded = candidate.locator(".outcome-recorded")
    recorded.wait_for()
    assert "Refused entry" in recorded.inner_text() and not candidate.locator("form").count()
    assert page.evaluate("window.polnetSamePage") is True
    assert Hit.objects.get().outcome == "refused_entry"
    tab.shot("21-check-outcome-recorded-en")
    tab.narrow()
    tab.shot("19-check-hit-en-narrow")
    page.get_by_role("link", name="My hits", exact=True).first.click()
    page.wait_for_url("**/check/our-hits/")
    assert "Refused entry" in page.locator(f"#hit-{hit.pk}").inner_text()
    tab.shot("22-my-hits-en-narrow")

    # The owner bureau's page shows the new hit by itself.
    link = panel.locator(f"a[href='/records/person/{rec.pk}/']")
    link.wait_for(timeout=30000)
    assert "Checked in Germany" in panel.inner_text() and "Frankfurt airport" in panel.inner_text()
    assert "1 new hit" in owner.page.locator("#hits-news").inner_text()
    panel.get_by_text("Refused entry").wait_for(timeout=30000)  # and its outcome, once reported
    owner.shot("20-home-bureau-new-hit-en")


def test_a_hit_only_unit_sees_no_details(net: Network, tab_factory: Any, fresh_index: None) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    user = net.users["FR-unit-hitonly"]
    device = add_totp_device(user)
    tab = tab_factory()
    # Signed in with the keyboard alone: the skip link comes first, then the form in order.
    tab.go("/login/")
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.className") == "skip"
    tab.page.focus("#id_username")
    tab.page.keyboard.type(user.username)
    tab.page.keyboard.press("Tab")
    tab.page.keyboard.type(PASSWORD)
    tab.page.keyboard.press("Tab")
    tab.page.keyboard.type(_fresh_code(device))
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(tab.base_url + "/check/")  # a unit officer lands on the check form
    nav = tab.page.locator("nav.main-nav").inner_text()
    assert "Records" not in nav and "Statistics" not in nav
    assert "sees whether there is a hit" in tab.page.locator("main").inner_text()
    tab.page.fill("#id_name", "Ivan Ivanov")
    tab.page.keyboard.press("Enter")
    result = tab.page.locator("#check-result section.result")
    result.wait_for()
    text = result.inner_text()
    assert result.locator("h2").inner_text() == "Hit" and "contact your National Central Bureau" in text
    assert "Иванов" not in text and "France" not in text
    # No link to the record; only to the hit's own page, which shows no more than this.
    links = result.locator("a")
    assert all(
        (links.nth(i).get_attribute("href") or "").startswith("/check/hits/") for i in range(links.count())
    )
    tab.shot("07-check-unit-hit-only-en")
    tab.page.fill("#id_name", "Maria Gonzalez")
    tab.page.keyboard.press("Enter")
    tab.page.locator("#check-result h2", has_text="No hit").wait_for()
    response = tab.go(f"/records/person/{rec.pk}/")
    assert response.status == 403
    body = tab.page.locator("main").inner_text()
    assert "Ivanov" not in body and "hits only" in body
    tab.shot("08-unit-hit-only-refused-en")


def test_an_idle_page_is_hidden_and_the_session_ends(net: Network, tab_factory: Any, settings: Any) -> None:
    settings.SESSION_COOKIE_AGE = 4  # seconds, for the test
    tab = tab_factory()
    sign_in(tab, net.users["FR-officer"])
    assert tab.page.locator("body").get_attribute("data-idle-seconds") == "4"
    tab.page.wait_for_url("**/login/?expired=1**", timeout=15000)
    assert "without activity" in tab.page.locator("main").inner_text()
    assert tab.go("/records/").url.startswith(tab.base_url + "/login/")
    tab.shot("16-idle-signed-out-en")


def test_switch_to_arabic_reads_right_to_left(net: Network, tab_factory: Any) -> None:
    make_record(net.actor("FR-officer"), "person")
    tab = tab_factory()
    tab.go("/login/")
    tab.page.select_option("#language", "ar")
    with tab.page.expect_navigation():
        tab.page.click("form.lang button")
    html = tab.page.locator("html")
    assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ar"
    assert tab.page.locator("h1").inner_text() == "تسجيل الدخول"
    tab.shot("09-sign-in-ar")
    sign_in(tab, net.users["FR-officer"])
    assert tab.page.locator("html").get_attribute("dir") == "rtl"
    nav = tab.page.locator("nav.main-nav").inner_text()
    assert "السجلات" in nav and "Records" not in nav
    tab.shot("10-home-bureau-ar")
    tab.go("/records/person/")
    assert "Ivanov" in tab.page.locator("table").inner_text()
    tab.shot("11-person-list-ar")
    tab.go("/records/person/new/")
    tab.shot("12-person-form-ar")
    tab.narrow()
    tab.go("/")
    tab.shot("13-home-bureau-ar-narrow")
    # The choice is remembered: a new visit to the sign-in page stays in Arabic.
    cookies = {c["name"]: c for c in tab.context.cookies()}
    assert cookies["django_language"]["value"] == "ar" and cookies["django_language"]["httpOnly"]


def test_a_restricted_record_never_appears_for_an_excluded_country(net: Network, tab_factory: Any) -> None:
    hidden = make_record(net.actor("FR-officer"), "person", restriction="all_except", listed=["DE"])
    tab = tab_factory()
    sign_in(tab, net.users["DE-officer"])
    tab.go("/records/person/")
    assert "Ivanov" not in tab.page.locator("main").inner_text()
    tab.page.fill("#q", "Ivanov")
    tab.page.select_option("#search_purpose", "investigation")
    tab.page.get_by_role("button", name="Search", exact=True).click()
    tab.page.wait_for_url("**q=Ivanov**")
    tab.page.wait_for_selector("#results:not(.htmx-request)")
    assert "No record matches." in tab.page.locator("#results").inner_text()
    tab.shot("14-restricted-hidden-from-DE-en")
    assert tab.go(f"/records/person/{hidden.pk}/").status == 404
    assert "Ivanov" not in tab.page.locator("main").inner_text()

    italy = tab_factory(viewport=NARROW)
    sign_in(italy, net.users["IT-officer"])
    italy.go("/records/person/?search_purpose=investigation&q=Ivanov")
    assert "Ivanov" in italy.page.locator("#results").inner_text()
    italy.shot("15-restricted-visible-to-IT-en-narrow")


_OVERFLOW_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    const outside = r.right > window.innerWidth + 1 && !el.closest(".table-wrap");
    if (outside) out.push(el.tagName + "." + el.className);
  }
  return out.slice(0, 10);
}"""


def _overflow(tab: Any) -> list[str]:
    return list(tab.page.evaluate(_OVERFLOW_JS))


def _fits(tab: Any) -> bool:
    """Nothing but the tables' own scroll areas is wider than the screen."""
    return bool(tab.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_tour_of_the_main_pages(net: Network, tab_factory: Any, language: str) -> None:
    """Every main page renders without console errors (a blocked inline script or style would
    show there) and fits a phone screen, in a left-to-right and a right-to-left language."""
    for kind in ("person", "document", "vehicle", "firearm", "artwork"):
        make_record(net.actor("FR-officer"), kind)
    make_record(net.actor("DE-officer"), "person", restriction="only_listed", listed=["FR"])
    pages = {
        "FR-admin": ["/", "/bureau/units/new/", "/bureau/users/new/", "/bureau/tokens/new/"],
        "FR-officer": [
            "/records/",
            "/records/person/",
            "/records/document/new/",
            "/statistics/",
            "/check/",
            "/check/our-hits/",
        ],
        "DE-analyst": ["/"],
        "gs-sysadmin": ["/", "/admin/", "/admin/core/auditentry/"],
        "FR-unit-full": ["/"],
    }
    for username, paths in pages.items():
        tab = tab_factory(locale="ar" if language == "ar" else "en-GB")
        sign_in(tab, net.users[username])  # once: a code is accepted once per 30 s
        assert tab.page.locator("html").get_attribute("lang") == language
        for suffix in ("", "-narrow"):
            if suffix:
                tab.narrow()
            for path in paths:
                tab.go(path)
                name = (username + path).strip("/").replace("/", "-")
                tab.shot(f"tour-{language}-{name}{suffix}")
                assert _fits(tab), f"{path} is wider than the screen: {_overflow(tab)}"
