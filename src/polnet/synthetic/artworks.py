"""Stolen works of art and cultural property.

Objects carry no personal data beyond an artist's name.  Each object type
comes with the materials and periods that fit it, so a description never
pairs a Roman coin with oil on canvas.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from polnet.synthetic.countries import country
from polnet.synthetic.names import draw, full_name, spell, style
from polnet.synthetic.rows import SynthArtwork


@dataclass(frozen=True, slots=True)
class ObjectType:
    category: str
    title: str  # may contain {who}, {thing}, {place}, {n}
    materials: tuple[str, ...]
    periods: tuple[str, ...]
    has_artist: bool


# category|title|materials (comma-separated)|periods (semicolon-separated)|named artist?
_TYPES = """
painting|Portrait of a {who}|oil on canvas, oil on panel|16th century; 17th century; c. 1650; 18th century|y
painting|Landscape with {thing}|oil on canvas, watercolour on paper|17th century; 19th century; c. 1890|y
painting|Still Life with {thing}|oil on canvas, oil on panel|17th century; 18th century; early 20th century|y
painting|Madonna and Child|tempera on panel, oil on panel|15th century; 16th century|y
painting|View of {place}|oil on canvas, gouache on paper|18th century; 19th century; 1920s|y
painting|Composition No. {n}|oil on canvas, acrylic on canvas|1920s; 1960s; 1980s|y
sculpture|Bust of a {who}|marble, bronze|Renaissance; 18th century; 19th century|y
sculpture|Standing Figure|bronze, carved wood|c. 1900; 20th century|y
sculpture|Angel|carved wood, alabaster|Baroque; 17th century|y
sculpture|Horse and Rider|bronze|19th century; c. 1900|y
icon|Icon of Saint Nicholas|tempera and gold leaf on wood|Russian, 16th century; Greek, 18th century|n
icon|Icon of the Virgin Hodegetria|tempera and gold on wood|Byzantine, 14th century; Cretan school, c. 1600|n
icon|Icon of Saint George|tempera on panel with silver riza|Russian, 19th century; Georgian, 17th century|n
manuscript|Book of Hours|ink, pigments and gold on vellum|c. 1450; 15th century|n
manuscript|Gospel Book|ink and pigments on vellum|Armenian, 13th century; Ethiopian, 17th century|n
manuscript|Qur'an folio|ink and gold on paper|Ottoman, 17th century; Mamluk, 14th century|n
archaeological|Red-figure amphora|terracotta|Attic, 5th century BC|n
archaeological|Funerary stele|limestone, marble|Roman, 2nd century AD; Palmyrene, 3rd century AD|n
archaeological|Bronze figurine of a {who}|bronze|Etruscan, 4th century BC; Hellenistic|n
archaeological|Oil lamp|terracotta|Roman, 1st century AD|n
archaeological|Cylinder seal|haematite, lapis lazuli|Old Babylonian; Neo-Assyrian|n
archaeological|Relief of the Buddha|grey schist|Gandhara, 2nd century AD|n
archaeological|Stirrup-spout vessel|painted terracotta|Pre-Columbian, Moche|n
coin|Silver tetradrachm|silver|Athens, 5th century BC|n
coin|Gold aureus|gold|Roman Imperial, 1st century AD|n
coin|Silver denarius|silver|Roman Republic, 2nd century BC|n
coin|Gold solidus|gold|Byzantine, 6th century|n
coin|Silver dirham|silver|Umayyad, 8th century|n
jewellery|Gold fibula|gold|Byzantine; Migration period|n
jewellery|Diamond brooch|platinum and diamonds|Art Deco; Belle Epoque|y
jewellery|Enamelled pendant|gold and enamel|Art Nouveau, c. 1900|y
jewellery|Pearl necklace|pearls and gold|Victorian; 1950s|n
textile|Silk carpet|silk|Safavid, 17th century; Persian, 19th century|n
textile|Tapestry with {thing}|wool and silk|Flemish, 16th century; French, 18th century|n
textile|Embroidered vestment|silk and gold thread|18th century; Russian, 19th century|n
other|Pocket watch|gold and enamel|18th century; 19th century|y
other|Astrolabe|brass|Islamic, 13th century; Italian, 16th century|n
other|Reliquary|gilt copper and enamel|Limoges, 13th century|n
other|Table clock|gilt bronze|French, c. 1780|y
"""

_WEIGHTS = {"painting": 30, "sculpture": 12, "icon": 8, "manuscript": 5, "archaeological": 15}
_WEIGHTS |= {"coin": 12, "jewellery": 8, "textile": 5, "other": 5}
CATEGORIES = tuple(_WEIGHTS)
_WHO = ("young woman", "nobleman", "merchant", "girl", "warrior", "philosopher", "saint")
_THING = ("fruit", "flowers", "a river", "ruins", "windmills", "a hunting party", "sheep")
_FLAT = {"painting", "icon", "manuscript", "textile"}
_FEATURES_FLAT = (
    "signed lower right", "inscription on the reverse", "in a gilded frame",
    "small tear at the lower edge", "old restoration visible", "collection label on the back",
    "cracked varnish", "wax seal on the reverse", "water stain in one corner",
)  # fmt: skip
_FEATURES_OBJECT = (
    "inventory number painted on the base", "minor scratches", "chip to the rim",
    "old repair", "green patina", "engraved initials", "collection label underneath",
    "missing one stone", "wear to the surface",
)  # fmt: skip


def _parse(table: str) -> tuple[ObjectType, ...]:
    out = []
    for line in table.strip().splitlines():
        cat, title, materials, periods, artist = (p.strip() for p in line.split("|"))
        out.append(
            ObjectType(
                cat,
                title,
                tuple(m.strip() for m in materials.split(",")),
                tuple(p.strip() for p in periods.split(";")),
                artist == "y",
            )
        )
    return tuple(out)


OBJECT_TYPES = _parse(_TYPES)
_BY_CATEGORY = {c: tuple(t for t in OBJECT_TYPES if t.category == c) for c in CATEGORIES}


def _dimensions(category: str, rng: random.Random) -> str:
    r = rng.randrange
    if category == "coin":
        return f"diam. {r(14, 40)} mm, {r(20, 180) / 10:.1f} g"
    if category == "jewellery":
        return f"l. {r(2, 45)} cm"
    if category == "manuscript":
        return f"{r(15, 40)} x {r(11, 30)} cm"
    if category == "textile":
        return f"{r(80, 400)} x {r(60, 300)} cm"
    if category in ("painting", "icon"):
        return f"{r(20, 200)} x {r(15, 160)} cm"
    return f"h. {r(4, 120)} cm"


def _artist(code: str, rng: random.Random) -> str:
    st = style(country(code).locales[0][0])
    drawn = draw(st, "U", rng)
    given = spell(drawn.given, [0] * len(drawn.given))
    name = full_name(given, spell(drawn.family, [0] * len(drawn.family)), st.eastern)
    r = rng.random()
    if r < 0.15:
        return f"Workshop of {name}"
    if r < 0.25:
        return f"Circle of {name}"
    return name


def iter_artworks(members: Sequence[str], count: int, seed: int) -> Iterator[SynthArtwork]:
    rng = random.Random(f"polnet-artworks:{seed}")
    cum_country = list(accumulate(country(c).weight for c in members))
    cum_category = list(accumulate(_WEIGHTS.values()))
    for _ in range(count):
        code = members[bisect_right(cum_country, rng.random() * cum_country[-1])]
        category = CATEGORIES[bisect_right(cum_category, rng.random() * cum_category[-1])]
        kind = rng.choice(_BY_CATEGORY[category])
        title = kind.title.format(
            who=rng.choice(_WHO),
            thing=rng.choice(_THING),
            place=rng.choice(country(code).cities),
            n=rng.randrange(1, 40),
        )
        material = rng.choice(kind.materials)
        features = _FEATURES_FLAT if category in _FLAT else _FEATURES_OBJECT
        detail = ", ".join(rng.sample(features, rng.randrange(1, 3)))
        known = kind.has_artist and rng.random() < 0.75
        yield SynthArtwork(
            owner_country=code,
            title=title,
            artist=_artist(code, rng) if known else "Unknown",
            category=category,
            period=rng.choice(kind.periods),
            dimensions=_dimensions(category, rng),
            description=f"{title}, {material}; {detail}.",
        )
