"""The demo's public works of art: a few stolen works of each demo bureau put on the public list
(`/artworks/public/`), each with a photo, so the list has something to show and a check by
photo finds one (docs/feeds.md, "The demo").

Called by `polnet demo` every time; a bureau whose works already carry photos is left as it is.
The photos are drawn with Pillow: simple, distinct pictures (bands, rings, checks and bars in
colours of their own), so their perceptual hashes differ. Photos and the public flag go through
the records' own services, as the owner bureau's officer would add them.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw
from rich.console import Console

from polnet.network.actors import actor_for
from polnet.network.models import Country, User
from polnet.records import photos, services
from polnet.records.models import Artwork, RecordPhoto

PER_BUREAU = 3
SIZE = 256


def picture(n: int) -> bytes:
    """The n-th demo picture, a PNG: a pattern and colours of its own."""
    rng = random.Random(f"polnet-demo-artwork:{n}")
    image = Image.new("RGB", (SIZE, SIZE), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    ink = tuple(rng.randrange(256) for _ in range(3))
    step = 16 + 8 * (n % 4)
    pattern = n % 4
    for i in range(0, SIZE, step):
        if pattern == 0:  # horizontal bands
            draw.rectangle((0, i, SIZE, i + step // 2), fill=ink)
        elif pattern == 1:  # rings
            draw.ellipse((i // 2, i // 2, SIZE - i // 2, SIZE - i // 2), outline=ink, width=step // 3)
        elif pattern == 2:  # checks
            for j in range(0, SIZE, step):
                if (i // step + j // step) % 2:
                    draw.rectangle((i, j, i + step, j + step), fill=ink)
        else:  # a diagonal fan
            draw.line((0, i, SIZE - i, SIZE), fill=ink, width=step // 3)
    draw.rectangle((rng.randrange(SIZE // 2),) * 2 + (SIZE - 20, SIZE - 40), outline=(0, 0, 0), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed_demo_artworks(console: Console) -> None:
    members = list(Country.objects.filter(is_member=True).order_by("code").values_list("code", flat=True))[:3]
    n = 0
    for code in members:
        officer = User.objects.filter(username=f"{code.lower()}-officer").first()
        if officer is None:
            console.print("No demo network yet: public works of art not seeded.")
            return
        works = Artwork.objects.filter(owner_country_id=code, state="active").order_by("pk")
        shown = set(RecordPhoto.objects.filter(kind="artwork").values_list("record_id", flat=True))
        if any(w.pk in shown for w in works[:PER_BUREAU]):
            n += PER_BUREAU
            continue
        actor = actor_for(officer, origin="demo")
        for work in works[:PER_BUREAU]:
            photos.add_photo(actor, "artwork", work.pk, picture(n), caption=work.title[:100])
            version = Artwork.objects.get(pk=work.pk).version
            services.update_record(actor, "artwork", work.pk, {"version": version, "public": True})
            n += 1
        console.print(f"Works of art of {code} on the public list, with photos.")
    console.print(f"Public works of art with photos: {n} (/artworks/public/).")
