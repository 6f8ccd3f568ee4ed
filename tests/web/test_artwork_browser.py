"""Works of art in Chromium: an officer checks a work by its title and by a photo on the check
page's work-of-art tab and sees the hit; anyone, signed out, searches the public list of stolen
works and opens a photo; in English and Arabic, at desktop and phone width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils.translation import gettext, override

from polnet.records import photos
from polnet.records import services as records
from polnet.screening import index as screening_index
from tests.factories import Network, access
from tests.screening.test_artwork_checks import _picture, _resized_jpeg
from tests.web.pages import LANGUAGES, both_widths, fits, speaks
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


def _work(net: Network, title: str, *, public: bool = False) -> Any:
    data = {
        "title": title,
        "artist": "Claude Monet",
        "category": "painting",
        "dimensions": "131 x 88 cm",
        "period": "1886",
        "public": public,
        **access(),
    }
    return records.create_record(net.actor("FR-officer"), "artwork", data)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_officer_checks_a_work_by_title_and_by_photo(
    net: Network, tab_factory: Any, tmp_path: Path, language: str
) -> None:
    parasol = _work(net, "Femme au parapluie")
    study = _work(net, "Untitled study")
    original = _picture(5)
    photos.add_photo(net.actor("FR-officer"), "artwork", study.pk, original)
    seen = tmp_path / "seen.jpg"
    seen.write_bytes(_resized_jpeg(original))

    tab = tab_factory(locale=LANGUAGES[language])
    sign_in(tab, net.users["DE-officer"])
    page = tab.page
    tab.go("/check/")
    with override(language):
        page.get_by_role("link", name=gettext("Work of art"), exact=True).click()
    page.locator("#id_title").wait_for()
    speaks(tab, language, "Border check")

    # Nothing to look for: the form says so at the title, and focus goes there.
    page.locator("form.check-artwork button[type=submit]").click()
    error = page.locator("form.check-artwork .field-error").first
    error.wait_for()
    with override(language):
        assert gettext("Enter a title, an artist or a description, or add a photo.") in error.inner_text()
    fits(tab)

    page.fill("#id_title", "parapluie femme")
    page.fill("#id_location", "Frankfurt")
    page.locator("form.check-artwork button[type=submit]").click()
    result = page.locator("#check-result section.result")
    result.wait_for()
    assert result.get_by_role("link", name="Femme au parapluie").get_attribute("href") == (
        f"/records/artwork/{parasol.pk}/"
    )
    with override(language):
        assert result.locator("h2").inner_text() == gettext("Hit")
    both_widths(tab, f"artwork-check-title-{language}")

    tab.page.set_viewport_size({"width": 1280, "height": 860})
    tab.go("/check/?kind=artwork")
    page.set_input_files("#id_photo", str(seen))
    page.locator("form.check-artwork button[type=submit]").click()
    result.wait_for()
    link = result.get_by_role("link", name="Untitled study")
    assert link.get_attribute("href") == f"/records/artwork/{study.pk}/"
    assert "Femme au parapluie" not in result.inner_text()
    with override(language):  # how close the pictures are, in words an officer reads
        alike = gettext(
            "photo: the pictures look alike (%(distance)s of 64 points differ; 0 is the same picture)"
        )
    reason = result.locator("table.explain tbody tr").first.inner_text()
    assert alike.split("(")[0].strip() in reason, reason
    both_widths(tab, f"artwork-check-photo-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_public_list_is_searched_signed_out_and_a_photo_opens(
    net: Network, tab_factory: Any, language: str
) -> None:
    garden = _work(net, "Le Jardin", public=True)
    _work(net, "La Gare", public=True)
    _work(net, "La Falaise", public=False)
    photos.add_photo(net.actor("FR-officer"), "artwork", garden.pk, _picture(2))

    tab = tab_factory(locale=LANGUAGES[language])
    page = tab.page
    tab.go("/artworks/public/")
    speaks(tab, language, "Stolen works of art")
    cards = page.locator("ul.public-artworks > li")
    assert cards.count() == 2 and "La Falaise" not in page.locator("main").inner_text()
    both_widths(tab, f"artworks-public-{language}")

    page.fill("#id_q", "jardin")
    page.locator("form.public-search button[type=submit]").click()
    page.wait_for_url("**/artworks/public/?q=jardin")
    assert cards.count() == 1 and "Le Jardin" in cards.first.inner_text()
    with override(language):
        assert gettext("Works found: %(counter)s") % {"counter": 1} in page.locator("main").inner_text()
    thumbnail = cards.first.locator("img")
    assert thumbnail.get_attribute("alt") == "Le Jardin"
    page.wait_for_function("() => document.querySelector('ul.public-artworks img').naturalWidth > 0")
    fits(tab)
    tab.shot(f"artworks-public-found-{language}-narrow")

    cards.first.locator("a:has(img)").click()  # the photo at full size, on its own
    page.wait_for_url(f"**/artworks/v1/{garden.pk}/photos/*")
    assert page.evaluate("document.images.length") == 1

    tab.go("/artworks/public/?q=sunflowers")
    with override(language):
        assert gettext("No work of art matches.") in page.locator("main").inner_text()
    fits(tab)
