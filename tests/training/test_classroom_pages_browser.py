"""Session, certificate and verification pages in a real browser at phone width, right to
left in Arabic and in French: nothing wider than the screen."""

from __future__ import annotations

from typing import Any

import pytest

from polnet.training.classroom import services
from tests.factories import Network
from tests.training.factories_certs import certify, make_course
from tests.training.test_classroom import _data
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _language(tab: Any, code: str) -> None:
    tab.go("/login/")
    tab.page.select_option("#language", code)
    with tab.page.expect_navigation():
        tab.page.click("form.lang button")


def _fits(tab: Any) -> None:
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= 390


def test_pages_fit_a_phone(net: Network, tab_factory: Any) -> None:
    course = make_course(net.users["gs-reviewer"], title="Security-document examination workshop")
    session = services.create_session(net.actor("gs-reviewer"), _data(course.pk))
    services.register(net.actor("FR-admin"), session.pk, net.users["FR-officer"].pk)
    cert = certify(net.users["FR-officer"], course)

    public = tab_factory()
    public.narrow()
    _language(public, "fr")
    public.go(f"/verify/{cert.code.lower()}/")
    assert public.page.locator("h2").first.inner_text() == "Ce certificat est authentique."
    _fits(public)
    public.shot("training-verify-fr-phone")

    admin = tab_factory()
    admin.narrow()
    _language(admin, "ar")
    sign_in(admin, net.users["FR-admin"])
    for path in (f"/training/sessions/{session.pk}/", "/training/sessions/", "/training/certificates/"):
        admin.go(path)
        assert admin.page.locator("html").get_attribute("dir") == "rtl"
        _fits(admin)
    admin.shot("training-session-ar-phone")
    admin.go("/training/requirements/")
    _fits(admin)
