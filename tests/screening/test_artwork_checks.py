"""Checking works of art through the screening service, the page, the API and the public list."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from PIL import Image, ImageDraw

from polnet.records import photos
from polnet.records import services as records
from polnet.screening import services
from polnet.screening.models import Hit
from tests.factories import Network, access, signed_in_client


def _work(net: Network, title: str = "Femme au parapluie", **kw: Any) -> Any:
    public = kw.pop("public", False)
    data = {
        "title": title,
        "artist": "Claude Monet",
        "category": "painting",
        "dimensions": "131 x 88 cm",
        "public": public,
        **access(**kw),
    }
    return records.create_record(net.actor("FR-officer"), "artwork", data)


def _picture(seed: int, size: int = 400, fmt: str = "PNG", quality: int = 95) -> bytes:
    """A drawing with shapes placed by ``seed``: different seeds, different pictures."""
    img = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(img)
    for i in range(12):
        x, y = (seed * 37 + i * 53) % size, (seed * 91 + i * 29) % size
        colour = ((seed * 60 + i * 20) % 256, (i * 40) % 256, (seed * 13) % 256)
        draw.ellipse((x, y, x + size // 4, y + size // 5), fill=colour)
        draw.rectangle((y // 2, x // 2, y // 2 + size // 6, x // 2 + size // 8), fill=(i * 20 % 256, 0, 90))
    out = io.BytesIO()
    img.save(out, fmt, **({"quality": quality} if fmt == "JPEG" else {}))
    return out.getvalue()


def _resized_jpeg(data: bytes) -> bytes:
    img = Image.open(io.BytesIO(data)).convert("RGB").resize((170, 170))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=60)
    return out.getvalue()


@pytest.mark.django_db
def test_a_work_is_found_across_script_and_order_and_its_owner_gets_a_hit(net: Network) -> None:
    work = _work(net)
    other = _work(net, "Impression, soleil levant")
    actor = net.actor("DE-officer")
    result = services.screen_artwork(actor, title="parapluie, femme", artist="Монэ, К.", dimensions="88x131")  # noqa: RUF001
    assert [c.record_id for c in result.candidates] == [work.pk]
    hit = Hit.objects.get(pk=result.candidates[0].hit_id)
    assert (hit.kind, hit.record_id, hit.owner_country_id) == ("artwork", work.pk, "FR")
    assert result.public()["candidates"][0]["record"]["title"] == "Femme au parapluie"
    assert other.pk not in [c.record_id for c in result.candidates]
    assert not services.screen_artwork(actor, title="Sunflowers", artist="Van Gogh").hit


@pytest.mark.django_db
def test_a_hit_only_unit_sees_no_details_and_a_restricted_work_is_not_revealed(net: Network) -> None:
    _work(net)
    body = services.screen_artwork(net.actor("DE-unit-hitonly"), title="Femme au parapluie").public()
    assert body["hit"] and "candidates" not in body and body["hit_ids"]
    hidden = _work(net, "Le Pont japonais", restriction="only_listed", listed=["IT"])
    seen = services.screen_artwork(net.actor("DE-officer"), title="Le Pont japonais")
    assert hidden.pk not in [c.record_id for c in seen.candidates]
    assert hidden.pk in [
        c.record_id
        for c in services.screen_artwork(net.actor("IT-officer"), title="Pont japonais").candidates
    ]


@pytest.mark.django_db
def test_an_empty_query_is_refused(net: Network) -> None:
    from polnet.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        services.screen_artwork(net.actor("DE-officer"), dimensions="10 x 10 cm")
    assert refused.value.code == "artwork_query_empty"


@pytest.mark.django_db
def test_a_resized_recompressed_photo_finds_the_work_and_a_different_one_does_not(net: Network) -> None:
    work = _work(net, "Untitled study")
    original = _picture(3)
    photos.add_photo(net.actor("FR-officer"), "artwork", work.pk, original)
    actor = net.actor("DE-officer")
    found = services.screen_artwork(actor, photo=_resized_jpeg(original))
    assert [c.record_id for c in found.candidates] == [work.pk]
    assert found.candidates[0].explanation[0]["code"] == "artwork_image"
    assert not services.screen_artwork(actor, photo=_picture(11)).hit


@pytest.mark.django_db
def test_the_check_page_and_the_api_take_a_photo(net: Network) -> None:
    work = _work(net, "Untitled study")
    original = _picture(5)
    photos.add_photo(net.actor("FR-officer"), "artwork", work.pk, original)
    client = signed_in_client(net.users["DE-officer"])
    upload = io.BytesIO(_resized_jpeg(original))
    upload.name = "seen.jpg"
    page = client.post("/check/", {"check": "artwork", "photo": upload})
    assert page.status_code == 200 and "Untitled study" in page.content.decode()
    empty = client.post("/check/", {"check": "artwork"})
    assert empty.status_code == 422
    api = client.post("/api/screening/artwork", {"title": "Untitled study"})
    assert api.status_code == 200, api.content
    assert api.json()["candidates"][0]["record_id"] == work.pk


@pytest.mark.django_db
def test_the_public_list_shows_only_listed_active_works(net: Network) -> None:
    listed = _work(net, "Le Jardin", public=True)
    _work(net, "La Gare", public=False)
    gone = _work(net, "La Falaise", public=True)
    records.locate_record(net.actor("FR-officer"), "artwork", gone.pk, "recovered in Lyon")
    photo = photos.add_photo(net.actor("FR-officer"), "artwork", listed.pk, _picture(2))
    anonymous = Client()
    body = anonymous.get("/artworks/v1/").json()
    titles = [w["title"] for w in body["artworks"]]
    assert titles == ["Le Jardin"]  # not the unlisted one, nor the located one
    (item,) = [w for w in body["artworks"] if w["title"] == "Le Jardin"]
    assert item["country"] == "FR" and set(item) >= {"photos", "dimensions"} and "owner_bureau" not in item
    assert anonymous.get(item["photos"][0]).status_code == 200
    assert anonymous.get(f"/artworks/v1/{listed.pk}/photos/{photo.pk + 1000}").status_code == 404
    assert [w["title"] for w in anonymous.get("/artworks/v1/?q=jardin").json()["artworks"]] == ["Le Jardin"]
    page = anonymous.get("/artworks/public/")
    assert (
        page.status_code == 200
        and "Le Jardin" in page.content.decode()
        and "La Gare" not in page.content.decode()
    )
