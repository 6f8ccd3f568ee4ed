"""Photos of records in a real browser: the owner bureau adds a photo with its caption, in
English and Arabic, at desktop and phone width; another country that may read the record
sees the picture; a country the restriction excludes gets 404 for the page and the image."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from polnet.notices.images import placeholder_png
from polnet.records.models import RecordPhoto
from tests.factories import Network, make_record
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _in_arabic(tab: Any) -> None:
    tab.go("/login/")
    tab.page.select_option("#language", "ar")
    with tab.page.expect_navigation():
        tab.page.click("form.lang button")


def _fits(tab: Any) -> None:
    """Nothing runs off the side of a phone screen."""
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= 390


def _shown(tab: Any) -> int:
    """The width of the first photo as the browser decoded it (0: not loaded)."""
    img = tab.page.locator("#photos img").first
    img.wait_for()
    tab.page.wait_for_function("() => document.querySelector('#photos img').complete")
    return int(img.evaluate("i => i.naturalWidth"))


def _decoded_width(tab: Any) -> int:
    tab.page.wait_for_function("() => document.images[0] && document.images[0].complete")
    return int(tab.page.evaluate("document.images[0].naturalWidth"))


def _files(tmp_path: Path) -> tuple[Path, Path]:
    photo = tmp_path / "photo.png"
    photo.write_bytes(placeholder_png(shade=20))
    fake = tmp_path / "notes.png"  # a name that lies about what it holds
    fake.write_bytes(b"These are notes, not a picture.")
    return photo, fake


def test_the_owner_adds_a_photo_another_country_sees_it_an_excluded_one_gets_404(
    net: Network, tab_factory: Any, tmp_path: Path
) -> None:
    car = make_record(net.actor("FR-officer"), "vehicle", restriction="all_except", listed=["IT"])
    base = f"/records/vehicle/{car.pk}/"
    photo, fake = _files(tmp_path)

    tab = tab_factory()
    sign_in(tab, net.users["FR-officer"])
    page = tab.page
    tab.go(base)
    assert page.locator("#photos-h").inner_text() == "Photos"
    assert "No photos." in page.locator("#photos").inner_text()

    page.set_input_files("#id_file", str(fake))
    page.locator("#photo-add button[type=submit]").click()
    page.wait_for_load_state()
    error = page.locator("#photo-add .field-error").inner_text()
    assert "Only JPEG, PNG and WebP images are accepted." in error
    assert not RecordPhoto.objects.exists()
    tab.shot("photos-01-refused-en")

    page.set_input_files("#id_file", str(photo))
    page.fill("#id_caption", "Rear view, damaged bumper")
    page.locator("#photo-add button[type=submit]").click()
    page.wait_for_url(f"**{base}#photos")
    assert "The photo was added." in page.locator(".messages").inner_text()
    assert _shown(tab) == 60
    assert "Rear view, damaged bumper" in page.locator("#photos figcaption").inner_text()
    assert "Photo added" in page.locator("#history").inner_text()
    tab.shot("photos-02-added-en")
    tab.narrow()
    tab.go(base)
    assert _shown(tab) == 60
    _fits(tab)
    tab.shot("photos-03-added-en-narrow")
    image_url = page.locator("#photos img").first.get_attribute("src")
    assert image_url and image_url.startswith(f"{base}photos/")
    page.locator("#photos figure a").first.click()  # the photo at full size, on its own
    page.wait_for_url(f"**{image_url}")
    assert page.evaluate("document.images.length") == 1 and _decoded_width(tab) == 60
    tab.go(base)

    other = tab_factory()
    sign_in(other, net.users["DE-officer"])
    other.go(base)
    assert _shown(other) == 60
    assert not other.page.locator("#photo-add").count()  # reading is not changing
    assert not other.page.locator("#photos form").count()
    other.shot("photos-04-other-country-en")

    excluded = tab_factory()
    sign_in(excluded, net.users["IT-officer"])
    assert excluded.go(base).status == 404
    assert excluded.go(image_url).status == 404
    assert excluded.go(f"/api/records/vehicles/{car.pk}/photos").status == 404


def test_in_arabic_at_phone_width_the_owner_adds_and_the_readers_see_it(
    net: Network, tab_factory: Any, tmp_path: Path
) -> None:
    person = make_record(net.actor("FR-officer"), "person", restriction="only_listed", listed=["DE"])
    base = f"/records/person/{person.pk}/"
    photo, fake = _files(tmp_path)

    tab = tab_factory()
    _in_arabic(tab)
    sign_in(tab, net.users["FR-officer"])
    page = tab.page
    tab.narrow()
    tab.go(base)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#photos-h").inner_text() == "الصور"
    page.set_input_files("#id_file", str(fake))
    page.locator("#photo-add button[type=submit]").click()
    page.wait_for_load_state()
    assert "لا تُقبل إلا صور JPEG وPNG وWebP." in page.locator("#photo-add .field-error").inner_text()
    _fits(tab)
    tab.shot("photos-05-refused-ar-narrow")

    page.set_input_files("#id_file", str(photo))
    page.fill("#id_caption", "صورة جانبية، 2024")
    assert page.locator("#photo-add button[type=submit]").inner_text() == "إضافة الصورة"
    page.locator("#photo-add button[type=submit]").click()
    page.wait_for_url(f"**{base}#photos")
    assert "أُضيفت الصورة." in page.locator(".messages").inner_text()
    assert _shown(tab) == 60
    assert "صورة جانبية، 2024" in page.locator("#photos figcaption").inner_text()
    assert "أُضيفت صورة" in page.locator("#history").inner_text()
    _fits(tab)
    tab.shot("photos-06-added-ar-narrow")
    tab.page.set_viewport_size({"width": 1280, "height": 900})
    tab.go(base)
    assert _shown(tab) == 60
    tab.shot("photos-07-added-ar")
    image_url = page.locator("#photos img").first.get_attribute("src")
    assert image_url

    other = tab_factory()
    _in_arabic(other)
    sign_in(other, net.users["DE-officer"])
    other.narrow()
    other.go(base)
    assert _shown(other) == 60
    assert not other.page.locator("#photo-add").count()
    _fits(other)
    other.shot("photos-08-other-country-ar-narrow")

    excluded = tab_factory()
    sign_in(excluded, net.users["ES-officer"])  # the record is for DE only
    assert excluded.go(base).status == 404
    assert excluded.go(image_url).status == 404

    # The owner removes it: gone for the readers too.
    page.locator("#photos figure form button").click()
    page.wait_for_url(f"**{base}#photos")
    assert "حُذفت الصورة." in page.locator(".messages").inner_text()
    assert not page.locator("#photos img").count()
    assert other.go(image_url).status == 404
