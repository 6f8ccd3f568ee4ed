"""A course's files (images, PDF documents, videos): checked by content, stored in the data
folder under their hash, never under a URL of their own; views serve them after the policy.

The type is read from the first bytes, never from the name or the client's header, so a
script cannot pass as a video.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from polnet.core.errors import InvalidInput
from polnet.core.images import sniff as sniff_image
from polnet.training.catalogue.models import Course, Media, MediaKind, Module

MAX_MEDIA_BYTES = 200 * 1024 * 1024  # a training video of some minutes
MAX_OTHER_BYTES = 20 * 1024 * 1024


def media_root() -> Path:
    return Path(settings.DATA_DIR) / "training-media"


def sniff(head: bytes) -> tuple[MediaKind, str] | None:
    """(kind, content type) of an accepted file, from its first 16 bytes."""
    image = sniff_image(head)
    if image is not None:
        return MediaKind.IMAGE, image[0]
    if head.startswith(b"%PDF-"):
        return MediaKind.DOCUMENT, "application/pdf"
    if head[4:8] == b"ftyp":
        return MediaKind.VIDEO, "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return MediaKind.VIDEO, "video/webm"
    return None


def checked(data: bytes) -> tuple[MediaKind, str]:
    if not data:
        raise InvalidInput(_("The file is empty."), code="media_empty", field="file")
    kind = sniff(data[:16])
    if kind is None:
        raise InvalidInput(
            _("Only images (JPEG, PNG, WebP), PDF documents and videos (MP4, WebM) are accepted."),
            code="media_type",
            field="file",
        )
    limit = MAX_MEDIA_BYTES if kind[0] == MediaKind.VIDEO else MAX_OTHER_BYTES
    if len(data) > limit:
        raise InvalidInput(
            _("This file is larger than %(mb)s MB."), code="media_too_large", field="file", mb=limit // 2**20
        )
    return kind


def store(course: Course, *, title: str, file_name: str, data: bytes, module: Module | None = None) -> Media:
    """Check and keep a file of ``course``; the same bytes are stored once."""
    kind, content_type = checked(data)
    digest = hashlib.sha256(data).hexdigest()
    relative = f"{digest[:2]}/{digest}"
    target = media_root() / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)  # a reader never sees half a file
    return Media.objects.create(
        course=course,
        module=module,
        kind=kind,
        title=title.strip()[:200] or file_name[:200],
        file_name=Path(file_name).name[:200] or digest[:12],
        path=relative,
        content_type=content_type,
        size=len(data),
        sha256=digest,
    )


def path_of(media: Media) -> Path:
    return media_root() / media.path


def read(media: Media) -> bytes:
    return path_of(media).read_bytes()
