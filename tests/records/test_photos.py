"""Photos of records: the owner adds and removes them; whoever may read the record sees them,
and nobody else, through the service, the pages and the API."""

from __future__ import annotations

import os
import struct
import time
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.core.images import strip_metadata
from polnet.core.models import AuditEntry
from polnet.network.services import issue_token
from polnet.notices.images import placeholder_png
from polnet.records import photos, services
from polnet.records.models import RECORD_MODELS, RecordEvent, RecordPhoto, photo_storage
from tests.factories import Network, make_record, signed_in_client

PNG = placeholder_png()
KINDS = ("person", "document", "vehicle", "firearm", "artwork")


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with_location() -> bytes:
    """A JPEG's frame around a scan, with an EXIF block naming a place and a comment."""
    return (
        b"\xff\xd8"
        + _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + _segment(0xE1, b"Exif\x00\x00GPS 48.8584N 2.2945E")
        + _segment(0xFE, b"taken by officer 12")
        + _segment(0xDB, bytes(65))
        + _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x12\x34\x56"
        + b"\xff\xd9"
    )


def _upload(data: bytes = PNG, name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


# ---- the service --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_owner_adds_and_removes_a_photo_audited_and_in_the_history(
    net: Network, django_capture_on_commit_callbacks: Any
) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "person")
    photo = photos.add_photo(fr, "person", rec.pk, PNG, caption="  Front view, 2024  ")
    assert photo.content_type == "image/png" and photo.caption == "Front view, 2024"
    assert photo_storage().exists(photo.file.name)
    shown, data = photos.photo_bytes(net.actor("DE-officer"), "person", rec.pk, photo.pk)
    assert data == PNG and shown.pk == photo.pk
    acts = list(RecordEvent.objects.filter(record_id=rec.pk, kind="person").values_list("act", flat=True))
    assert "photo_add" in acts
    assert AuditEntry.objects.filter(action="photo_add", object_id=str(rec.pk)).exists()
    # A person's photo is personal data: the other country's look is audited as a read.
    assert AuditEntry.objects.filter(action="read", actor_name="de-officer", detail__photo=photo.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):  # the file goes at commit
        photos.remove_photo(fr, "person", rec.pk, photo.pk)
    assert not RecordPhoto.objects.filter(pk=photo.pk).exists()
    assert not photo_storage().exists(photo.file.name)
    assert RecordEvent.objects.filter(record_id=rec.pk, kind="person", act="photo_remove").exists()
    assert AuditEntry.objects.filter(action="photo_remove", object_id=str(rec.pk)).exists()
    with pytest.raises(NotFound):
        photos.photo_bytes(fr, "person", rec.pk, photo.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_every_database_takes_photos(net: Network, kind: str) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, kind)
    photos.add_photo(fr, kind, rec.pk, PNG)
    shown = photos.list_photos(net.actor("DE-officer"), kind, rec.pk)
    assert [p.content_type for p in shown] == ["image/png"]


@pytest.mark.django_db
def test_another_country_may_neither_add_nor_remove(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "vehicle")
    photo = photos.add_photo(net.actor("FR-officer"), "vehicle", rec.pk, PNG)
    with pytest.raises(Forbidden):
        photos.add_photo(net.actor("DE-officer"), "vehicle", rec.pk, PNG)
    with pytest.raises(Forbidden):
        photos.remove_photo(net.actor("DE-officer"), "vehicle", rec.pk, photo.pk)
    with pytest.raises(NotFound):  # a photo of another record is not this record's
        other = make_record(net.actor("FR-officer"), "vehicle")
        photos.remove_photo(net.actor("FR-officer"), "vehicle", other.pk, photo.pk)
    assert RecordPhoto.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.7 not a photo", "image_type"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "image_type"),
        (PNG[:40], "image_damaged"),  # a PNG cut short
        (b"\xff\xd8\xff\xe0\x00", "image_damaged"),
        (b"\x89PNG\r\n\x1a\n" + bytes(5 * 1024 * 1024), "image_too_large"),
    ],
)
def test_what_is_not_an_image_is_refused_and_nothing_is_written(net: Network, data: bytes, code: str) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "firearm")
    with pytest.raises(InvalidInput) as refused:
        photos.add_photo(fr, "firearm", rec.pk, data)
    assert refused.value.code == code and refused.value.field == "file"
    assert not RecordPhoto.objects.exists()


@pytest.mark.django_db
def test_a_record_holds_at_most_ten_photos_and_short_captions(net: Network) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "artwork")
    with pytest.raises(InvalidInput) as long_caption:
        photos.add_photo(fr, "artwork", rec.pk, PNG, caption="x" * 201)
    assert long_caption.value.code == "photo_caption_too_long"
    for _ in range(photos.MAX_PHOTOS):
        photos.add_photo(fr, "artwork", rec.pk, PNG)
    with pytest.raises(InvalidInput) as too_many:
        photos.add_photo(fr, "artwork", rec.pk, PNG)
    assert too_many.value.code == "photo_count"
    assert RecordPhoto.objects.count() == photos.MAX_PHOTOS


@pytest.mark.django_db
def test_the_camera_metadata_is_not_kept(net: Network) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "person")
    original = jpeg_with_location()
    photo = photos.add_photo(fr, "person", rec.pk, original)
    _, stored = photos.photo_bytes(fr, "person", rec.pk, photo.pk)
    assert b"GPS" not in stored and b"officer 12" not in stored
    assert stored.startswith(b"\xff\xd8\xff\xe0") and stored.endswith(b"\x12\x34\x56\xff\xd9")
    assert len(stored) < len(original)


def test_png_and_webp_text_chunks_are_dropped() -> None:
    import zlib

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    iend = PNG.index(b"IEND") - 4
    tagged = PNG[:iend] + chunk(b"tEXt", b"Location\x00Paris") + PNG[iend:]
    assert strip_metadata(tagged, "image/png") == PNG

    vp8x = b"VP8X" + struct.pack("<I", 10) + bytes((0x0C,)) + bytes(9)
    image = b"VP8L" + struct.pack("<I", 5) + b"\x2f\x00\x00\x00\x00" + b"\x00"
    exif = b"EXIF" + struct.pack("<I", 4) + b"GPS!"
    body = vp8x + image + exif
    webp = b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body
    clean = strip_metadata(webp, "image/webp")
    assert b"GPS!" not in clean and clean[20] == 0  # the flags no longer announce EXIF or XMP
    assert struct.unpack("<I", clean[4:8])[0] == len(clean) - 8


@pytest.mark.django_db
def test_deleting_the_record_deletes_its_photos_and_their_files(
    net: Network, django_capture_on_commit_callbacks: Any
) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "document")
    kept = make_record(fr, "document")
    names = [photos.add_photo(fr, "document", rec.pk, PNG).file.name for _ in range(2)]
    other = photos.add_photo(fr, "document", kept.pk, PNG)
    with django_capture_on_commit_callbacks(execute=True):  # the files go at commit
        services.delete_record(fr, "document", rec.pk)
    assert not RecordPhoto.objects.filter(kind="document", record_id=rec.pk).exists()
    assert not any(photo_storage().exists(n) for n in names)
    assert photo_storage().exists(other.file.name)


@pytest.mark.django_db
def test_an_expired_record_hides_its_photos_from_other_countries_like_itself(net: Network) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "vehicle")
    photo = photos.add_photo(fr, "vehicle", rec.pk, PNG)
    RECORD_MODELS["vehicle"].objects.filter(pk=rec.pk).update(review_date=date.today() - timedelta(days=1))
    services.expire_overdue(fr)
    with pytest.raises(NotFound):
        photos.photo_bytes(net.actor("DE-officer"), "vehicle", rec.pk, photo.pk)
    assert photos.photo_bytes(fr, "vehicle", rec.pk, photo.pk)[1] == PNG


@pytest.mark.django_db
def test_first_photo_url_for_the_border_check(net: Network) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "person")
    assert photos.first_photo_url(net.actor("DE-unit-full"), rec) == ""
    first = photos.add_photo(fr, "person", rec.pk, PNG)
    photos.add_photo(fr, "person", rec.pk, PNG)
    url = photos.first_photo_url(net.actor("DE-unit-full"), rec)
    assert url == f"/records/person/{rec.pk}/photos/{first.pk}/"
    assert photos.first_photo_url(net.actor("DE-unit-hitonly"), rec) == ""
    hidden = make_record(fr, "person", restriction="all_except", listed=["DE"])
    photos.add_photo(fr, "person", hidden.pk, PNG)
    assert photos.first_photo_url(net.actor("DE-unit-full"), hidden) == ""


# ---- the access matrix, on the pages and through the API ----------------------------------------

# (restriction, listed, bureau only) → who gets the image: 200, 403 (nothing: hit-only) or 404
MATRIX: list[tuple[str, dict[str, Any], dict[str, int]]] = [
    (
        "all members",
        {},
        {
            "FR-officer": 200,
            "DE-officer": 200,
            "DE-unit-full": 200,
            "FR-unit-hitonly": 403,
            "IT-officer": 200,
        },
    ),
    (
        "all except DE",
        {"restriction": "all_except", "listed": ["DE"]},
        {"FR-officer": 200, "DE-officer": 404, "DE-unit-full": 404, "IT-officer": 200},
    ),
    (
        "only DE",
        {"restriction": "only_listed", "listed": ["DE"]},
        {"DE-officer": 200, "IT-officer": 404, "DE-unit-hitonly": 403},
    ),
    (
        "bureaus only",
        {"bureau_only": True},
        {"FR-officer": 200, "DE-officer": 200, "DE-unit-full": 404, "FR-unit-full": 404},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "sharing", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_the_image_address_follows_the_record(
    net: Network, name: str, sharing: dict[str, Any], expected: dict[str, int]
) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "person", **sharing)
    photo = photos.add_photo(fr, "person", rec.pk, PNG, caption="Profile")
    page_url = f"/records/person/{rec.pk}/photos/{photo.pk}/"
    api_url = f"/api/records/persons/{rec.pk}/photos/{photo.pk}"
    for user, status in expected.items():
        client = signed_in_client(net.users[user])
        for url in (page_url, api_url):
            got = client.get(url)
            assert got.status_code == status, (name, user, url)
            if status == 200:
                assert got.content == PNG and got["Content-Type"] == "image/png"
                assert got["X-Content-Type-Options"] == "nosniff"
                # Asked again at each view (a removal or a new restriction applies at once);
                # the API stores nothing at all.
                assert got["Cache-Control"] == ("no-store" if url == api_url else "private, no-cache")
                assert got["Content-Disposition"].startswith("inline;")
            else:
                assert PNG not in got.content
        listing = client.get(f"/api/records/persons/{rec.pk}/photos")
        assert listing.status_code == status, (name, user)
        if status == 200:
            assert [p["caption"] for p in listing.json()] == ["Profile"]
        detail = client.get(f"/records/person/{rec.pk}/")
        assert (page_url in detail.content.decode()) == (status == 200), (name, user)


@pytest.mark.django_db
def test_the_owner_adds_and_removes_on_the_record_page(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "vehicle")
    base = f"/records/vehicle/{rec.pk}/"
    fr, de = signed_in_client(net.users["FR-officer"]), signed_in_client(net.users["DE-officer"])
    assert 'id="photo-add"' in fr.get(base).content.decode()
    assert 'id="photo-add"' not in de.get(base).content.decode()

    done = fr.post(f"{base}photos/", {"file": _upload(), "caption": "Rear, damaged bumper"})
    assert done.status_code == 302 and done["Location"] == f"{base}#photos"
    photo = RecordPhoto.objects.get(kind="vehicle", record_id=rec.pk)
    for client in (fr, de):
        page = client.get(base).content.decode()
        assert f"{base}photos/{photo.pk}/" in page and "Rear, damaged bumper" in page
    assert "Photo added" in fr.get(base).content.decode()  # in the history

    assert de.post(f"{base}photos/", {"file": _upload()}).status_code == 403
    assert de.post(f"{base}photos/{photo.pk}/remove/").status_code == 403
    assert fr.get(f"{base}photos/{photo.pk}/remove/").status_code == 405  # removing takes a POST
    assert fr.post(f"{base}photos/{photo.pk}/remove/").status_code == 302
    assert not RecordPhoto.objects.exists()
    assert "Photo removed" in fr.get(base).content.decode()


@pytest.mark.django_db
def test_a_bad_file_comes_back_on_the_page_with_the_reason(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    fr = signed_in_client(net.users["FR-officer"])
    url = f"/records/person/{rec.pk}/photos/"
    refused = fr.post(url, {"file": _upload(b"MZ\x90\x00 an executable", "photo.png")})
    page = refused.content.decode()
    assert refused.status_code == 422 and "field-error" in page
    assert "Only JPEG, PNG and WebP images are accepted." in page
    arabic = fr.post(url, {"file": _upload(b"GIF89a", "a.gif")}, HTTP_ACCEPT_LANGUAGE="ar")
    assert arabic.status_code == 422
    assert "لا تُقبل إلا صور JPEG وPNG وWebP." in arabic.content.decode()
    assert fr.post(url, {"caption": "no file"}).status_code == 422
    assert not RecordPhoto.objects.exists()


@pytest.mark.django_db
def test_the_api_lists_adds_and_deletes_with_the_right_scopes(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "artwork")
    url = f"/api/records/artworks/{rec.pk}/photos"
    admin = net.actor("FR-admin")
    _, reader = issue_token(admin, net.users["FR-officer"], name="reader", scopes=["records:read"])
    _, writer = issue_token(
        admin, net.users["FR-officer"], name="writer", scopes=["records:read", "records:write"]
    )
    client = Client()
    as_reader = {"HTTP_AUTHORIZATION": f"Bearer {reader}"}
    as_writer = {"HTTP_AUTHORIZATION": f"Bearer {writer}"}

    refused = client.post(url, {"file": _upload()}, **as_reader)
    assert (refused.status_code, refused.json()["code"]) == (403, "scope_not_granted")
    bad = client.post(url, {"file": _upload(b"#!/bin/sh\nrm -rf /", "x.png")}, **as_writer)
    assert (bad.status_code, bad.json()["code"], bad.json()["field"]) == (422, "image_type", "file")
    missing = client.post(url, {"caption": "x"}, **as_writer)
    assert missing.status_code == 422

    added = client.post(url, {"file": _upload(), "caption": "Signed on the back"}, **as_writer)
    assert added.status_code == 201, added.content
    body = added.json()
    assert body["caption"] == "Signed on the back" and body["content_type"] == "image/png"
    assert body["url"] == f"{url}/{body['id']}"
    assert [p["id"] for p in client.get(url, **as_reader).json()] == [body["id"]]
    assert client.get(body["url"], **as_reader).content == PNG

    de = signed_in_client(net.users["DE-officer"])
    assert de.delete(body["url"]).status_code == 403
    assert client.delete(body["url"], **as_reader).status_code == 403
    assert client.delete(body["url"], **as_writer).status_code == 204
    assert client.get(url, **as_reader).json() == []
    assert client.delete(body["url"], **as_writer).status_code == 404
    assert client.get(url).status_code == 401  # no token, no session

    history = client.get(f"/api/records/artworks/{rec.pk}/history", **as_reader).json()
    steps = [s["act"] for s in history["steps"]]
    assert steps[:2] == ["photo_remove", "photo_add"]


@pytest.mark.django_db
def test_the_schema_names_the_photo_routes(net: Network) -> None:
    schema = signed_in_client(net.users["FR-officer"]).get("/api/openapi.json").json()
    ops = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    for kind in KINDS:
        assert {f"list_{kind}_photos", f"add_{kind}_photo", f"{kind}_photo", f"delete_{kind}_photo"} <= ops


@pytest.mark.django_db
def test_the_sweep_deletes_only_old_files_that_no_photo_names(net: Network) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "person")
    kept = photos.add_photo(fr, "person", rec.pk, PNG)
    storage = photo_storage()
    old_orphan = storage.save("records/2020/01/orphan.png", ContentFile(PNG))
    new_orphan = storage.save("records/2020/01/under-way.png", ContentFile(PNG))
    hours_ago = time.time() - 2 * 3600
    os.utime(storage.path(old_orphan), (hours_ago, hours_ago))
    os.utime(storage.path(kept.file.name), (hours_ago, hours_ago))
    assert photos.sweep_orphan_files(fr) == 1
    assert not storage.exists(old_orphan)
    assert storage.exists(new_orphan) and storage.exists(kept.file.name)
    assert AuditEntry.objects.filter(action="photo_sweep").exists()
    storage.delete(new_orphan)


@pytest.mark.django_db
def test_a_photo_whose_file_was_lost_answers_404_not_500(net: Network) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "firearm")
    photo = photos.add_photo(fr, "firearm", rec.pk, PNG)
    photo_storage().delete(photo.file.name)
    lost = signed_in_client(net.users["FR-officer"]).get(f"/api/records/firearms/{rec.pk}/photos/{photo.pk}")
    assert (lost.status_code, lost.json()["code"]) == (404, "photo_not_found")
