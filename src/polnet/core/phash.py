"""The perceptual hash of an image: 64 bits that stay nearly the same when the picture is
resized, recompressed or slightly retouched (imagehash's pHash, a DCT of the 32x32 greyscale
image). Two photos of one object are a few bits apart; unrelated images about 32.

The hash is kept as a signed 64-bit integer, as a database's bigint holds it; the screening
engine compares the unsigned value (`unsigned`).
"""

from __future__ import annotations

import io
import warnings

import imagehash
from django.utils.translation import gettext_lazy as _
from PIL import Image

from polnet.core.errors import InvalidInput
from polnet.core.images import checked_type

_BITS = 64


def signed(value: int) -> int:
    """An unsigned 64-bit value as the database's signed bigint."""
    return value - (1 << _BITS) if value >= 1 << (_BITS - 1) else value


def unsigned(value: int) -> int:
    return value & ((1 << _BITS) - 1)


def perceptual_hash(data: bytes) -> int:
    """The pHash of an accepted image (JPEG, PNG or WebP, within the size limit), signed."""
    checked_type(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                img.draft("L", (256, 256))  # a JPEG is decoded small: the hash needs 32x32
                bits = imagehash.phash(img.convert("L"))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidInput(_("The image could not be read."), code="image_unreadable", field="file") from None
    return signed(int(str(bits), 16))
