"""Uploaded images (a notice's subject, a record's photos): read, checked by content, stored
off the web root and served only by views that applied the access policy first.

The type is read from the file's first bytes, never from its name or the client's header.
`strip_metadata` removes what a camera writes beside the picture (place, time, device) and
refuses a file whose structure does not hold together.
"""

from __future__ import annotations

import struct
import zlib
from typing import IO

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from polnet.core.errors import InvalidInput

MAX_IMAGE_BYTES = 5 * 1024 * 1024
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def image_storage() -> Storage:
    """Uploaded images live in the data folder, never under a URL of their own: views serve them."""
    return FileSystemStorage(location=settings.DATA_DIR / "media", base_url=None)


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, file extension) of a JPEG, PNG or WebP image, from its first bytes."""
    for magic, content_type, ext in _SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def _too_large() -> InvalidInput:
    return InvalidInput(_("An image may be at most 5 MB."), code="image_too_large", field="file")


def read_upload(stream: IO[bytes]) -> bytes:
    """The uploaded bytes, reading no more than one byte past the limit."""
    data = stream.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise _too_large()
    if not data:
        raise InvalidInput(_("The file is empty."), code="image_empty", field="file")
    return data


def checked_type(data: bytes) -> tuple[str, str]:
    """(content type, extension) of an accepted image, or a refusal naming the rule."""
    if len(data) > MAX_IMAGE_BYTES:
        raise _too_large()
    kind = sniff(data[:16])
    if kind is None:
        raise InvalidInput(_("Only JPEG, PNG and WebP images are accepted."), code="image_type", field="file")
    return kind


# ---- metadata -------------------------------------------------------------------------------

# JPEG segments that carry no picture: EXIF and XMP (APP1), IPTC (APP13), comments.
_JPEG_DROP = {0xE1, 0xED, 0xFE}
_PNG_DROP = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}
_WEBP_DROP = {b"EXIF", b"XMP "}


class _Broken(ValueError):
    pass


def _jpeg(data: bytes) -> bytes:
    out = bytearray(data[:2])
    i = 2
    while True:
        if i + 4 > len(data) or data[i] != 0xFF:
            raise _Broken
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[i : i + 2]
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        end = i + 2 + length
        if length < 2 or end > len(data):
            raise _Broken
        if marker == 0xDA:  # start of scan: the picture itself follows, kept as it is
            return bytes(out + data[i:])
        if marker not in _JPEG_DROP:
            out += data[i:end]
        i = end


def _png(data: bytes) -> bytes:
    out = bytearray(data[:8])
    i, first = 8, True
    while True:
        if i + 12 > len(data):
            raise _Broken
        (length,) = struct.unpack(">I", data[i : i + 4])
        tag = data[i + 4 : i + 8]
        end = i + 12 + length
        if end > len(data) or (first and tag != b"IHDR"):
            raise _Broken
        if zlib.crc32(data[i + 4 : end - 4]) & 0xFFFFFFFF != struct.unpack(">I", data[end - 4 : end])[0]:
            raise _Broken
        if tag not in _PNG_DROP:
            out += data[i:end]
        if tag == b"IEND":
            return bytes(out)
        i, first = end, False


def _webp(data: bytes) -> bytes:
    body = bytearray()
    i = 12
    while i < len(data):
        if i + 8 > len(data):
            raise _Broken
        tag = data[i : i + 4]
        (length,) = struct.unpack("<I", data[i + 4 : i + 8])
        end = i + 8 + length + (length & 1)
        if end > len(data) + (length & 1):
            raise _Broken
        chunk = bytearray(data[i:end])
        if tag == b"VP8X" and length >= 1:
            chunk[8] &= ~0x0C & 0xFF  # no EXIF, no XMP any more
        if tag not in _WEBP_DROP:
            body += chunk
        i = end
    if not body:
        raise _Broken
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + bytes(body)


_STRIP = {"image/jpeg": _jpeg, "image/png": _png, "image/webp": _webp}


def strip_metadata(data: bytes, content_type: str) -> bytes:
    """The image without what the camera wrote beside it; a broken file is refused."""
    try:
        return _STRIP[content_type](data)
    except (_Broken, struct.error):
        raise InvalidInput(
            _("The file is damaged or is not really an image."), code="image_damaged", field="file"
        ) from None


# ---- serving --------------------------------------------------------------------------------


def image_response(data: bytes, content_type: str, *, name: str, max_age: int = 300) -> HttpResponse:
    """An image for a reader the caller has checked: shown inline, never sniffed as anything
    else, never run, kept only in the reader's own cache (for `max_age` seconds; with 0 the
    browser asks again each time, so a changed restriction or a removal applies at once).
    `name` is the file name's stem. Opened on its own, the browser's image view may style
    itself, nothing more."""
    ext = next((e for _m, t, e in (*_SIGNATURES, (b"", "image/webp", "webp")) if t == content_type), "bin")
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = f"private, max-age={max_age}" if max_age else "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{name}.{ext}"'
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
