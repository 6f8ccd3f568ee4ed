"""Images of a notice's subject: uploaded by the source, checked by content, served only by views.

The type is read from the file's first bytes, never from its name or the client's header;
files are stored under random names in the data folder and never get a URL of their own.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
import zlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy

from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.images import MAX_IMAGE_BYTES as MAX_IMAGE_BYTES  # the limit is shared
from polnet.core.images import checked_type, image_storage
from polnet.core.images import read_upload as read_upload
from polnet.core.images import sniff as sniff
from polnet.notices import policy
from polnet.notices.history import record_event
from polnet.notices.models import Notice, NoticeImage
from polnet.notices.reading import get_notice, require_read_details
from polnet.notices.states import EDITABLE

MAX_IMAGES = 10


def add_image(
    actor: Actor, pk: int, data: bytes, *, caption: str = "", in_public_extract: bool = True
) -> NoticeImage:
    content_type, ext = checked_type(data)
    stored = ""
    try:
        with transaction.atomic():
            notice = get_notice(actor, pk, for_update=True)
            if not policy.is_source(actor, notice.owner_country_id or ""):
                raise Forbidden(gettext_lazy("Only the source adds images."), code="image_source_only")
            if notice.state not in EDITABLE:
                raise Conflict(
                    gettext_lazy("Images are added while the notice is being written."),
                    code="image_notice_state",
                    field="state",
                )
            if notice.images.count() >= MAX_IMAGES:
                raise InvalidInput(
                    gettext_lazy("A notice has at most 10 images."), code="image_count", field="file"
                )
            image = NoticeImage(
                notice=notice,
                content_type=content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                caption=caption.strip()[:200],
                in_public_extract=in_public_extract,
                uploaded_by_id=actor.user_id,  # type: ignore[misc]  # the source is a person
            )
            image.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(data), save=False)
            stored = image.file.name or ""
            image.save()
            record_event(actor, notice, "image_add", notice.state)
    except BaseException:
        # The row was rolled back: the file goes too. (An enclosing transaction that rolls back
        # later leaves an orphan file, never a row without its file.)
        if stored:
            image_storage().delete(stored)
        raise
    return image


def image_for(actor: Actor, pk: int, image_pk: int) -> tuple[NoticeImage, bytes]:
    """An image of a notice the actor may see in detail."""
    require_read_details(actor)
    notice = get_notice(actor, pk)
    return _load(notice, image_pk)


def _load(notice: Notice, image_pk: int) -> tuple[NoticeImage, bytes]:
    image = notice.images.filter(pk=image_pk).first()
    if image is None:
        raise NotFound(gettext_lazy("No such image."), code="image_not_found")
    with image.file.open("rb") as fh:
        return image, fh.read()


def placeholder_png(width: int = 60, height: int = 75, shade: int = 0) -> bytes:
    """A grey silhouette on a light ground: a stand-in photograph, made without an image library."""
    rows = bytearray()
    cx, cy, r = width // 2, height // 3, width // 5
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            head = (x - cx) ** 2 + (y - cy) ** 2 <= r * r
            shoulders = y > height * 0.62 and abs(x - cx) < (y - height * 0.5) * 0.9 + r
            grey = 90 + shade if head or shoulders else 225
            rows += bytes((grey, grey, min(255, grey + 10)))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )
