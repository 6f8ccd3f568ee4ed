"""Checks shared by the browser tests of the newer pages: the page fits the screen sideways
(a wide table scrolls inside its own frame) and speaks the tab's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, override

LANGUAGES = {"en": "en-GB", "ar": "ar"}  # the page's language, and the browser's locale for it


def fits(tab: Any) -> None:
    """Nothing but a table's own scroll area is wider than the screen."""
    width = tab.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert width <= 1, f"{tab.page.url} is {width}px wider than the screen"


def speaks(tab: Any, language: str, heading: str = "") -> None:
    """The page is in ``language``; its heading, when given in English, is translated."""
    html = tab.page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    if heading:
        with override(language):
            translated = gettext(heading)
        assert tab.page.locator("h1").first.inner_text() == translated
        assert language == "en" or translated != heading, f"{heading!r} is not translated"


def both_widths(tab: Any, name: str) -> None:
    """Check and photograph the page at desktop width, then at phone width."""
    fits(tab)
    tab.shot(name)
    tab.narrow()
    fits(tab)
    tab.shot(f"{name}-narrow")
