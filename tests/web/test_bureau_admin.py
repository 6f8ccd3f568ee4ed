"""A bureau administrator's day in a real browser: a locked account names who unlocks it; the
administrator unlocks it, changes the role, resets the sign-in, deactivates (after a
confirmation) and reactivates; the user enrols again with a new password. In English and
Arabic, at desktop and phone width."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from polnet.network import throttle
from polnet.network.models import User
from polnet.network.services import add_totp_device
from tests.factories import PASSWORD, Network
from tests.web.conftest import DESKTOP, NARROW
from tests.web.test_browser import _fresh_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEMPORARY = "temporary-passphrase-77"
NEW = "my-own-new-passphrase-31"


def _fits(tab: Any) -> bool:
    """Nothing but the tables' own scroll areas is wider than the screen."""
    return bool(tab.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def _submit(tab: Any, form: str) -> None:
    """Send the form and wait for the page it answers with (a form post is a navigation)."""
    with tab.page.expect_navigation():
        tab.page.locator(f"{form} button[type=submit]").click()


def _follow(tab: Any, href: str) -> None:
    with tab.page.expect_navigation():
        tab.page.locator(f"a[href='{href}']").first.click()


def _sign_in_form(tab: Any, username: str, password: str, code: str = "") -> None:
    tab.go("/login/")
    tab.page.fill("#id_username", username)
    tab.page.fill("#id_password", password)
    tab.page.fill("#id_otp_token", code)
    _submit(tab, "form[action='/login/']")


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_administrator_unlocks_resets_changes_and_deactivates_a_user(
    net: Network, tab_factory: Any, language: str, width: str
) -> None:
    officer = net.users["FR-officer"]
    user_page = f"/bureau/users/{officer.pk}/"
    viewport = NARROW if width == "phone" else DESKTOP
    locale = "ar" if language == "ar" else "en-GB"
    name = f"admin-{language}-{width}"

    # The officer's account waits after failed tries; the page names who can unlock it.
    for _ in range(settings.POLNET_SIGN_IN_ACCOUNT_LIMIT):
        throttle.admit(officer.username, "192.0.2.50")
    person = tab_factory(viewport=viewport, locale=locale)
    _sign_in_form(person, officer.username, PASSWORD, "000000")
    assert person.page.locator("html").get_attribute("lang") == language
    unlocked_by = person.page.locator(".unlocked-by").inner_text()
    assert "NCB France" in unlocked_by and "fr-admin" not in unlocked_by
    person.shot(f"{name}-01-locked")
    assert _fits(person)

    admin = tab_factory(viewport=viewport, locale=locale)
    device = add_totp_device(net.users["FR-admin"])
    _sign_in_form(admin, "fr-admin", PASSWORD, _fresh_code(device))
    admin.go("/bureau/")
    admin.page.locator(f".row-actions a[href='{user_page}']").click()
    admin.page.wait_for_url(f"**{user_page}")
    admin.shot(f"{name}-02-user-locked")
    assert _fits(admin)
    _submit(admin, f"form[action='{user_page}clear-sign-in-wait/']")
    admin.page.wait_for_url(f"**{user_page}")
    assert admin.page.locator(f"form[action='{user_page}clear-sign-in-wait/']").count() == 0

    # The role: only the bureau's roles are offered.
    _follow(admin, f"{user_page}role/")
    offered = admin.page.locator("#id_role option").evaluate_all("options => options.map(o => o.value)")
    assert "analyst" in offered and "sysadmin" not in offered
    admin.page.select_option("#id_role", "analyst")
    admin.shot(f"{name}-03-role")
    assert _fits(admin)
    _submit(admin, "form.admin-form")
    admin.page.wait_for_url(f"**{user_page}")
    assert User.objects.get(pk=officer.pk).role == "analyst"

    # Reset the sign-in: a temporary password and a confirmation.
    _follow(admin, f"{user_page}reset/")
    admin.page.fill("#id_password", TEMPORARY)
    admin.page.check("#id_confirm")
    admin.shot(f"{name}-04-reset")
    assert _fits(admin)
    _submit(admin, "form.admin-form")
    admin.page.wait_for_url(f"**{user_page}")
    assert User.objects.get(pk=officer.pk).must_set_password

    # Deactivate: without the confirmation nothing happens.
    _follow(admin, f"{user_page}deactivate/")
    _submit(admin, "form.admin-form")
    assert admin.page.locator(".field-error").count() == 1
    assert User.objects.get(pk=officer.pk).is_active
    admin.page.check("#id_confirm")
    admin.shot(f"{name}-05-deactivate")
    assert _fits(admin)
    _submit(admin, "form.admin-form")
    admin.page.wait_for_url(f"**{user_page}")
    assert admin.page.locator("h1 .tag").is_visible()
    assert not User.objects.get(pk=officer.pk).is_active
    admin.shot(f"{name}-06-deactivated")
    _submit(admin, f"form[action='{user_page}reactivate/']")
    admin.page.wait_for_url(f"**{user_page}")
    assert admin.page.locator("h1 .tag").count() == 0
    assert User.objects.get(pk=officer.pk).is_active

    # The officer signs in with the temporary password, enrols again and chooses a password.
    _sign_in_form(person, officer.username, TEMPORARY)
    person.page.wait_for_url("**/login/enrol/")
    assert person.page.locator("#id_new_password").is_visible()
    enrolling = TOTPDevice.objects.get(user=officer, confirmed=False)
    person.page.fill("#id_new_password", NEW)
    person.page.fill("#id_new_password_again", NEW)
    person.page.fill("#id_otp_token", _fresh_code(enrolling))
    person.shot(f"{name}-07-enrol-new-password")
    assert _fits(person)
    _submit(person, "form[action='/login/enrol/']")
    person.page.wait_for_url(lambda url: "/login/" not in url)
    assert User.objects.get(pk=officer.pk).check_password(NEW)
    person.shot(f"{name}-08-signed-in")
